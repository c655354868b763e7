// アクセスキー: shown once to an anonymous resident, stored only as a hash.
// Staff read it aloud over the phone, so: upper case only, no look-alikes
// (0/O, 1/I/L), 15 characters from 31 letters ≈ 74.3 bits, shown in groups of
// five (`K7QMX-3XPD9-RTA4W`). Input is matched regardless of case, width,
// hyphens and spaces.
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const ACCESS_KEY_LENGTH = 15;
const GROUP = 5;
export const ACCESS_KEY_BITS = ACCESS_KEY_LENGTH * Math.log2(ALPHABET.length);

/** A new key in its display form, e.g. `K7QMX-3XPD9-RTA4W`. */
export function generateAccessKey(): string {
  let s = '';
  for (let i = 0; i < ACCESS_KEY_LENGTH; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return formatAccessKey(s);
}

export function formatAccessKey(canonical: string): string {
  const parts: string[] = [];
  for (let i = 0; i < canonical.length; i += GROUP) parts.push(canonical.slice(i, i + GROUP));
  return parts.join('-');
}

// Width (NFKC), separators of any kind (hyphens, dashes, 長音符, spaces) dropped.
function stripped(input: string): string {
  return input.normalize('NFKC').replace(/[^0-9A-Za-z]/g, '');
}

/** What is hashed: upper case, no separators. */
export function canonicalAccessKey(input: string): string {
  return stripped(input).toUpperCase();
}

/** The key has enough entropy that a plain SHA-256 resists offline guessing. */
export function hashAccessKey(key: string): string {
  return rawHash(canonicalAccessKey(key));
}

function rawHash(s: string): string {
  return createHash('sha256').update(`access-key:${s}`).digest('hex');
}

// Compared even when the receipt number does not exist, so timing does not tell.
const DUMMY_HASH = hashAccessKey('dummy-key-never-issued');

/**
 * Keys issued before the new alphabet were 12 mixed-case letters hashed as typed;
 * they still match when typed exactly (case kept, only width and separators
 * normalised, which their alphabet never contained). Both hashes are always compared.
 */
export function accessKeyMatches(given: string | undefined, storedHash: string | null | undefined): boolean {
  const stored = Buffer.from(storedHash ?? DUMMY_HASH, 'hex');
  const current = Buffer.from(hashAccessKey(given ?? ''), 'hex');
  const legacy = Buffer.from(rawHash(stripped(given ?? '')), 'hex');
  const a = stored.length === current.length && timingSafeEqual(current, stored);
  const b = stored.length === legacy.length && timingSafeEqual(legacy, stored);
  return (a || b) && !!storedHash && !!given && stripped(given).length > 0;
}
