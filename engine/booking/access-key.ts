// アクセスキー: shown once to an anonymous resident, stored only as a hash.
// 12 characters from a 56-letter alphabet without look-alikes (0/O, 1/l/I) ≈ 69.7 bits.
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
export const ACCESS_KEY_LENGTH = 12;
export const ACCESS_KEY_BITS = ACCESS_KEY_LENGTH * Math.log2(ALPHABET.length);

export function generateAccessKey(): string {
  let s = '';
  for (let i = 0; i < ACCESS_KEY_LENGTH; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

/** The key has enough entropy that a plain SHA-256 resists offline guessing. */
export function hashAccessKey(key: string): string {
  return createHash('sha256').update(`access-key:${key}`).digest('hex');
}

// Compared even when the receipt number does not exist, so timing does not tell.
const DUMMY_HASH = hashAccessKey('dummy-key-never-issued');

export function accessKeyMatches(given: string | undefined, storedHash: string | null | undefined): boolean {
  const a = Buffer.from(hashAccessKey(given ?? ''), 'hex');
  const b = Buffer.from(storedHash ?? DUMMY_HASH, 'hex');
  return timingSafeEqual(a, b) && !!storedHash && !!given;
}
