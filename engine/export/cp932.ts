// Shift_JIS (CP932) output. encoding-japanese maps 〜 (U+301C) and − (U+2212) to
// the CP932 bytes Excel shows as 〜 and −. A character CP932 cannot hold is never
// turned into '?': callers find them first (findUnencodable) and refuse.
import Encoding from 'encoding-japanese';

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
