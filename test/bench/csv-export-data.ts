// The csv-export benchmark's ledger: one tenant and N bookings on one day, with
// names that need quoting or formula escaping. Shared with engine/export/ledger.test.ts.
import { registry } from '../../blocks';
import { systemClock } from '../../engine/core/clock';
import { loadTenantBlocks } from '../../engine/config/load-tenant';
import { publishVersion } from '../../engine/config/versions';
import { closeDb, openDb, sqliteClient } from '../../engine/db';

export const DATE = '2027-01-15';
export const blocks = [
  { kind: 'site', id: 'csv-town', title: 'CSV町' },
  {
    kind: 'form', id: 'f', title: '申込',
    fields: [
      { id: 'name', type: 'text', label: '氏名', required: true },
      { id: 'phone', type: 'phone', label: '電話番号', required: true },
      { id: 'jukiCard', type: 'radio', label: '住基カードの有無', required: true, options: [{ value: 'なし', label: 'なし' }, { value: 'あり', label: 'あり' }] },
    ],
  },
  { kind: 'calendar', id: 'c', title: '窓口', resources: [{ id: 'honcho', title: '本庁舎窓口' }], slotMinutes: 30, capacity: 100000, weekly: [{ days: ['fri'], open: '08:30', close: '17:00' }] },
  { kind: 'service', id: 'pickup', title: '交付予約', form: 'f', calendar: 'c', checkin: { items: [{ id: 'juki-card', label: '住基カード回収', type: 'boolean' }] } },
];

export async function fill(dbPath: string, from: number, to: number): Promise<void> {
  const db = openDb(dbPath);
  // Bulk test data straight into the SQLite file (one transaction of prepared inserts).
  const c = sqliteClient(db);
  if (from === 0) {
    const tenant = loadTenantBlocks('csv-town', blocks, registry).tenant!;
    await publishVersion(db, tenant, { source: 'folder', clock: systemClock });
  }
  const ins = c.prepare(`INSERT INTO bookings (tenant_slug, receipt_no, service_id, calendar_id, resource_id, slot_start, slot_end, slot_date, slot_start_local,
    status, seats, answers_json, phone_key, name_key, channel, version_id, created_at, updated_at)
    VALUES ('csv-town', ?, 'pickup', 'c', 'honcho', ?, ?, ?, ?, 'confirmed', 1, ?, ?, ?, 'web', 'csv-town-v1', ?, ?)`);
  const base = Date.parse(`${DATE}T08:30:00+09:00`);
  const names = ['髙橋 一郎', '山田 花子', '=HYPERLINK("x")', '佐藤 﨑子', '-1+2', 'Smith, John'];
  c.transaction(() => {
    for (let i = from; i < to; i++) {
      const start = base + (i % 17) * 1_800_000;
      const name = names[i % names.length];
      const phone = `090${String(10_000_000 + i).slice(-8)}`;
      ins.run(String(i + 1), start, start + 1_800_000, DATE, '08:30', JSON.stringify({ name, phone, jukiCard: i % 3 ? 'なし' : 'あり' }), phone, name, 1_700_000_000_000 + i, 1_700_000_000_000 + i);
    }
  })();
  await closeDb(db);
}
