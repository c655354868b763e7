// AES-256-GCM sealing of small texts under a key derived (HKDF) from a secret the
// database does not hold: the idempotency key of a retried booking, or the
// browser's cookie secret of a page snapshot.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

export const deriveKey = (secret: string, purpose: string): Buffer => Buffer.from(hkdfSync('sha256', secret, purpose, 'response', 32));

export function sealText(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  const enc = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), enc]).toString('base64');
}

/** The text, or throws when the key is wrong or the data was altered. */
export function unsealText(key: Buffer, sealed: string): string {
  const buf = Buffer.from(sealed, 'base64');
  const d = createDecipheriv('aes-256-gcm', key, buf.subarray(0, 12));
  d.setAuthTag(buf.subarray(12, 28));
  return Buffer.concat([d.update(buf.subarray(28)), d.final()]).toString('utf8');
}
