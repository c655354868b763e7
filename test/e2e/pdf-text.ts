// The text of a PDF Chromium printed (page.pdf), for tests that check what a printed
// document says: Flate content streams read operator by operator, each font's
// ToUnicode map, and the ActualText Chromium writes where a glyph maps to a
// compatibility character. Enough for Chromium's own output, not a PDF library.
import { inflateSync } from 'node:zlib';

export interface PdfInfo {
  pages: number;
  title: string;
  text: string;
}

export function readPdf(pdf: Buffer): PdfInfo {
  const raw = pdf.toString('latin1');
  const streams = new Map<string, string>();
  const dicts = new Map<string, string>();
  for (const m of raw.matchAll(/(\d+) 0 obj\s*(<<[\s\S]*?>>)\s*(stream\r?\n)?/g)) {
    dicts.set(m[1], m[2]);
    if (!m[3]) continue;
    const start = m.index! + m[0].length;
    const end = raw.indexOf('endstream', start);
    try {
      streams.set(m[1], inflateSync(pdf.subarray(start, end)).toString('latin1'));
    } catch {
      // not Flate-compressed (font programs, images)
    }
  }
  const utf16 = (hex: string) => String.fromCodePoint(...(hex.match(/.{4}/g) ?? []).map((x) => parseInt(x, 16)));
  // Font resource name → (code → text), through the font's ToUnicode stream.
  const cmaps = new Map<string, { width: number; map: Map<string, string> }>();
  for (const m of raw.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
    if (cmaps.has(m[1])) continue;
    const tu = /\/ToUnicode (\d+) 0 R/.exec(dicts.get(m[2]) ?? '')?.[1];
    const cmap = tu ? streams.get(tu) : undefined;
    if (!cmap) continue;
    const map = new Map<string, string>();
    for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) for (const x of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(x[1].toUpperCase(), utf16(x[2]));
    for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const x of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
        const lo = parseInt(x[1], 16);
        for (let c = lo; c <= parseInt(x[2], 16); c++) map.set(c.toString(16).toUpperCase().padStart(x[1].length, '0'), String.fromCodePoint(parseInt(x[3], 16) + c - lo));
      }
    }
    const width = /begincodespacerange\s*<([0-9A-Fa-f]+)>/.exec(cmap)?.[1].length ?? 2;
    cmaps.set(m[1], { width, map });
  }
  let text = '';
  for (const s of streams.values()) {
    if (!s.includes(' Tf')) continue;
    let font: { width: number; map: Map<string, string> } | undefined;
    let actual: string | undefined;
    const ops = /\/(F\d+) [\d.]+ Tf|\/ActualText <([0-9A-Fa-f]+)>|(EMC)|(BT|ET)|<([0-9A-Fa-f]*)> ?Tj|\[([^\]]*)\] ?TJ/g;
    for (const m of s.matchAll(ops)) {
      if (m[1]) font = cmaps.get(m[1]);
      else if (m[2]) actual = utf16(m[2].replace(/^FEFF/i, ''));
      else if (m[3]) {
        if (actual !== undefined) text += actual;
        actual = undefined;
      } else if (m[4]) text += m[4] === 'ET' ? '\n' : '';
      else if (actual === undefined && font) {
        const hex = (m[5] ?? [...(m[6] ?? '').matchAll(/<([0-9A-Fa-f]+)>/g)].map((x) => x[1]).join('')).toUpperCase();
        for (let i = 0; i < hex.length; i += font.width) text += font.map.get(hex.slice(i, i + font.width)) ?? '';
      }
    }
  }
  const titleHex = /\/Title <FEFF([0-9A-Fa-f]*)>/.exec(raw)?.[1];
  return {
    pages: (raw.match(/\/Type\s*\/Page\b/g) ?? []).length,
    title: titleHex ? utf16(titleHex) : (/\/Title \(([^)]*)\)/.exec(raw)?.[1] ?? ''),
    // Chromium maps some kanji to their Kangxi radical forms; NFKC folds them back.
    text: text.normalize('NFKC'),
  };
}
