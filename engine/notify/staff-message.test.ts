import { describe, expect, it } from 'vitest';
import { registry } from '../../blocks';
import { createTestApp, silentLogger } from '../../test/helpers/test-app';
import { captureChannel } from '../../test/helpers/notify';
import { answers, notifyBlocks, NOW, slot } from '../../test/integration/fixtures/notify-blocks';
import { bookSlot } from '../booking/book';
import { loadTenantBlocks } from '../config/load-tenant';
import { EngineError } from '../core/errors';
import { dialectOf, sqlAll, sqlGet, sqliteClient, transaction } from '../db';
import { deliveriesOf } from './deliveries';
import { emitMemberEvent } from './member-events';
import { sendStaffMessage } from './staff-message';
import { createNotifier } from './worker';

const LINE_USER = 'U0123456789abcdef0123456789abcdef';

async function setup(blocks = notifyBlocks()) {
  const t = await createTestApp(blocks, { now: NOW });
  const r = await t.json('POST', '/api/t/test-town/services/pickup/reservations', { resource: 'main', start: slot('2026-12-03', '10:00'), answers: answers('r@example.jp') });
  return { t, receiptNo: r.body.receiptNo as string };
}
const audit = (t: Awaited<ReturnType<typeof createTestApp>>) => sqlAll<{ action: string; actor_id: string | null; details_json: string }>(t.db, 'SELECT action, actor_id, details_json FROM audit_log ORDER BY id');

describe('staff message (seed 004)', () => {
  it('queues the message for the resident and audits it, in one transaction', async () => {
    const { t, receiptNo } = await setup();
    const out = await sendStaffMessage({ db: t.db, clock: t.clock }, { published: t.published, receiptNo, staffId: 'staff-7', subject: '窓口変更のお知らせ', body: '当日は2番窓口へお越しください。<本人確認書類>' });
    expect(out.deliveries).toEqual([expect.objectContaining({ channel: 'email', status: 'pending' })]);
    const [last] = (await audit(t)).slice(-1);
    expect(last).toMatchObject({ action: 'notification.staff_message', actor_id: 'staff-7' });
    expect(last.details_json).not.toContain('2番窓口'); // references only in the audit log
    const email = captureChannel('email');
    await createNotifier({ db: t.db, clock: t.clock, channels: { email }, logger: silentLogger }).runOnce();
    const sent = email.sent.find((d) => d.event === 'staff.message')!;
    expect(sent.subject).toBe('窓口変更のお知らせ');
    expect(sent.text).toBe('髙橋 一郎 様\n当日は2番窓口へお越しください。<本人確認書類>');
    expect(sent.html).toContain('&lt;本人確認書類&gt;');
    // The delivery log of the booking shows both messages.
    expect((await deliveriesOf(t.db, 'test-town', receiptNo)).filter((d) => d.status === 'sent').map((d) => d.event)).toEqual(['booking.confirmed', 'staff.message']);
  });

  it('goes by LINE to a member with a LINE link', async () => {
    const t = await createTestApp(notifyBlocks(), { now: NOW });
    const recipients = { lineUserIdOf: (_tx: unknown, _t: string, id: string) => (id === 'm-1' ? LINE_USER : undefined) };
    const b = (
      await bookSlot(
        { db: t.db, clock: t.clock, recipients },
        { published: t.published, serviceId: 'pickup', resource: 'main', start: slot('2026-12-03', '10:00'), answers: answers('m@example.jp'), actor: { type: 'member', id: 'm-1' }, memberId: 'm-1', channel: 'web' },
      )
    ).body;
    const out = await sendStaffMessage({ db: t.db, clock: t.clock, recipients }, { published: t.published, receiptNo: b.receiptNo, staffId: 's', subject: '件名', body: '本文' });
    expect(out.deliveries.map((d) => d.channel)).toEqual(['line']);
    expect((await deliveriesOf(t.db, 'test-town', b.receiptNo)).at(-1)).toMatchObject({ channel: 'line', recipient: LINE_USER, event: 'staff.message' });
  });

  it('refuses empty or too long text and unknown bookings, writing nothing', async () => {
    const { t, receiptNo } = await setup();
    const before = (await audit(t)).length;
    const send = (subject: string, body: string, no = receiptNo) => () => sendStaffMessage({ db: t.db, clock: t.clock }, { published: t.published, receiptNo: no, staffId: 's', subject, body });
    try {
      await send(' ', 'x'.repeat(2001))();
      expect.unreachable();
    } catch (e) {
      expect((e as EngineError).code).toBe('input.invalid');
      expect((e as EngineError).issues!.map((i) => [i.path, i.code])).toEqual([['/subject', 'schema.min_length'], ['/body', 'schema.max_length']]);
    }
    await expect(send('a', 'b', '999')()).rejects.toThrow(expect.objectContaining({ code: 'reservation.not_found' }));
    expect((await audit(t)).length).toBe(before);
  });

  it('fails when the tenant configured no staff message, and rolls back', async () => {
    const blocks = notifyBlocks();
    const n = blocks.find((b) => b.kind === 'notification') as { messages: { event: string }[] };
    n.messages = n.messages.filter((m) => m.event !== 'staff.message');
    const { t, receiptNo } = await setup(blocks);
    const rows = async () => (await sqlGet<{ n: number }>(t.db, 'SELECT COUNT(*) AS n FROM notification_outbox'))!.n;
    const before = [await rows(), (await audit(t)).length];
    await expect(sendStaffMessage({ db: t.db, clock: t.clock }, { published: t.published, receiptNo, staffId: 's', subject: 'a', body: 'b' })).rejects.toThrow(
      expect.objectContaining({ code: 'notification.not_configured' }),
    );
    expect([await rows(), (await audit(t)).length]).toEqual(before);
  });
});

describe('member events', () => {
  it('send the password-reset link and keep it out of the database once sent', async () => {
    const blocks = [
      ...notifyBlocks(),
      { kind: 'notification', id: 'members', title: '会員', messages: [{ id: 'reset', event: 'member.password_reset', channels: ['line', 'email'], subject: '再設定', body: '{{member.name}} 様\n{{reset.url}}\n{{reset.expiresAt}}まで' }] },
    ];
    const t = await createTestApp(blocks, { now: NOW });
    expect(loadTenantBlocks('x', blocks, registry).issues).toEqual([]);
    const url = 'https://yoyaku.example.jp/reset?token=Zx9-secret-token';
    const out = await transaction(t.db, (tx) =>
      emitMemberEvent(tx, { clock: t.clock }, t.published, 'member.password_reset', { id: 'm-9', name: '佐藤 花子', email: 'hanako@example.jp' }, { resetUrl: url, resetExpiresAt: Date.parse('2026-12-01T01:00:00Z') }),
    );
    expect(out.map((d) => [d.channel, d.status])).toEqual([['email', 'pending']]);
    const email = captureChannel('email');
    await createNotifier({ db: t.db, clock: t.clock, channels: { email }, logger: silentLogger }).runOnce();
    expect(email.sent[0]).toMatchObject({ recipient: 'hanako@example.jp', text: `佐藤 花子 様\n${url}\n2026/12/1 10:00:00まで` });
    if (dialectOf(t.db) === 'sqlite') expect(sqliteClient(t.db).serialize().includes(Buffer.from('Zx9-secret-token'))).toBe(false);
  });
});
