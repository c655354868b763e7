// What should exist (a passcode per active booking on a place with a keypad, valid from the
// notice time to the end of the booking) reconciled with what does: rows in lock_passcodes
// move to-create → creating → on-device, or to-revoke → revoked, one device call at a time,
// retried with backoff while a hub is offline. A passcode is sent to the resident once it is
// on the device and its notice time has come; one cancelled before that is never sent.
import { randomInt } from 'node:crypto';
import { writeAudit } from '../../engine/audit';
import { ADMITTED } from '../../engine/booking/status';
import type { PublishedTenant } from '../../engine/config/tenant';
import { tenantTimezone } from '../../engine/config/tenant';
import type { Clock } from '../../engine/core/clock';
import { deriveKey, sealText, unsealText } from '../../engine/core/seal';
import { tenantSecret } from '../../engine/core/secrets';
import { sqlAll, sqlGet, sqlRun, transaction, type Db } from '../../engine/db';
import { emitBookingEvent } from '../../engine/notify/booking-events';
import { localDateTimeJa } from '../../engine/notify/format';
import { addDays, epochToLocal, localIso } from '../../engine/schedule/time';
import type { CompiledLock } from './block';
import { switchBotFromEnv, type SwitchBotClient } from './switchbot';

type Deps = { db: Db; clock: Clock };
type LockState = 'to-create' | 'creating' | 'on-device' | 'to-revoke' | 'revoked';

export interface PasscodeRow {
  id: number;
  bookingId: number;
  receiptNo: string;
  lockId: string;
  deviceId: string;
  name: string;
  passcodeSealed: string;
  validFrom: number;
  validUntil: number;
  noticeAt: number;
  state: LockState;
  commandId: string | null;
  keyId: string | null;
  attempts: number;
  nextTryAt: number;
  lastError: string | null;
  sentAt: number | null;
  createdAt: number;
}

const COLUMNS = `p.id, p.booking_id AS "bookingId", b.receipt_no AS "receiptNo", p.lock_id AS "lockId", p.device_id AS "deviceId", p.name, p.passcode_sealed AS "passcodeSealed",
  p.valid_from AS "validFrom", p.valid_until AS "validUntil", p.notice_at AS "noticeAt", p.state, p.command_id AS "commandId", p.key_id AS "keyId", p.attempts,
  p.next_try_at AS "nextTryAt", p.last_error AS "lastError", p.sent_at AS "sentAt", p.created_at AS "createdAt"`;

/** A created key missing from the device this long after the command is asked for again. */
const CREATE_GIVE_UP_MS = 30 * 60_000;
const MAX_BACKOFF_MS = 15 * 60_000;
const backoff = (attempts: number) => Math.min(MAX_BACKOFF_MS, 60_000 * 2 ** Math.max(0, attempts - 1));

const passcodeKey = async (db: Db, tenant: string, now: number) => deriveKey(await tenantSecret(db, tenant, 'lock-passcode', now), 'lock-passcode');

/**
 * The window of a booking's passcode: from the notice time (noticeMinutes before the start) to
 * the end; a booking of 12 hours or more is all-day: notice at allDayNotice the day before,
 * valid until 24:00 of its last day.
 */
export function passcodeWindow(lock: CompiledLock, slot: { slotStart: number; slotEnd: number }, tz: string): { validFrom: number; validUntil: number; noticeAt: number } {
  if (slot.slotEnd - slot.slotStart >= 12 * 3_600_000) {
    const first = epochToLocal(slot.slotStart, tz).date;
    const last = epochToLocal(slot.slotEnd - 1, tz).date;
    const noticeAt = Date.parse(localIso(addDays(first, -1), lock.allDayNotice, tz));
    return { noticeAt, validFrom: noticeAt, validUntil: Date.parse(localIso(addDays(last, 1), '00:00', tz)) };
  }
  const noticeAt = slot.slotStart - lock.noticeMinutes * 60_000;
  return { noticeAt, validFrom: noticeAt, validUntil: slot.slotEnd };
}

async function audit(db: Db, tenant: string, at: number, receiptNo: string, action: string, details: Record<string, unknown>): Promise<void> {
  await writeAudit(db, { tenant, at, actor: { type: 'system' }, action, target: { type: 'booking', id: receiptNo }, details });
}

async function setState(db: Db, id: number, state: LockState, fields: Partial<Record<'commandId' | 'keyId' | 'lastError', string | null>> & { attempts?: number; nextTryAt?: number }, now: number): Promise<void> {
  await sqlRun(
    db,
    `UPDATE lock_passcodes SET state = ?, command_id = COALESCE(?, command_id), key_id = COALESCE(?, key_id), last_error = ?,
       attempts = COALESCE(?, attempts), next_try_at = COALESCE(?, next_try_at), updated_at = ? WHERE id = ?`,
    [state, fields.commandId ?? null, fields.keyId ?? null, fields.lastError ?? null, fields.attempts ?? null, fields.nextTryAt ?? null, now, id],
  );
}

/** Makes a passcode row for a booking now (the job does this by itself; staff may ask for it at once). */
export async function createPasscodeRow(deps: Deps, published: PublishedTenant, lock: CompiledLock, booking: { id: number; receiptNo: string; resourceId: string; slotStart: number; slotEnd: number }, manual = false): Promise<number> {
  const { db } = deps;
  const now = deps.clock.now().getTime();
  const tenant = published.tenant.slug;
  const device = lock.devices.find((d) => d.resource === booking.resourceId)!;
  const w = passcodeWindow(lock, booking, tenantTimezone(published));
  const passcode = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const sealed = sealText(await passcodeKey(db, tenant, now), passcode);
  const id = Number(
    (await sqlGet<{ id: number }>(
      db,
      `INSERT INTO lock_passcodes (tenant_slug, booking_id, lock_id, device_id, name, passcode_sealed, valid_from, valid_until, notice_at, state, attempts, next_try_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, '', ?, ?, ?, ?, 'to-create', 0, ?, ?, ?) RETURNING id`,
      [tenant, booking.id, lock.id, device.deviceId, sealed, w.validFrom, w.validUntil, w.noticeAt, now, now, now],
    ))!.id,
  );
  // Unique on the device, as SwitchBot requires, and telling staff which booking it is.
  await sqlRun(db, 'UPDATE lock_passcodes SET name = ? WHERE id = ?', [`R${booking.receiptNo}-${id}`, id]);
  await audit(db, tenant, now, booking.receiptNo, 'lock.planned', { device: device.title, manual, validFrom: w.validFrom, validUntil: w.validUntil });
  return id;
}

function liveRows(db: Db, tenant: string, lockId: string): Promise<PasscodeRow[]> {
  return sqlAll<PasscodeRow>(db, `SELECT ${COLUMNS} FROM lock_passcodes p JOIN bookings b ON b.id = p.booking_id WHERE p.tenant_slug = ? AND p.lock_id = ? AND p.state != 'revoked'`, [tenant, lockId]);
}

/** The bookings that should have a passcode: admitted, not yet over, on a place with a keypad. */
async function wanted(db: Db, tenant: string, lock: CompiledLock, now: number) {
  const rows = await sqlAll<{ id: number; receiptNo: string; resourceId: string; slotStart: number; slotEnd: number }>(
    db,
    'SELECT id, receipt_no AS "receiptNo", resource_id AS "resourceId", slot_start AS "slotStart", slot_end AS "slotEnd" FROM bookings WHERE tenant_slug = ? AND service_id = ? AND status = ? AND slot_end > ?',
    [tenant, lock.service, ADMITTED, now],
  );
  const places = new Set(lock.devices.map((d) => d.resource));
  return rows.filter((r) => places.has(r.resourceId));
}

/** Plans rows from the bookings (new, changed, cancelled), then works the due ones on the devices and sends what is due. */
export async function reconcileLocks(deps: Deps, published: PublishedTenant, client: SwitchBotClient | undefined = switchBotFromEnv(process.env, published.tenant.slug)): Promise<void> {
  const { db } = deps;
  const tenant = published.tenant.slug;
  const tz = tenantTimezone(published);
  for (const lock of published.tenant.list('lock')) {
    const now = deps.clock.now().getTime();
    const live = await liveRows(db, tenant, lock.id);
    const byBooking = new Map<number, PasscodeRow>();
    for (const r of live) if (r.state !== 'to-revoke') byBooking.set(r.bookingId, r);
    const keep = new Set<number>();
    for (const b of await wanted(db, tenant, lock, now)) {
      const device = lock.devices.find((d) => d.resource === b.resourceId)!;
      const w = passcodeWindow(lock, b, tz);
      const cur = byBooking.get(b.id);
      if (cur && cur.deviceId === device.deviceId && cur.validFrom === w.validFrom && cur.validUntil === w.validUntil) {
        keep.add(cur.id);
        continue;
      }
      await transaction(db, async (tx) => {
        const txDeps = { db: tx, clock: deps.clock };
        if (cur) await revoke(tx, tenant, cur, 'changed', now);
        keep.add(await createPasscodeRow(txDeps, published, lock, { ...b }));
      });
    }
    // A live row whose booking is no longer wanted: cancelled, moved away or over.
    for (const r of live) {
      if (keep.has(r.id) || r.state === 'to-revoke') continue;
      const over = r.validUntil <= now;
      if (over) {
        // Expired on the device by itself: nothing to delete.
        await setState(db, r.id, 'revoked', { lastError: null }, now);
        continue;
      }
      await revoke(db, tenant, r, 'cancelled', now);
    }
    if (!client) continue;
    for (const r of (await liveRows(db, tenant, lock.id)).filter((x) => x.nextTryAt <= now && x.state !== 'on-device')) await work(deps, tenant, client, r);
    await sendDue(deps, published, lock);
  }
}

/** Revocation: a row never sent to the device is simply dropped; one that may be there is deleted from it. */
async function revoke(db: Db, tenant: string, r: PasscodeRow, why: 'changed' | 'cancelled', now: number): Promise<void> {
  if (r.state === 'to-create') {
    await setState(db, r.id, 'revoked', { lastError: null }, now);
    await audit(db, tenant, now, r.receiptNo, 'lock.revoked', { name: r.name, why, onDevice: false });
    return;
  }
  await setState(db, r.id, 'to-revoke', { attempts: 0, nextTryAt: now, lastError: null }, now);
  await audit(db, tenant, now, r.receiptNo, 'lock.revoking', { name: r.name, why });
}

async function work(deps: Deps, tenant: string, client: SwitchBotClient, r: PasscodeRow) {
  const { db } = deps;
  const retryLater = async (reason: string, retry: boolean): Promise<void> => {
    const now = deps.clock.now().getTime();
    const attempts = r.attempts + 1;
    await setState(db, r.id, r.state, { lastError: reason, attempts, nextTryAt: retry ? now + backoff(attempts) : now + MAX_BACKOFF_MS }, now);
    if (attempts === 1 || attempts % 10 === 0) await audit(db, tenant, now, r.receiptNo, 'lock.retrying', { name: r.name, step: r.state, reason, attempts });
  };
  if (r.state === 'to-create') {
    const password = unsealText(await passcodeKey(db, tenant, deps.clock.now().getTime()), r.passcodeSealed);
    const res = await client.createKey(r.deviceId, { name: r.name, password, startTime: Math.floor(r.validFrom / 1000), endTime: Math.floor(r.validUntil / 1000) });
    if (!res.ok) return retryLater(res.reason, res.retry);
    const now = deps.clock.now().getTime();
    await setState(db, r.id, 'creating', { commandId: res.value.commandId, attempts: 0, nextTryAt: now, lastError: null }, now);
    await audit(db, tenant, now, r.receiptNo, 'lock.requested', { name: r.name, commandId: res.value.commandId });
    return;
  }
  // creating and to-revoke both need the key as the device lists it.
  const keys = await client.listKeys(r.deviceId);
  if (!keys.ok) return retryLater(keys.reason, keys.retry);
  const key = keys.value.find((k) => k.name === r.name);
  const now = deps.clock.now().getTime();
  if (r.state === 'creating') {
    if (key) {
      await setState(db, r.id, 'on-device', { keyId: key.id, attempts: 0, lastError: null }, now);
      await audit(db, tenant, now, r.receiptNo, 'lock.registered', { name: r.name });
    } else if (now - r.createdAt > CREATE_GIVE_UP_MS && r.attempts >= 5) {
      // The command was lost (hub offline past its timeout): ask again under the same name.
      await setState(db, r.id, 'to-create', { attempts: 0, nextTryAt: now, lastError: 'not on the device after the command' }, now);
    } else await retryLater('not on the device yet', true);
    return;
  }
  if (!key) {
    await setState(db, r.id, 'revoked', { lastError: null }, now);
    await audit(db, tenant, now, r.receiptNo, 'lock.revoked', { name: r.name, onDevice: false });
    return;
  }
  const del = await client.deleteKey(r.deviceId, key.id);
  if (!del.ok) return retryLater(del.reason, del.retry);
  await setState(db, r.id, 'revoked', { lastError: null }, deps.clock.now().getTime());
  await audit(db, tenant, deps.clock.now().getTime(), r.receiptNo, 'lock.revoked', { name: r.name, onDevice: true });
}

/** Passcodes on their device whose notice time has come go to the resident, once. */
async function sendDue(deps: Deps, published: PublishedTenant, lock: CompiledLock): Promise<void> {
  const { db } = deps;
  const tenant = published.tenant.slug;
  const now = deps.clock.now().getTime();
  const tz = tenantTimezone(published);
  const due = await sqlAll<PasscodeRow>(
    db,
    `SELECT ${COLUMNS} FROM lock_passcodes p JOIN bookings b ON b.id = p.booking_id WHERE p.tenant_slug = ? AND p.lock_id = ? AND p.state = 'on-device' AND p.sent_at IS NULL AND p.notice_at <= ? AND b.status = ?`,
    [tenant, lock.id, now, ADMITTED],
  );
  for (const r of due) {
    const device = lock.devices.find((d) => d.deviceId === r.deviceId);
    await transaction(db, async (tx) => {
      const passcode = unsealText(await passcodeKey(tx, tenant, now), r.passcodeSealed);
      await emitBookingEvent(tx, deps, published, 'lock.passcode', r.bookingId, {
        vars: { lock: { validFrom: localDateTimeJa(r.validFrom, tz), validUntil: localDateTimeJa(r.validUntil, tz), place: device?.title ?? '' } },
        secretVars: { lock: { passcode } },
      });
      await sqlRun(tx, 'UPDATE lock_passcodes SET sent_at = ?, updated_at = ? WHERE id = ?', [now, now, r.id]);
      await writeAudit(tx, { tenant, at: now, actor: { type: 'system' }, action: 'lock.sent', target: { type: 'booking', id: r.receiptNo }, details: { name: r.name } });
    });
  }
}

/** The passcode a resident may be told now for a booking (on its device, notice time come), for other channels (LINE talk). */
export async function passcodeDue(db: Db, published: PublishedTenant, bookingId: number, now: number): Promise<{ passcode: string; validFrom: number; validUntil: number } | undefined> {
  const r = await sqlGet<PasscodeRow>(
    db,
    `SELECT ${COLUMNS} FROM lock_passcodes p JOIN bookings b ON b.id = p.booking_id WHERE p.booking_id = ? AND p.tenant_slug = ? AND p.state = 'on-device' AND p.notice_at <= ? AND p.valid_until > ? ORDER BY p.id DESC LIMIT 1`,
    [bookingId, published.tenant.slug, now, now],
  );
  if (!r) return undefined;
  return { passcode: unsealText(await passcodeKey(db, published.tenant.slug, now), r.passcodeSealed), validFrom: r.validFrom, validUntil: r.validUntil };
}

/** A booking's passcode rows for the console (never the passcode itself in a list). */
export async function passcodesOf(db: Db, tenant: string, bookingId: number): Promise<Omit<PasscodeRow, 'passcodeSealed'>[]> {
  return (await sqlAll<PasscodeRow>(db, `SELECT ${COLUMNS} FROM lock_passcodes p JOIN bookings b ON b.id = p.booking_id WHERE p.booking_id = ? AND p.tenant_slug = ? ORDER BY p.id`, [bookingId, tenant])).map(
    ({ passcodeSealed: _omit, ...rest }) => rest,
  );
}
