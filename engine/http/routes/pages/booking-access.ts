// Who may see or change a booking from a page: the holder of its receipt number
// and access key, or the logged-in member it belongs to. Failed look-ups count
// against the same limiter as the JSON API (per client address), and "no such
// booking" and "wrong key" are one answer.
import type { CompiledService } from '../../../../blocks/service/block';
import { findBookingFor, type BookingAuth } from '../../../booking/find';
import type { BookingRow } from '../../../booking/view';
import { EngineError } from '../../../core/errors';
import type { Page } from './context';
import { field, type Body } from './form-flow';

export interface Holder {
  receiptNo: string;
  /** Set when the resident proved it with the access key (carried on the next screens). */
  accessKey?: string;
}

export function holderOf(p: Page, body: Body): Holder {
  const receiptNo = field(body, 'receiptNo').normalize('NFKC').trim();
  const accessKey = field(body, 'accessKey').normalize('NFKC').trim();
  return accessKey || !p.member ? { receiptNo, accessKey } : { receiptNo };
}

export function authOf(p: Page, h: Holder): BookingAuth {
  return h.accessKey !== undefined ? { kind: 'access-key', key: h.accessKey } : p.member ? { kind: 'member', memberId: p.member.id } : { kind: 'access-key', key: undefined };
}

/** Runs a look-up under the failure limiter (HTTP 429 with Retry-After once a client has failed too often); `notFound` is the code that counts as a failure. */
export async function guarded<T>(p: Page, run: () => T | Promise<T>, notFound = 'reservation.not_found'): Promise<T> {
  const { limiter } = p.c.get('deps');
  const key = `${p.slug}|${p.ip}`;
  const now = p.now.getTime();
  if (await limiter.blocked(key, now)) {
    p.c.header('Retry-After', String(await limiter.retryAfter(key, now)));
    throw new EngineError('http.rate_limited');
  }
  try {
    return await run();
  } catch (e) {
    if (e instanceof EngineError && e.code === notFound) await limiter.fail(key, now);
    throw e;
  }
}

export async function findHeld(p: Page, h: Holder): Promise<{ row: BookingRow; service: CompiledService | undefined }> {
  const row = await guarded(p, () => findBookingFor(p.c.get('deps').db, p.slug, h.receiptNo, authOf(p, h)));
  return { row, service: p.published.tenant.get('service', row.serviceId) };
}

/** Hidden inputs that carry the holder to the next screen. */
export function holderHidden(h: Holder): Record<string, string> {
  return h.accessKey !== undefined ? { receiptNo: h.receiptNo, accessKey: h.accessKey } : { receiptNo: h.receiptNo };
}
