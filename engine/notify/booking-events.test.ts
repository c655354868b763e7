import { describe, expect, it } from 'vitest';
import { registry } from '../../blocks';
import { createTestApp } from '../../test/helpers/test-app';
import { answers, notifyBlocks, NOW, slot } from '../../test/integration/fixtures/notify-blocks';
import { cancelBooking } from '../booking/cancel';
import { loadTenantBlocks } from '../config/load-tenant';
import { publishVersion } from '../config/versions';
import { sqlGet, transaction } from '../db';
import { emitBookingEvent } from './booking-events';
import { deliveriesOf } from './deliveries';

async function booked() {
  const t = await createTestApp(notifyBlocks(), { now: NOW });
  const r = await t.json('POST', '/api/t/test-town/services/pickup/reservations', { resource: 'main', start: slot('2026-12-03', '10:00'), answers: answers('a@example.jp') });
  return { t, receiptNo: r.body.receiptNo as string };
}

describe('emitBookingEvent', () => {
  it('writes nothing when its transaction rolls back', async () => {
    const { t } = await booked();
    const count = async () => (await sqlGet<{ n: number }>(t.db, 'SELECT COUNT(*) AS n FROM notification_outbox'))!.n;
    const before = await count();
    await expect(
      transaction(t.db, async (tx) => {
        expect((await emitBookingEvent(tx, { clock: t.clock }, t.published, 'booking.cancelled', 1)).length).toBe(1);
        throw new Error('the use case fails after emitting');
      }),
    ).rejects.toThrow('the use case fails');
    expect(await count()).toBe(before);
  });

  it('records a message it cannot render as failed, and the use case still commits', async () => {
    const { t, receiptNo } = await booked();
    // booking.changed templates read previous.*, which only changeBooking supplies.
    await transaction(t.db, (tx) => emitBookingEvent(tx, { clock: t.clock }, t.published, 'booking.changed', 1));
    const failed = (await deliveriesOf(t.db, 'test-town', receiptNo)).find((d) => d.event === 'booking.changed')!;
    expect(failed).toMatchObject({ status: 'failed', recipient: null, reasonText: '通知の文面を作成できませんでした。' });
    expect(failed.reason).toMatch(/^notification\.render_failed: "datetime" not defined/);
  });

  it('still notifies a cancellation after the service was removed from the configuration', async () => {
    const { t, receiptNo } = await booked();
    const blocks = notifyBlocks().map((b) => (b.kind === 'service' ? { ...b, id: 'other' } : b));
    const loaded = loadTenantBlocks('test-town', blocks, registry);
    expect(loaded.issues).toEqual([]);
    const v2 = await publishVersion(t.db, loaded.tenant!, { source: 'folder', clock: t.clock });
    await cancelBooking({ db: t.db, clock: t.clock }, { published: { versionId: v2.id, seq: v2.seq, tenant: loaded.tenant! }, receiptNo, auth: { kind: 'staff' }, actor: { type: 'staff', id: 's' } });
    const cancelled = (await deliveriesOf(t.db, 'test-town', receiptNo)).find((d) => d.event === 'booking.cancelled')!;
    expect(cancelled).toMatchObject({ status: 'pending', recipient: 'a@example.jp', text: `受付番号 ${receiptNo} を取り消しました。` });
  });
});
