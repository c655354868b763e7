import { eq } from 'drizzle-orm';
import { afterAll, expect, it } from 'vitest';
import { closeDb, openDb, sqlRun } from '../db';
import { bookings } from '../db/schema';
import { bookingById, insertBooking } from './counters';

const db = openDb(':memory:');
afterAll(() => closeDb(db));

it('bookingById (raw SQL) reads the same typed row as drizzle’s select, on either database', async () => {
  await sqlRun(db, "INSERT INTO tenants (slug, current_version_id, created_at, updated_at) VALUES ('t', NULL, 1, 1)");
  await sqlRun(db, "INSERT INTO tenant_versions (id, tenant_slug, seq, source, content_hash, blocks_json, created_at) VALUES ('v1', 't', 1, 'folder', '', '[]', 1)");
  const base = {
    tenantSlug: 't', serviceId: 's', calendarId: 'c', resourceId: 'r', slotStart: 1_900_000_000_000, slotEnd: 1_900_000_900_000, slotDate: '2030-03-17',
    slotStartLocal: '10:00', status: 'confirmed' as const, answersJson: '{"name":"山田"}', channel: 'web' as const, versionId: 'v1', createdAt: 5, updatedAt: 6,
  };
  const held = await insertBooking(db, { ...base, receiptNo: '1', emailKey: 'a@example.jp', deadlineAt: 1_900_000_000_001, seats: 2 });
  const released = await insertBooking(db, { ...base, receiptNo: '2', holdsCapacity: false, status: 'unverified' });
  for (const id of [held, released]) {
    const [viaDrizzle] = await db.select().from(bookings).where(eq(bookings.id, id));
    expect(await bookingById(db, id)).toStrictEqual(viaDrizzle);
  }
  expect((await bookingById(db, released))!.holdsCapacity).toBe(false);
  expect(await bookingById(db, 999_999)).toBeUndefined();
});
