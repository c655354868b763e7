// Baselines measured in the same run as the engine, written plainly by hand:
// - POST /book (booking-http): the engine's booking writes for the bench tenant, in
//   hand-written SQL on the same migrated schema (openDb: WAL, synchronous=FULL),
//   through the same storage port (engine/db: transaction, sqlGet/sqlRun) and the
//   same group commit (engine/db committed()): idempotency look-up,
//   quota count, capacity counter, receipt number, booking row, booking unit, status
//   history row, audit row, outbox row (the confirmation email, with the access key as a secret) and the
//   sealed idempotency row. No validation, no slot resolution, no templates.
// - GET /grid (availability-grid): the floor — bytes loaded by PUT /grid (the exact
//   body the engine answered), served from memory.
// - GET /ledger.csv (csv-export): one straightforward query over the bench ledger,
//   formatted row by row into the same CSV bytes as the engine's export (checked
//   byte for byte by the bench), streamed through the same kind of route.
import { createCipheriv, createHash, hkdfSync, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { committed, lockKeys, openDb, sqlGet, sqlGetOwnTransaction, sqlRun, transaction, type Db } from '../../engine/db';
import { isPostgres } from '../../engine/db/dialect';
import { ledgerCsvRoute } from './csv-export-bare';

// SQLite (DATABASE_PATH), or PostgreSQL when DATABASE_URL names one (the PostgreSQL figures).
const db: Db = openDb(process.env.DATABASE_PATH!);
// The slot's capacity: the engine bench tenant's (100,000 for throughput, 100 for a rush).
const capacity = Number(process.env.BARE_CAPACITY ?? 100_000);
const now = Date.now();
await sqlRun(db, "INSERT INTO tenants (slug, current_version_id, created_at, updated_at) VALUES ('bare', NULL, ?, ?) ON CONFLICT DO NOTHING", [now, now]);
await sqlRun(db, "INSERT INTO tenant_versions (id, tenant_slug, seq, source, content_hash, blocks_json, created_at) VALUES ('bare-v1', 'bare', 1, 'folder', '', '[]', ?) ON CONFLICT DO NOTHING", [now]);

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
function accessKey(): string {
  let s = '';
  for (let i = 0; i < 12; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}
function seal(key: string, text: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', Buffer.from(hkdfSync('sha256', key, 'idempotency-seal', 'response', 32)), iv);
  const enc = Buffer.concat([c.update(text, 'utf8'), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), enc]).toString('base64');
}
const jst = (ms: number) => new Date(ms + 9 * 3_600_000).toISOString();
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

// The same statements as before, now through the storage port (sqlGet/sqlRun, `?` placeholders), as the engine's are.
const findKey = "SELECT request_hash, status, response_sealed FROM idempotency_keys WHERE tenant_slug = 'bare' AND key_hash = ?";
// The engine's quota statement (engine/booking/quota.ts): the person's bookings through the email index
// (`+slot_date` keeps SQLite off the date index; on PostgreSQL a materialised CTE does that job).
const quotaWhere = "status IN ('pending', 'awaiting_payment', 'confirmed', 'cancel_requested', 'offered') AND service_id = 'desk'";
const quota = isPostgres
  ? `WITH mine AS MATERIALIZED (SELECT id FROM bookings WHERE tenant_slug = 'bare' AND email_key = ?) SELECT COUNT(*) AS n FROM mine JOIN bookings ON bookings.id = mine.id WHERE ${quotaWhere} AND slot_date BETWEEN ? AND ?`
  : `SELECT COUNT(*) AS n FROM bookings WHERE id IN (SELECT id FROM bookings WHERE tenant_slug = 'bare' AND email_key = ?) AND ${quotaWhere} AND +slot_date BETWEEN ? AND ?`;
const ensure = "INSERT INTO slot_counters (tenant_slug, calendar_id, unit, slot_start, used) VALUES ('bare', 'c', 'desk', ?, 0) ON CONFLICT DO NOTHING";
const take = "UPDATE slot_counters SET used = used + 1 WHERE tenant_slug = 'bare' AND calendar_id = 'c' AND unit = 'desk' AND slot_start = ? AND used + 1 <= ?";
const receipt = "INSERT INTO receipt_sequences (tenant_slug, next) VALUES ('bare', 1) ON CONFLICT (tenant_slug) DO UPDATE SET next = receipt_sequences.next + 1 RETURNING next";
const insert = `INSERT INTO bookings (tenant_slug, receipt_no, service_id, calendar_id, resource_id, slot_start, slot_end, slot_date, slot_start_local, status, seats,
  answers_json, email_key, name_key, access_key_hash, channel, version_id, created_at, updated_at)
  VALUES ('bare', ?, 'desk', 'c', 'desk', ?, ?, ?, ?, 'confirmed', 1, ?, ?, ?, ?, 'api', 'bare-v1', ?, ?) RETURNING id`;
const unit = "INSERT INTO booking_units (booking_id, unit, seats) VALUES (?, 'desk', 1)";
const history = "INSERT INTO booking_history (booking_id, tenant_slug, at, from_status, to_status, actor_type, actor_id, reason) VALUES (?, 'bare', ?, NULL, 'confirmed', 'resident', NULL, NULL)";
const audit =
  "INSERT INTO audit_log (tenant_slug, at, actor_type, actor_id, action, target_type, target_id, ip, details_json) VALUES ('bare', ?, 'resident', NULL, 'booking.confirmed', 'booking', ?, ?, ?)";
const outbox = `INSERT INTO notification_outbox (tenant_slug, delivery_key, event, source, booking_id, channel, recipient, subject, body_text, body_html,
  data_json, secrets_json, status, due_at, version_id, created_at, updated_at)
  VALUES ('bare', ?, 'booking.confirmed', 'notices/confirmed', ?, 'email', ?, ?, ?, ?, ?, ?, 'pending', ?, 'bare-v1', ?, ?)`;
const storeKey = "INSERT INTO idempotency_keys (tenant_slug, key_hash, request_hash, status, response_sealed, created_at) VALUES ('bare', ?, ?, 201, ?, ?)";

type Answers = { name: string; email: string };
type Outcome = { status: number; body: unknown };

// One transaction, as the engine's booking: on SQLite BEGIN IMMEDIATE (a savepoint of the group
// commit's batch); on PostgreSQL READ COMMITTED with the same advisory locks (the key, the person's quota).
const book = (key: string, requestHash: string, start: number, answers: Answers, plainKey: string): Promise<Outcome> =>
  transaction(db, async (tx) => {
    const keyHash = sha256(`idem:${key}`);
    await lockKeys(tx, [`idempotency|bare|${keyHash}`]);
    const replay = await sqlGet<{ request_hash: string }>(tx, findKey, [keyHash]);
    if (replay) return replay.request_hash === requestHash ? { status: 201, body: { replayed: true } } : { status: 422, body: { error: { code: 'idempotency.key_reused' } } };
    // As the engine's: first, and in a transaction of its own on PostgreSQL, so the tenant's row is not held until COMMIT.
    const { next } = (await sqlGetOwnTransaction<{ next: number }>(tx, receipt))!;
    const local = jst(start);
    const date = local.slice(0, 10);
    const email = answers.email.trim();
    await lockKeys(tx, [`quota|bare|${email.toLowerCase()}`]);
    if ((await sqlGet<{ n: number }>(tx, quota, [email.toLowerCase(), `${date.slice(0, 7)}-01`, `${date.slice(0, 7)}-31`]))!.n >= 3) {
      return { status: 409, body: { error: { code: 'booking.quota_exceeded' } } };
    }
    await sqlRun(tx, ensure, [start]);
    if ((await sqlRun(tx, take, [start, capacity])).changes === 0) return { status: 409, body: { error: { code: 'booking.slot_full' } } };
    const receiptNo = String(next);
    const at = Date.now();
    const { id } = (await sqlGet<{ id: number }>(tx, insert, [
      receiptNo,
      start,
      start + 1_800_000,
      date,
      local.slice(11, 16),
      JSON.stringify(answers),
      email.toLowerCase(),
      answers.name,
      sha256(`access-key:${plainKey}`),
      at,
      at,
    ]))!;
    await sqlRun(tx, unit, [id]);
    await sqlRun(tx, history, [id, at]);
    await sqlRun(tx, audit, [at, receiptNo, '127.0.0.1', JSON.stringify({ service: 'desk', resource: 'desk', start: `${local.slice(0, 19)}+09:00`, seats: 1, version: 'bare-v1' })]);
    const subject = `【ベンチ町】予約を受け付けました（受付番号 ${receiptNo}）`;
    const text = `${answers.name} 様\n\n窓口予約のご予約を受け付けました。\n\n受付番号: ${receiptNo}\nアクセスキー: ${plainKey}\n場所: 窓口\n日時: ${date} ${local.slice(11, 16)}\n`;
    const data = { receiptNo, service: 'desk', resource: 'desk', start: `${local.slice(0, 19)}+09:00`, status: 'confirmed', seats: 1 };
    await sqlRun(tx, outbox, [randomUUID(), id, email, subject, text, `<p>${escapeHtml(text).replace(/\n/g, '<br>')}</p>`, JSON.stringify(data), JSON.stringify({ key: plainKey }), at, at, at]);
    const response = { receiptNo, accessKey: plainKey, status: 'confirmed', service: 'desk', resource: 'desk', start: `${local.slice(0, 19)}+09:00` };
    await sqlRun(tx, storeKey, [keyHash, requestHash, seal(key, JSON.stringify(response)), at]);
    return { status: 201, body: response };
  }, { isolation: 'read committed' });

const app = new Hono();
app.post('/book', async (c) => {
  const raw = await c.req.text();
  const body = JSON.parse(raw) as { start: string; answers: Answers };
  const key = c.req.header('idempotency-key') ?? randomUUID();
  const out = await committed(db, () => book(key, sha256(raw), Date.parse(body.start), body.answers, accessKey()));
  return c.json(out.body as object, out.status as 201);
});

let grid = new Uint8Array(0);
app.put('/grid', async (c) => {
  grid = new Uint8Array(await c.req.arrayBuffer());
  return c.json({ bytes: grid.length });
});
app.get('/grid', () => new Response(grid, { headers: { 'content-type': 'application/json; charset=UTF-8' } }));

app.route('/', ledgerCsvRoute(process.env.LEDGER_DB_PATH));

serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' }, () => console.log('listening on bare server'));
