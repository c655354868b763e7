// Baselines measured in the same run as the engine:
// - POST /book: a bare Hono route doing the same SQLite booking transaction as the
//   engine — same migrated schema (openDb), same statements (capacity counter,
//   receipt number, booking row, booking units, audit row), same durability
//   settings — and nothing else: no validation, no slot resolution (booking-http).
// - GET /cells: one indexed query returning precomputed availability cells as JSON;
//   POST /cells loads them (availability-grid).
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { openDb } from '../../engine/db';

const db = openDb(process.env.DATABASE_PATH!);
const client = db.$client;
const now = Date.now();
client.prepare("INSERT INTO tenants (slug, current_version_id, created_at, updated_at) VALUES ('bare', NULL, ?, ?)").run(now, now);
client
  .prepare("INSERT INTO tenant_versions (id, tenant_slug, seq, source, content_hash, blocks_json, created_at) VALUES ('bare-v1', 'bare', 1, 'folder', '', '[]', ?)")
  .run(now);
client.exec(`CREATE TABLE IF NOT EXISTS cells (resource TEXT NOT NULL, start TEXT NOT NULL, "end" TEXT NOT NULL, capacity INTEGER NOT NULL, remaining INTEGER NOT NULL, status TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS cells_start ON cells (start, resource);`);

const ensure = client.prepare("INSERT INTO slot_counters (tenant_slug, calendar_id, unit, slot_start, used) VALUES ('bare', 'c', 'desk', ?, 0) ON CONFLICT DO NOTHING");
const take = client.prepare("UPDATE slot_counters SET used = used + 1 WHERE tenant_slug = 'bare' AND calendar_id = 'c' AND unit = 'desk' AND slot_start = ? AND used + 1 <= ?");
const receipt = client.prepare("INSERT INTO receipt_sequences (tenant_slug, next) VALUES ('bare', 1) ON CONFLICT (tenant_slug) DO UPDATE SET next = next + 1 RETURNING next");
const insert = client.prepare(`INSERT INTO bookings (tenant_slug, receipt_no, service_id, calendar_id, resource_id, slot_start, slot_end, slot_date, slot_start_local, status, seats,
  answers_json, phone_key, name_key, channel, version_id, created_at, updated_at)
  VALUES ('bare', ?, 'desk', 'c', 'desk', ?, ?, ?, ?, 'confirmed', 1, ?, ?, ?, 'api', 'bare-v1', ?, ?) RETURNING id`);
const unit = client.prepare("INSERT INTO booking_units (booking_id, unit, seats) VALUES (?, 'desk', 1)");
const audit = client.prepare(
  "INSERT INTO audit_log (tenant_slug, at, actor_type, actor_id, action, target_type, target_id, ip, details_json) VALUES ('bare', ?, 'resident', NULL, 'booking.confirmed', 'booking', ?, ?, ?)",
);
const book = client.transaction((start: number, answers: { name?: string; phone?: string }) => {
  ensure.run(start);
  if (take.run(start, 100_000).changes === 0) return undefined;
  const { next } = receipt.get() as { next: number };
  const at = Date.now();
  const { id } = insert.get(String(next), start, start + 1_800_000, '2026-01-01', '10:00', JSON.stringify(answers), answers.phone ?? null, answers.name ?? null, at, at) as { id: number };
  unit.run(id);
  audit.run(at, String(next), '127.0.0.1', JSON.stringify({ service: 'desk', resource: 'desk', start }));
  return String(next);
});

const app = new Hono();
app.post('/book', async (c) => {
  const body = (await c.req.json()) as { start: string; answers: { name?: string; phone?: string } };
  const receiptNo = book.immediate(Date.parse(body.start), body.answers);
  return receiptNo === undefined ? c.json({ error: { code: 'booking.slot_full' } }, 409) : c.json({ receiptNo }, 201);
});
const cellsQuery = client.prepare('SELECT resource, start, "end", capacity, remaining, status FROM cells WHERE start >= ? AND start < ? ORDER BY resource, start');
app.get('/cells', (c) => c.json({ slots: cellsQuery.all(c.req.query('from'), c.req.query('to')) }));
app.post('/cells', async (c) => {
  const { slots } = (await c.req.json()) as { slots: Record<string, unknown>[] };
  const ins = client.prepare('INSERT INTO cells (resource, start, "end", capacity, remaining, status) VALUES (@resource, @start, @end, @capacity, @remaining, @status)');
  client.transaction(() => slots.forEach((s) => ins.run(s)))();
  return c.json({ loaded: slots.length });
});

serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' }, () => console.log('listening on bare server'));
