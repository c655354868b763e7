// Shift_JIS (CP932) output. encoding-japanese maps 〜 (U+301C) and − (U+2212) to
// the CP932 bytes Excel shows as 〜 and −. A character CP932 cannot hold is never
// turned into '?': callers find them first (findUnencodable) and refuse.
import Encoding from 'encoding-japanese';
import { EngineError } from '../core/errors';

const cache = new Map<string, boolean>();

/** Whether one character (code point) can be written in CP932. */
export function encodableCp932(ch: string): boolean {
  if (ch.charCodeAt(0) < 0x80) return true;
  let ok = cache.get(ch);
  if (ok === undefined) {
    try {
      Encoding.convert(Encoding.stringToCode(ch), { to: 'SJIS', from: 'UNICODE', fallback: 'error' });
      ok = true;
    } catch {
      ok = false;
    }
    if (cache.size < 50_000) cache.set(ch, ok);
  }
  return ok;
}

/** The characters of a text CP932 cannot hold (each once, in order). */
export function unencodableChars(text: string): string[] {
  const bad: string[] = [];
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return bad;
  for (const ch of text) if (!encodableCp932(ch) && !bad.includes(ch)) bad.push(ch);
  return bad;
}

/** Encodes to CP932; throws (never writes '?') if a character cannot be represented. */
export function encodeCp932(text: string): Uint8Array {
  const bytes = Encoding.convert(text, { to: 'SJIS', from: 'UNICODE', type: 'arraybuffer', fallback: 'error' }) as unknown as ArrayLike<number>;
  return Uint8Array.from(bytes);
}

export const codePointLabel = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * A small CSV (a batch, a list) about to be written in Shift_JIS: refuse it, naming where,
 * when a cell holds a character CP932 lacks (髙 is fine, 𠮷 is not). `keyColumn`: the
 * column that names a row for staff (受付番号, 抽選申込番号).
 */
export function refuseUnencodable(rows: readonly (readonly unknown[])[], keyColumn: number): void {
  const header = rows[0] ?? [];
  const places: { receiptNo: string; column: string; columnLabel: string; char: string; codePoint: string }[] = [];
  let count = 0;
  rows.forEach((r, i) =>
    r.forEach((v, j) => {
      if (typeof v !== 'string') return;
      for (const ch of unencodableChars(v)) {
        count++;
        if (places.length < 100) places.push({ receiptNo: i === 0 ? '' : String(r[keyColumn]), column: String(j), columnLabel: String(header[j]), char: ch, codePoint: codePointLabel(ch) });
      }
    }),
  );
  if (count > 0) {
    const sample = [...new Set(places.map((p) => `「${p.char}」(${p.codePoint})`))].slice(0, 5).join('、');
    throw new EngineError('export.unencodable', { count, sample, places });
  }
}

/** A CSV download as Excel opens it: UTF-8 with BOM or Shift_JIS, the Japanese file name with an ASCII fallback. */
export function csvDownload(body: string | ReadableStream<Uint8Array>, encoding: 'utf8-bom' | 'cp932', name: string, ascii: string): Response {
  const bytes = typeof body === 'string' ? (encoding === 'cp932' ? (encodeCp932(body) as Uint8Array<ArrayBuffer>) : `\uFEFF${body}`) : body;
  return new Response(bytes, {
    status: 200,
    headers: {
      'content-type': `text/csv; charset=${encoding === 'cp932' ? 'Shift_JIS' : 'utf-8'}`,
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'cache-control': 'no-store',
    },
  });
}
