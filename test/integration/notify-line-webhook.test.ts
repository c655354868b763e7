// LINE and webhook channels against local servers that check what the real
// ones require: the LINE push request shape and retry key, the webhook HMAC.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { bookSlot } from '../../engine/booking/book';
import { createChannelsFromEnv } from '../../engine/notify/channels';
import { createLineChannel } from '../../engine/notify/channels/line';
import { createSmtpChannel } from '../../engine/notify/channels/smtp';
import type { Channel } from '../../engine/notify/channels/types';
import { createWebhookChannel } from '../../engine/notify/channels/webhook';
import { deliveriesOf } from '../../engine/notify/deliveries';
import type { RecipientResolver } from '../../engine/notify/recipients';
import { createNotifier } from '../../engine/notify/worker';
import { startHttpRecorder, startSmtpServer, type HttpRecorder, type RecordedRequest } from '../helpers/notify';
import { createTestApp, silentLogger } from '../helpers/test-app';
import { answers, notifyBlocks, NOW, slot } from './fixtures/notify-blocks';
import { sqlAll, sqlGet } from '../../engine/db';

const TOKEN = 'test-channel-access-token';
const LINE_USER = 'U0123456789abcdef0123456789abcdef';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const resolver: RecipientResolver = { lineUserIdOf: (_tx, _tenant, memberId) => (memberId === 'm-1' ? LINE_USER : undefined) };

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

/**
 * A LINE platform stand-in: checks the documented request of POST /v2/bot/message/push
 * (Bearer token, JSON { to, messages: [{ type: 'text', text }] }, X-Line-Retry-Key a UUID)
 * and, like LINE, runs a retry key once and answers 409 to a repeat of an accepted request.
 */
async function startLine(opts: { failFirst?: number } = {}) {
  const accepted = new Map<string, string>();
  let failures = opts.failFirst ?? 0;
  const problems: string[] = [];
  const server = await startHttpRecorder((r: RecordedRequest, res) => {
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', 'x-line-request-id': `req-${server.requests.length}`, ...headers });
      res.end(JSON.stringify(body));
    };
    const why: string[] = [];
    if (r.method !== 'POST' || r.path !== '/v2/bot/message/push') why.push(`bad endpoint ${r.method} ${r.path}`);
    if (r.headers.authorization !== `Bearer ${TOKEN}`) why.push('bad authorization');
    if (!String(r.headers['content-type']).startsWith('application/json')) why.push('bad content-type');
    const key = String(r.headers['x-line-retry-key'] ?? '');
    if (!UUID.test(key)) why.push('X-Line-Retry-Key is not a UUID');
    let body: any;
    try {
      body = JSON.parse(r.rawBody);
    } catch {
      why.push('body is not JSON');
    }
    const m = body?.messages;
    if (typeof body?.to !== 'string' || !/^U[0-9a-f]{32}$/.test(body.to)) why.push('bad to');
    if (!Array.isArray(m) || m.length < 1 || m.length > 5 || m.some((x: any) => x.type !== 'text' || typeof x.text !== 'string' || x.text.length > 5000)) why.push('bad messages');
    if (Object.keys(body ?? {}).some((k) => !['to', 'messages', 'notificationDisabled', 'customAggregationUnits'].includes(k))) why.push('unknown property');
    if (why.length) {
      problems.push(...why);
      return reply(400, { message: why.join('; ') });
    }
    if (accepted.has(key)) return reply(409, { message: 'The retry key is already accepted' }, { 'x-line-accepted-request-id': accepted.get(key)! });
    if (failures > 0) {
      failures--;
      return reply(500, { message: 'Internal error' });
    }
    accepted.set(key, `req-${server.requests.length}`);
    return reply(200, { sentMessages: [{ id: '1', quoteToken: 'q' }] });
  });
  closers.push(server.close);
  return { server, accepted, problems, channel: createLineChannel({ channelAccessToken: TOKEN, baseUrl: server.url }) };
}

async function memberBooking(t: Awaited<ReturnType<typeof createTestApp>>, memberId: string, email?: string, time = '10:00', recipients = resolver) {
  const r = await bookSlot(
    { db: t.db, clock: t.clock, recipients },
    { published: t.published, serviceId: 'pickup', resource: 'main', start: slot('2026-12-03', time), answers: answers(email, `090${time.replace(':', '')}0000`), actor: { type: 'member', id: memberId }, memberId, channel: 'web' },
  );
  return r.body;
}

describe('LINE', () => {
  it('pushes to the linked LINE user in the documented request shape', async () => {
    const line = await startLine();
    const t = await createTestApp(notifyBlocks(), { now: NOW });
    const b = await memberBooking(t, 'm-1', 'member@example.jp');
    const s = await createNotifier({ db: t.db, clock: t.clock, channels: { line: line.channel }, logger: silentLogger }).runOnce();
    expect(s).toMatchObject({ sent: 1, failed: 0 });
    expect(line.problems).toEqual([]);
    const [req] = line.server.requests;
    const body = JSON.parse(req.rawBody);
    expect(body.to).toBe(LINE_USER);
    expect(body.messages[0].text).toContain(`受付番号: ${b.receiptNo}`);
    expect(body.messages[0].text).not.toContain('アクセスキー'); // a member booking has none
    const [row] = await deliveriesOf(t.db, 'test-town', b.receiptNo);
    expect(row).toMatchObject({ channel: 'line', recipient: LINE_USER, status: 'sent' });
    expect(req.headers['x-line-retry-key']).toBe(row.deliveryKey);
  });

  it('falls back to email when the resident has no LINE link', async () => {
    const line = await startLine();
    const smtp = await startSmtpServer();
    closers.push(smtp.close);
    const t = await createTestApp(notifyBlocks(), { now: NOW });
    const b = await memberBooking(t, 'm-2', 'unlinked@example.jp');
    const email = createSmtpChannel({ url: smtp.url, from: 'town@example.jp' });
    expect(await createNotifier({ db: t.db, clock: t.clock, channels: { line: line.channel, email }, logger: silentLogger }).runOnce()).toMatchObject({ sent: 1 });
    expect(line.server.requests).toHaveLength(0);
    expect(smtp.mails.map((m) => m.to)).toEqual([['unlinked@example.jp']]);
    expect(smtp.mails[0].text).toContain(`受付番号: ${b.receiptNo}`);
  });

  it('keeps the same X-Line-Retry-Key across retries, and a retry after a lost answer sends nothing twice', async () => {
    const line = await startLine({ failFirst: 1 });
    const t = await createTestApp(notifyBlocks(), { now: NOW });
    await memberBooking(t, 'm-1');
    const notifier = createNotifier({ db: t.db, clock: t.clock, channels: { line: line.channel }, logger: silentLogger });
    expect(await notifier.runOnce()).toMatchObject({ retried: 1 });
    t.clock.advance(30_000);
    expect(await notifier.runOnce()).toMatchObject({ sent: 1 });

    // Crash after LINE accepted the push but before we recorded it: the worker dies mid-send.
    await memberBooking(t, 'm-1', undefined, '11:00');
    let hung!: () => void;
    const reached = new Promise<void>((r) => (hung = r));
    const crashing: Channel = {
      name: 'line',
      async send(d) {
        await line.channel.send(d);
        hung();
        return new Promise(() => {});
      },
    };
    void createNotifier({ db: t.db, clock: t.clock, channels: { line: crashing }, logger: silentLogger }).runOnce();
    await reached;
    t.clock.advance(120_000); // the lease runs out; a new worker picks the row up
    expect(await createNotifier({ db: t.db, clock: t.clock, channels: { line: line.channel }, logger: silentLogger }).runOnce()).toMatchObject({ sent: 1 });

    const keys = line.server.requests.map((r) => r.headers['x-line-retry-key']);
    expect(keys).toHaveLength(4); // 500, 200, 200 (answer lost), 409
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).toBe(keys[3]);
    expect(keys[1]).not.toBe(keys[2]);
    expect(line.accepted.size).toBe(2); // two bookings, two messages: nothing delivered twice
    const rows = (await sqlAll<{ status: string; attempts: number; provider_ref: string }>(t.db, `SELECT status, attempts, provider_ref FROM notification_outbox WHERE event = 'booking.confirmed' ORDER BY id`));
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([['sent', 2], ['sent', 2]]);
    expect(rows[1].provider_ref).toContain('409 accepted earlier');
  });

  it('does not retry what LINE refuses for good', async () => {
    const line = await startLine();
    const t = await createTestApp(notifyBlocks(), { now: NOW });
    await memberBooking(t, 'm-1', undefined, '10:00', { lineUserIdOf: () => 'not-a-line-user-id' });
    expect(await createNotifier({ db: t.db, clock: t.clock, channels: { line: line.channel }, logger: silentLogger }).runOnce()).toMatchObject({ failed: 1 });
    const row = (await sqlGet<{ status: string; last_error: string }>(t.db, `SELECT status, last_error FROM notification_outbox WHERE event = 'booking.confirmed'`))!;
    expect(row.status).toBe('failed');
    expect(row.last_error).toContain('HTTP 400');
  });
});

describe('webhook', () => {
  const SECRET = 'whsec-test-0123456789';
  /** The receivers below listen on loopback, which only an operator's allow-list opens. */
  const LOCAL = new Set(['127.0.0.1']);

  /** A receiver that verifies the signature over the raw body and drops repeats of a delivery key. */
  async function startReceiver() {
    const processed = new Map<string, unknown>();
    const server = await startHttpRecorder((r, res) => {
      const expected = `sha256=${createHmac('sha256', SECRET).update(r.rawBody).digest('hex')}`;
      const given = String(r.headers['x-muni-signature-256'] ?? '');
      if (given.length !== expected.length || !timingSafeEqual(Buffer.from(given), Buffer.from(expected))) {
        res.writeHead(401).end();
        return;
      }
      const key = String(r.headers['x-muni-delivery']);
      if (!processed.has(key)) processed.set(key, JSON.parse(r.rawBody));
      res.writeHead(204).end();
    });
    closers.push(server.close);
    return { server, processed };
  }

  it('POSTs signed JSON without secrets or answers, in addition to the resident channel', async () => {
    const rx = await startReceiver();
    const t = await createTestApp(notifyBlocks({ webhookUrl: `${'http://127.0.0.1'}:${new URL(rx.server.url).port}/hooks/booking`, channels: ['email', 'webhook'] }), { now: NOW });
    const r = await t.json('POST', '/api/t/test-town/services/pickup/reservations', { resource: 'main', start: slot('2026-12-03', '10:00'), answers: answers() });
    const { channels } = createChannelsFromEnv({ WEBHOOK_SECRET_TEST_TOWN: SECRET, WEBHOOK_ALLOW_HOSTS: '127.0.0.1' });
    const s = await createNotifier({ db: t.db, clock: t.clock, channels, logger: silentLogger }).runOnce();
    expect(s).toMatchObject({ sent: 1 });
    const [req] = rx.server.requests;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/hooks/booking');
    expect(req.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(req.headers['x-muni-event']).toBe('booking.confirmed');
    const payload = JSON.parse(req.rawBody);
    expect(payload).toMatchObject({
      event: 'booking.confirmed',
      tenant: 'test-town',
      deliveryKey: req.headers['x-muni-delivery'],
      data: { receiptNo: r.body.receiptNo, service: 'pickup', resource: 'main', start: '2026-12-03T10:00:00+09:00', status: 'confirmed' },
    });
    expect(payload.message.text).toContain(`受付番号: ${r.body.receiptNo}`);
    expect(req.rawBody).not.toContain(r.body.accessKey);
    expect(payload.message.text).toContain('アクセスキー: ********');
    expect(req.rawBody).not.toContain('09012345678'); // answers are not in the payload's data
    // The resident had no email address: that part is recorded as skipped.
    expect((await deliveriesOf(t.db, 'test-town', r.body.receiptNo)).filter((d) => d.event === 'booking.confirmed').map((d) => [d.channel, d.status])).toEqual([
      ['email', 'skipped'],
      ['webhook', 'sent'],
    ]);
  });

  it('is refused with a wrong secret (the receiver really checks) and retried; a repeat after a crash is dropped by delivery key', async () => {
    const rx = await startReceiver();
    const t = await createTestApp(notifyBlocks({ webhookUrl: `${rx.server.url}/hook`, channels: ['webhook'] }), { now: NOW });
    await t.json('POST', '/api/t/test-town/services/pickup/reservations', { resource: 'main', start: slot('2026-12-03', '10:00'), answers: answers() });
    const wrong = createWebhookChannel({ secret: () => 'wrong-secret', allowHosts: LOCAL });
    expect(await createNotifier({ db: t.db, clock: t.clock, channels: { webhook: wrong }, logger: silentLogger }).runOnce()).toMatchObject({ failed: 1 });
    expect((await sqlGet<{ last_error: string }>(t.db, `SELECT last_error FROM notification_outbox WHERE channel = 'webhook'`))!.last_error).toBe('webhook: HTTP 401');

    await t.json('POST', '/api/t/test-town/services/pickup/reservations', { resource: 'main', start: slot('2026-12-03', '10:30'), answers: answers(undefined, '0311112222') });
    const right = createWebhookChannel({ secret: (name) => (name === 'WEBHOOK_SECRET_TEST_TOWN' ? SECRET : undefined), allowHosts: LOCAL });
    let hung!: () => void;
    const reached = new Promise<void>((r) => (hung = r));
    const crashing: Channel = { name: 'webhook', unavailable: right.unavailable, send: async (d) => (await right.send(d), hung(), new Promise(() => {})) };
    void createNotifier({ db: t.db, clock: t.clock, channels: { webhook: crashing }, logger: silentLogger }).runOnce();
    await reached;
    t.clock.advance(120_000);
    expect(await createNotifier({ db: t.db, clock: t.clock, channels: { webhook: right }, logger: silentLogger }).runOnce()).toMatchObject({ sent: 1 });
    const deliveries = rx.server.requests.filter((r) => r.headers['x-muni-signature-256'] !== undefined).map((r) => r.headers['x-muni-delivery']);
    expect(deliveries).toHaveLength(3); // refused, sent (answer lost), sent again
    expect(deliveries[1]).toBe(deliveries[2]);
    expect(rx.processed.size).toBe(1);
  });

  it('holds a webhook whose secret is not configured, with the reason', async () => {
    const rx = await startReceiver();
    const t = await createTestApp(notifyBlocks({ webhookUrl: `${rx.server.url}/hook`, channels: ['webhook'] }), { now: NOW });
    const r = await t.json('POST', '/api/t/test-town/services/pickup/reservations', { resource: 'main', start: slot('2026-12-03', '10:00'), answers: answers() });
    const { channels } = createChannelsFromEnv({ WEBHOOK_SECRET: 'a secret under another name', SMTP_URL: 'smtp://x' });
    expect(channels.email).toBeUndefined(); // MAIL_FROM missing: not configured
    expect(await createNotifier({ db: t.db, clock: t.clock, channels, logger: silentLogger }).runOnce()).toMatchObject({ held: 1, claimed: 0 });
    const [d] = await deliveriesOf(t.db, 'test-town', r.body.receiptNo);
    expect(d).toMatchObject({ channel: 'webhook', status: 'held' });
    expect(d.reason).toBe('notification.channel_not_configured: WEBHOOK_SECRET_TEST_TOWN is not set');
    expect(rx.server.requests).toHaveLength(0);
  });

  it('refuses a loopback target without the allow-list: nothing reaches the server, the row fails with a reason', async () => {
    const rx = await startReceiver();
    const t = await createTestApp(notifyBlocks({ webhookUrl: `${rx.server.url}/hook`, channels: ['webhook'] }), { now: NOW });
    const r = await t.json('POST', '/api/t/test-town/services/pickup/reservations', { resource: 'main', start: slot('2026-12-03', '10:00'), answers: answers() });
    const { channels } = createChannelsFromEnv({ WEBHOOK_SECRET_TEST_TOWN: SECRET });
    expect(await createNotifier({ db: t.db, clock: t.clock, channels, logger: silentLogger }).runOnce()).toMatchObject({ failed: 1, sent: 0 });
    expect(rx.server.requests).toHaveLength(0);
    const [d] = await deliveriesOf(t.db, 'test-town', r.body.receiptNo);
    expect(d).toMatchObject({ channel: 'webhook', status: 'failed' });
    expect(d.reason).toContain('refused: the target resolves to a loopback address');
    expect(d.reason).not.toContain('127.0.0.1'); // the tenant administrator reads this: no addresses
  });

  it('refuses a name that resolves to a private address, and connects to the address it checked', async () => {
    const rx = await startReceiver();
    const port = new URL(rx.server.url).port;
    const t = await createTestApp(notifyBlocks({ webhookUrl: `http://hooks.example.invalid:${port}/hook`, channels: ['webhook'] }), { now: NOW });
    await t.json('POST', '/api/t/test-town/services/pickup/reservations', { resource: 'main', start: slot('2026-12-03', '10:00'), answers: answers() });
    // A DNS answer with one public and one private address: refused as a whole.
    const mixed = createWebhookChannel({ secret: () => SECRET, resolve: async () => [{ address: '203.0.113.7', family: 4 }, { address: '::ffff:10.0.0.1', family: 6 }] });
    expect(await createNotifier({ db: t.db, clock: t.clock, channels: { webhook: mixed }, logger: silentLogger }).runOnce()).toMatchObject({ failed: 1 });
    expect((await sqlGet<{ last_error: string }>(t.db, `SELECT last_error FROM notification_outbox WHERE channel = 'webhook'`))!.last_error).toContain('private address');

    // Allowed by name: the first answer is checked and used; the later (rebinding) answers are never asked for,
    // and the name itself does not resolve in real DNS (.invalid), so the request can only arrive through the pinned address.
    await t.json('POST', '/api/t/test-town/services/pickup/reservations', { resource: 'main', start: slot('2026-12-03', '10:30'), answers: answers(undefined, '0311112222') });
    const answersGiven: string[] = [];
    const rebinding = async () => {
      const address = answersGiven.length === 0 ? '127.0.0.1' : '10.0.0.1';
      answersGiven.push(address);
      return [{ address, family: 4 as const }];
    };
    const allowed = createWebhookChannel({ secret: () => SECRET, allowHosts: new Set(['hooks.example.invalid']), resolve: rebinding });
    expect(await createNotifier({ db: t.db, clock: t.clock, channels: { webhook: allowed }, logger: silentLogger }).runOnce()).toMatchObject({ sent: 1 });
    expect(answersGiven).toEqual(['127.0.0.1']);
    expect(rx.server.requests).toHaveLength(1);
    expect(rx.server.requests[0].headers.host).toBe(`hooks.example.invalid:${port}`);
    expect(rx.processed.size).toBe(1); // signed correctly
  });

  it("refuses at send time a secret of another tenant (a row queued before the name was checked)", async () => {
    const rx = await startReceiver();
    const channel = createWebhookChannel({ secret: () => SECRET, allowHosts: LOCAL });
    const d = { id: 1, deliveryKey: 'k', tenant: 'test-town', event: 'booking.confirmed', channel: 'webhook' as const, recipient: `${rx.server.url}/hook`, subject: '', text: '', data: {}, attempt: 1 };
    await expect(channel.send({ ...d, signingSecretName: 'WEBHOOK_SECRET_OTHER_TOWN' })).rejects.toMatchObject({ permanent: true });
    expect(rx.server.requests).toHaveLength(0);
    expect(await channel.send({ ...d, signingSecretName: 'WEBHOOK_SECRET_TEST_TOWN' })).toEqual({ ref: 'HTTP 204' });
    expect(rx.server.requests).toHaveLength(1);
  });
});
