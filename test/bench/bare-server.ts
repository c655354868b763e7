// Baselines measured in the same run as the engine:
// - POST /book: a bare Hono route doing the same SQLite booking transaction the
//   engine does (counter row, capacity-guarded update, booking row, audit row)
//   with the same durability settings, and nothing else (booking-http).
// - GET /cells: one indexed query returning precomputed availability cells as
//   JSON (availability-grid); POST /cells loads them.
import { serve } from '@hono/node-server';
import Database from 'better-sqlite3';
import { Hono } from 'hono';

const db = new Database(process.env.DATABASE_PATH!);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec(`CREATE TABLE IF NOT EXISTS counters (slot INTEGER PRIMARY KEY, used INTEGER NOT NULL DEFAULT 0);
  CREATE TABLE IF NOT EXISTS bookings (id INTEGER PRIMARY KEY, slot INTEGER NOT NULL, answers TEXT NOT NULL, created_at INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS audit (id INTEGER PRIMARY KEY, action TEXT NOT NULL, target TEXT, at INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS cells (resource TEXT NOT NULL, start TEXT NOT NULL, "end" TEXT NOT NULL, capacity INTEGER NOT NULL, remaining INTEGER NOT NULL, status TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS cells_start ON cells (start, resource);`);
const ensure = db.prepare('INSERT INTO counters (slot, used) VALUES (?, 0) ON CONFLICT DO NOTHING');
const take = db.prepare('UPDATE counters SET used = used + 1 WHERE slot = ? AND used + 1 <= ?');
const insert = db.prepare('INSERT INTO bookings (slot, answers, created_at) VALUES (?, ?, ?)');
const audit = db.prepare('INSERT INTO audit (action, target, at) VALUES (?, ?, ?)');
const book = db.transaction((slot: number, answers: string) => {
  ensure.run(slot);
  if (take.run(slot, 1_000_000_000).changes === 0) return undefined;
  const id = insert.run(slot, answers, Date.now()).lastInsertRowid;
  audit.run('booking.confirmed', String(id), Date.now());
  return id;
});

const app = new Hono();
app.post('/book', async (c) => {
  const body = (await c.req.json()) as { start: string; answers: unknown };
  const id = book.immediate(Date.parse(body.start), JSON.stringify(body.answers));
  return id === undefined ? c.json({ error: { code: 'booking.slot_full' } }, 409) : c.json({ receiptNo: String(id) }, 201);
});
const cellsQuery = db.prepare('SELECT resource, start, "end", capacity, remaining, status FROM cells WHERE start >= ? AND start < ? ORDER BY resource, start');
app.get('/cells', (c) => c.json({ slots: cellsQuery.all(c.req.query('from'), c.req.query('to')) }));
app.post('/cells', async (c) => {
  const { slots } = (await c.req.json()) as { slots: Record<string, unknown>[] };
  const ins = db.prepare('INSERT INTO cells (resource, start, "end", capacity, remaining, status) VALUES (@resource, @start, @end, @capacity, @remaining, @status)');
  db.transaction(() => slots.forEach((s) => ins.run(s)))();
  return c.json({ loaded: slots.length });
});

serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' }, () => console.log('listening on bare server'));
