// Reminders with a fixed clock: sent when due (not before, once), moved with the
// booking, withdrawn when it is cancelled. Bookings go through the HTTP API.
import { beforeEach, describe, expect, it } from 'vitest';
import { deliveriesOf } from '../../engine/notify/deliveries';
import { createNotifier, type Notifier } from '../../engine/notify/worker';
import { captureChannel } from '../helpers/notify';
import { createTestApp, silentLogger } from '../helpers/test-app';
import { answers, notifyBlocks, NOW, slot } from './fixtures/notify-blocks';

// Booking on Mon 2026-12-07 10:00 JST. Offsets: 3 days before 09:00, the day before 09:00, 2 hours before.
const AT_3_DAYS = '2026-12-04T00:00:00Z'; // Fri 09:00 JST
const AT_DAY_BEFORE = '2026-12-06T00:00:00Z'; // Sun 09:00 JST
const AT_2_HOURS = '2026-12-06T23:00:00Z'; // Mon 08:00 JST

let t: Awaited<ReturnType<typeof createTestApp>>;
let email: ReturnType<typeof captureChannel>;
let notifier: Notifier;
beforeEach(async () => {
  t = await createTestApp(notifyBlocks(), { now: NOW });
  email = captureChannel('email');
  notifier = createNotifier({ db: t.db, clock: t.clock, channels: { email }, logger: silentLogger });
});

const book = async (date = '2026-12-07', time = '10:00') => {
  const r = await t.json('POST', '/api/t/test-town/services/pickup/reservations', { resource: 'main', start: slot(date, time), answers: answers('r@example.jp') });
  expect(r.status).toBe(201);
  return r.body as { receiptNo: string; accessKey: string };
};
/** Runs the worker at an instant and returns the subjects sent in that run. */
const runAt = async (iso: string) => {
  t.clock.set(iso);
  const before = email.sent.length;
  await notifier.runOnce();
  return email.sent.slice(before).map((d) => d.subject);
};
const log = async (receiptNo: string) => (await deliveriesOf(t.db, 'test-town', receiptNo)).map((d) => [d.source.split('/')[1], d.status, d.dueAt]);

describe('reminders', () => {
  it('are sent at their time, not a millisecond before, and once', async () => {
    await book();
    expect(await runAt(NOW)).toEqual(['【テスト町】予約を受け付けました（受付番号 1）']);
    expect(await runAt('2026-12-03T23:59:59.999Z')).toEqual([]);
    expect(await runAt(AT_3_DAYS)).toEqual(['3日前']);
    expect(await runAt(AT_3_DAYS)).toEqual([]);
    expect(await runAt(AT_DAY_BEFORE)).toEqual(['前日']);
    expect(await runAt(AT_2_HOURS)).toEqual(['2時間前']);
    expect(email.sent.at(-2)!.text).toBe('2026年12月7日（月）10:00〜10:30 本庁舎窓口');
    // A restarted worker (new notifier, same database) sends nothing again.
    const restarted = createNotifier({ db: t.db, clock: t.clock, channels: { email }, logger: silentLogger });
    t.clock.set('2026-12-08T00:00:00Z');
    expect((await restarted.runOnce()).claimed).toBe(0);
    expect(email.sent).toHaveLength(4);
  });

  it('are not scheduled when their time has already passed at booking', async () => {
    t.clock.set('2026-12-05T00:00:00Z'); // Sat 09:00 JST: "3 days before" (Fri) is gone
    const b = await book();
    expect(await log(b.receiptNo)).toEqual([
      ['confirmed', 'pending', '2026-12-05T09:00:00+09:00'],
      ['day-before', 'pending', '2026-12-06T09:00:00+09:00'],
      ['two-hours', 'pending', '2026-12-07T08:00:00+09:00'],
    ]);
  });

  it('move with the booking: pending ones are withdrawn and scheduled again from the new slot', async () => {
    const b = await book();
    await runAt(AT_3_DAYS); // confirmation + "3 days before" of the old date
    t.clock.set('2026-12-04T12:00:00Z'); // Fri 21:00 JST
    const moved = await t.json('PATCH', `/api/t/test-town/reservations/${b.receiptNo}`, { resource: 'branch', start: slot('2026-12-09', '11:00') }, { 'x-access-key': b.accessKey });
    expect(moved.status).toBe(200);
    expect(await log(b.receiptNo)).toEqual([
      ['confirmed', 'sent', '2026-12-01T09:00:00+09:00'],
      ['three-days', 'sent', '2026-12-04T09:00:00+09:00'],
      ['day-before', 'withdrawn', '2026-12-06T09:00:00+09:00'],
      ['two-hours', 'withdrawn', '2026-12-07T08:00:00+09:00'],
      ['changed', 'pending', '2026-12-04T21:00:00+09:00'],
      // Wed 12-09 11:00: 3 days before is Sun 12-06 09:00, still ahead, so it goes again for the new date.
      ['three-days', 'pending', '2026-12-06T09:00:00+09:00'],
      ['day-before', 'pending', '2026-12-08T09:00:00+09:00'],
      ['two-hours', 'pending', '2026-12-09T09:00:00+09:00'],
    ]);
    expect((await deliveriesOf(t.db, 'test-town', b.receiptNo))[2].reasonText).toContain('変更');
    expect(await runAt('2026-12-04T12:00:00Z')).toEqual(['予約の変更']);
    expect(email.sent.at(-1)!.text).toBe('2026年12月7日（月）10:00〜10:30 → 2026年12月9日（水）11:00〜11:30');
    expect(await runAt(AT_DAY_BEFORE)).toEqual(['3日前']); // the old "day before" is not sent
    expect(email.sent.at(-1)!.text).toBe('2026年12月9日（水）11:00〜11:30 駅前出張所');
    expect(await runAt(AT_2_HOURS)).toEqual([]);
    expect(await runAt('2026-12-08T00:00:00Z')).toEqual(['前日']);
    expect(await runAt('2026-12-09T00:00:00Z')).toEqual(['2時間前']);
  });

  it('are withdrawn when the booking is cancelled', async () => {
    const b = await book();
    await runAt(NOW);
    t.clock.set('2026-12-02T00:00:00Z');
    const cancelled = await t.json('DELETE', `/api/t/test-town/reservations/${b.receiptNo}`, undefined, { 'x-access-key': b.accessKey });
    expect(cancelled.status).toBe(200);
    expect(await runAt('2026-12-02T00:00:00Z')).toEqual(['予約の取消']);
    for (const at of [AT_3_DAYS, AT_DAY_BEFORE, AT_2_HOURS]) expect(await runAt(at)).toEqual([]);
    const entries = await deliveriesOf(t.db, 'test-town', b.receiptNo);
    expect(entries.filter((d) => d.event === 'booking.reminder').map((d) => [d.status, d.reasonText])).toEqual([
      ['withdrawn', '予約が取り消されたため取り下げました。'],
      ['withdrawn', '予約が取り消されたため取り下げました。'],
      ['withdrawn', '予約が取り消されたため取り下げました。'],
    ]);
  });

  it('are dropped, not sent, when the worker only gets to them after the booking started', async () => {
    const b = await book();
    expect(await runAt('2026-12-07T01:00:00Z')).toEqual(['【テスト町】予約を受け付けました（受付番号 1）']);
    expect((await log(b.receiptNo)).filter(([, status]) => status === 'withdrawn')).toHaveLength(3);
    expect((await deliveriesOf(t.db, 'test-town', b.receiptNo))[1].reason).toBe('notification.too_late');
  });
});
