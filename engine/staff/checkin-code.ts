// The check-in QR code: a token naming the tenant, the receipt number and the use date,
// signed (HMAC-SHA256, 128 bits kept) with the tenant's own key (engine/core/secrets.ts).
// No personal data: a lost screenshot says nothing about its holder, and a code cannot
// be made up or moved to another booking.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db';
import type { Tx } from '../audit';
import { tenantSecret } from '../core/secrets';

const VERSION = 'MR1';
const PURPOSE = 'checkin-qr';

const sign = (secret: string, body: string) => createHmac('sha256', secret).update(`${VERSION}.${body}`).digest().subarray(0, 16);

export async function checkinCode(db: Db | Tx, tenant: string, booking: { receiptNo: string; slotDate: string }, now: number): Promise<string> {
  const body = Buffer.from(JSON.stringify([tenant, booking.receiptNo, booking.slotDate])).toString('base64url');
  return `${VERSION}.${body}.${sign(await tenantSecret(db, tenant, PURPOSE, now), body).toString('base64url')}`;
}

/** The booking a code names, or undefined for anything not signed by this tenant. */
export async function readCheckinCode(db: Db | Tx, tenant: string, code: string, now: number): Promise<{ receiptNo: string; slotDate: string } | undefined> {
  const m = /^MR1\.([A-Za-z0-9_-]{1,200})\.([A-Za-z0-9_-]{22})$/.exec(code.trim());
  if (!m) return undefined;
  // Compared as text: base64url's last character carries unused bits, and a code with
  // those altered decodes to the same bytes; only the one canonical spelling is valid.
  const expected = Buffer.from(sign(await tenantSecret(db, tenant, PURPOSE, now), m[1]).toString('base64url'));
  const given = Buffer.from(m[2]);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const [t, receiptNo, slotDate] = JSON.parse(Buffer.from(m[1], 'base64url').toString('utf8')) as unknown[];
    if (t !== tenant || typeof receiptNo !== 'string' || typeof slotDate !== 'string') return undefined;
    return { receiptNo, slotDate };
  } catch {
    return undefined;
  }
}
