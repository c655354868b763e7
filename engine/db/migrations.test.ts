// Upgrading a database made before a migration keeps its data: the database is
// built with the migrations up to the one under test, filled, then opened with openDb().
// SQLite only: a SQLite migration that moves data (PostgreSQL starts from its baseline migration).
import { isPostgres } from './dialect';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDb, openDb, sqliteClient } from './index';

const migrations = fileURLToPath(new URL('./migrations', import.meta.url));

/** A copy of the migrations folder whose journal stops before `tag`. */
function migrationsBefore(dir: string, tag: string): string {
  const out = join(dir, 'migrations');
  cpSync(migrations, out, { recursive: true });
  const journalPath = join(out, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { idx: number; tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag === tag);
  expect(at).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, at);
  writeFileSync(journalPath, JSON.stringify(journal));
  rmSync(join(out, `${tag}.sql`));
  return out;
}

describe.skipIf(isPostgres)('migration 0006_checkin_items', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mig-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('moves juki_card_collected=1 into items_json as {"juki-card":true} and keeps the rest of the visit', async () => {
    const file = join(dir, 'old.db');
    const old = new Database(file);
    old.pragma('foreign_keys = ON');
    migrate(drizzle(old), { migrationsFolder: migrationsBefore(dir, '0006_checkin_items') });
    expect(old.prepare(`SELECT name FROM pragma_table_info('booking_visits')`).pluck().all()).toContain('juki_card_collected');
    old.exec(`INSERT INTO tenants (slug, created_at, updated_at) VALUES ('t', 0, 0);
      INSERT INTO tenant_versions (id, tenant_slug, seq, source, content_hash, blocks_json, created_at) VALUES ('v1', 't', 1, 'folder', 'h', '[]', 0)`);
    const book = old.prepare(
      `INSERT INTO bookings (tenant_slug, receipt_no, service_id, calendar_id, resource_id, slot_start, slot_end, slot_date, slot_start_local, status, answers_json, channel, version_id, created_at, updated_at)
       VALUES ('t', ?, 'card-pickup', 'c', 'r', 0, 1, '2026-12-01', '09:00', 'confirmed', '{}', 'web', 'v1', 0, 0)`,
    );
    const collected = Number(book.run('1').lastInsertRowid);
    const notCollected = Number(book.run('2').lastInsertRowid);
    const visit = old.prepare(`INSERT INTO booking_visits (booking_id, tenant_slug, status, visited_at, juki_card_collected, note, updated_at, updated_by) VALUES (?, 't', ?, ?, ?, ?, 5, 'staff1')`);
    visit.run(collected, 'visited', 1000, 1, '暗証番号設定済み');
    visit.run(notCollected, 'no-show', null, 0, null);
    old.close();

    const db = openDb(file);
    try {
      const rows = sqliteClient(db).prepare('SELECT * FROM booking_visits ORDER BY booking_id').all();
      expect(rows).toEqual([
        { booking_id: collected, tenant_slug: 't', status: 'visited', visited_at: 1000, items_json: '{"juki-card":true}', note: '暗証番号設定済み', updated_at: 5, updated_by: 'staff1', checked_out_at: null },
        { booking_id: notCollected, tenant_slug: 't', status: 'no-show', visited_at: null, items_json: '{}', note: null, updated_at: 5, updated_by: 'staff1', checked_out_at: null },
      ]);
    } finally {
      await closeDb(db);
    }
  });
});
