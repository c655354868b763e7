// The ledger CSV: BOM + CRLF, formula escaping, numbers left as numbers, Japanese
// text read back intact by an independent parser, CP932 with unencodable
// characters refused and located, streaming in chunks, and an audit row per export.
import { isPostgres } from '../../engine/db/dialect';
import Encoding from 'encoding-japanese';
import Papa from 'papaparse';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { streamLedger } from '../../engine/export/ledger';
import { escapeCell } from '../../engine/export/csv';
import { allColumns } from '../../engine/staff/columns';
import { compileFilters, readFilters } from '../../engine/staff/filters';
import { createAdminTestApp, type AdminTestApp } from './admin-helpers';
import { sqlAll, sqliteClient } from '../../engine/db';

const T = '/api/admin/t/demo-city';
let t: AdminTestApp;

beforeAll(async () => {
  t = await createAdminTestApp();
  const at = '2026-11-20T01:00:00Z';
  const a = (name: string, phone: string, extra: Record<string, unknown> = {}) => ({ name, phone, jukiCard: 'なし', ...extra });
  await t.residentBook({ start: '2026-12-01T09:00:00+09:00', answers: a('髙橋 一郎', '09011112222'), at });
  await t.residentBook({ start: '2026-12-01T09:30:00+09:00', answers: a('=HYPERLINK("http://evil")', '09022223333'), at });
  const third = await t.residentBook({ start: '2026-12-01T10:00:00+09:00', answers: a('-2+3', '09033334444'), at });
  await t.request('PUT', `${T}/bookings/${third.receiptNo}/visit`, { cookie: t.cookies.staff, body: { note: '@SUM(A1)' } });
  await t.residentBook({ start: '2026-12-01T10:00:00+09:00', resource: 'ekimae', answers: a('吉野 𠮷子', '09044445555'), at });
  // Gym: people is a number field; it must stay a number.
  await t.residentBook({ service: 'gym', resource: 'court-a', start: '2026-12-01T13:00:00+09:00', answers: { name: 'バスケ部', phone: '0311112222', people: 12, purpose: 'basketball' }, at: '2026-11-02T01:00:00Z' });
});

const parse = (text: string) => Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;

describe('ledger CSV', () => {
  it('writes UTF-8 with BOM and CRLF, escapes formula cells and keeps Japanese text', async () => {
    const r = await t.request('GET', `${T}/ledger.csv?date=2026-12-01&service=card-pickup`, { cookie: t.cookies.staff });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toContain('attachment');
    expect([...r.raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(r.text.split('\r\n').length).toBeGreaterThan(4);
    expect(r.text.replace(/\r\n/g, '')).not.toContain('\n');
    const rows = parse(r.text);
    const header = rows[0];
    const col = (name: string) => header.indexOf(name);
    expect(header.slice(0, 3)).toEqual(['受付番号', '状態', 'サービス']);
    const names = rows.slice(1).map((row) => row[col('氏名')]);
    expect(names).toContain('髙橋 一郎');
    expect(names).toContain(`'=HYPERLINK("http://evil")`);
    expect(names).toContain(`'-2+3`);
    expect(rows.slice(1).map((row) => row[col('対応内容')])).toContain(`'@SUM(A1)`);
    expect(rows.slice(1).every((row) => row.length === header.length)).toBe(true);
    // Phone numbers as ="0…" so Excel keeps the leading 0; the name says date and encoding.
    expect(rows.slice(1).map((row) => row[col('電話番号')])).toContain('="09011112222"');
    expect(r.text).toContain('"=""09011112222"""');
    expect(r.headers.get('content-disposition')).toBe(`attachment; filename="ledger_2026-12-01_UTF-8.csv"; filename*=UTF-8''${encodeURIComponent('台帳_2026-12-01_UTF-8.csv')}`);
  });

  it('has a column per declared check-in item: 住基カード回収 for card pickup, none for the gym', async () => {
    // Another day than the shared bookings above, so the other tests' row counts stay as they are.
    const b = await t.residentBook({ start: '2026-12-02T11:00:00+09:00', answers: { name: '回収 太郎', phone: '09055556666', jukiCard: 'あり' }, at: '2026-11-20T01:00:00Z' });
    await t.request('PUT', `${T}/bookings/${b.receiptNo}/visit`, { cookie: t.cookies.staff, body: { items: { 'juki-card': true } } });
    const card = parse((await t.request('GET', `${T}/ledger.csv?date=2026-12-02&service=card-pickup`, { cookie: t.cookies.staff })).text);
    const header = card[0];
    expect(header.slice(header.indexOf('来場'), header.indexOf('対応内容') + 1)).toEqual(['来場', '来場時刻', '住基カード回収', '対応内容']);
    const juki = new Map(card.slice(1).map((row) => [row[0], row[header.indexOf('住基カード回収')]]));
    expect(juki.get(b.receiptNo)).toBe('済');
    expect([...juki.values()].filter((v) => v !== '')).toEqual(['済']);
    const gym = parse((await t.request('GET', `${T}/ledger.csv?date=2026-12-02&service=gym`, { cookie: t.cookies.admin })).text);
    expect(gym[0]).toContain('対応内容');
    expect(gym[0]).not.toContain('住基カード回収');
    const en = parse((await t.request('GET', `${T}/ledger.csv?date=2026-12-02&service=card-pickup&lang=en`, { cookie: t.cookies.staff })).text);
    expect(en[0]).toContain('Juki card collected');
  });

  it('leaves numbers as numbers and escapes only text', async () => {
    expect(escapeCell(-5)).toBe(-5);
    expect(escapeCell('-5')).toBe("'-5");
    expect(escapeCell('\tx')).toBe("'\tx");
    expect(escapeCell('\rx')).toBe("'\rx");
    expect(escapeCell('+81')).toBe("'+81");
    expect(escapeCell('a=b')).toBe('a=b');
    const r = await t.request('GET', `${T}/ledger.csv?date=2026-12-01&service=gym&columns=receiptNo,seats,a.people`, { cookie: t.cookies.admin });
    const lines = r.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('受付番号,人数,利用人数');
    expect(lines[1]).toMatch(/^\d+,,12$/); // the gym counts bookings, not people: no 人数 1 beside 利用人数 12
  });

  it('exports the selected rows with the displayed columns only', async () => {
    const list = await t.request('GET', `${T}/bookings?date=2026-12-01&service=card-pickup`, { cookie: t.cookies.staff });
    const picked = list.body.rows.slice(0, 2).map((x: { receiptNo: string }) => x.receiptNo);
    const r = await t.request('GET', `${T}/ledger.csv?receipts=${picked.join(',')}&columns=receiptNo,a.name`, { cookie: t.cookies.staff });
    const rows = parse(r.text);
    expect(rows[0]).toEqual(['受付番号', '氏名']);
    expect(rows.slice(1).map((x) => x[0]).sort()).toEqual([...picked].sort());
  });

  it('refuses CP932 when a character cannot be encoded, naming the character and where it is', async () => {
    const r = await t.request('GET', `${T}/ledger.csv?date=2026-12-01&service=card-pickup&encoding=cp932`, { cookie: t.cookies.staff });
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('export.unencodable');
    expect(r.body.error.message).toContain('𠮷');
    const place = r.body.error.details.places[0];
    expect(place).toMatchObject({ column: 'a.name', columnLabel: '氏名', char: '𠮷', codePoint: 'U+20BB7' });
    expect(place.receiptNo).toMatch(/^\d+$/);
  });

  it('writes Shift_JIS (CP932) when every character fits: 髙, 〜 and − survive a CP932 decoder', async () => {
    const r = await t.request('GET', `${T}/ledger.csv?date=2026-12-01&resource=honcho&service=card-pickup&encoding=cp932`, { cookie: t.cookies.staff });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/csv; charset=Shift_JIS');
    expect([...r.raw.slice(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('shift_jis').decode(r.raw);
    const rows = parse(text);
    expect(rows.flat()).toContain('髙橋 一郎');
    expect(rows.flat().some((c) => c.includes('〜') || c.includes('～'))).toBe(true); // the time column 09:00〜09:30
    expect(Encoding.detect(r.raw)).toBe('SJIS');
  });

  // Bulk rows go in through the SQLite connection (3,000 inserts in one statement loop).
  it.skipIf(isPostgres)('streams in chunks: thousands of rows arrive as many pieces, not one buffer', async () => {
    const { db } = t;
    const published = t.published[0];
    // Bulk rows straight into bookings (the use case is not what is measured here).
    const insert = sqliteClient(db).prepare(
      `INSERT INTO bookings (tenant_slug, receipt_no, service_id, calendar_id, resource_id, slot_start, slot_end, slot_date, slot_start_local, status, seats, answers_json, channel, version_id, created_at, updated_at)
       VALUES ('demo-city', ?, 'card-pickup', 'card-pickup-windows', 'honcho', ?, ?, '2026-12-10', '09:00', 'confirmed', 1, ?, 'staff', ?, 0, 0)`,
    );
    const start = Date.parse('2026-12-10T09:00:00+09:00');
    sqliteClient(db).transaction(() => {
      for (let i = 0; i < 3000; i++) insert.run(`B${i}`, start, start + 1_800_000, JSON.stringify({ name: `利用者${i}`, phone: '0900000000', jukiCard: 'なし' }), published.versionId);
    })();
    const staff = { scope: '*' as const };
    const query = compileFilters(published, staff, readFilters({ date: '2026-12-10' }));
    const columns = allColumns({ services: new Map(query.services.map((s) => [s.id, s])), timeZone: 'Asia/Tokyo' });
    const reader = streamLedger(db, query, columns, 'utf8-bom', { chunkRows: 250 }).getReader();
    let chunks = 0;
    const parts: Uint8Array[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks++;
      parts.push(value);
    }
    expect(chunks).toBe(1 + 3000 / 250 + 0); // header, then one chunk per 250 rows
    const text = new TextDecoder().decode(Buffer.concat(parts));
    expect(parse(text)).toHaveLength(3001);

    // Over HTTP the body is a stream too; a client can stop after the first pieces.
    const res = await t.app.request(`${T}/ledger.csv?date=2026-12-10`, { headers: { cookie: t.cookies.admin } });
    expect(res.headers.get('x-ledger-rows')).toBe('3000');
    const r2 = res.body!.getReader();
    const first = await r2.read();
    expect(first.done).toBe(false);
    expect(first.value!.length).toBeLessThan(2000);
    await r2.cancel();
    // While an export is open, bookings still go through (no long-held read statement on the connection).
    const again = streamLedger(db, query, columns, 'utf8-bom', { chunkRows: 250 }).getReader();
    await again.read();
    await again.read();
    const booked = await t.residentBook({ start: '2026-12-03T11:00:00+09:00', answers: { name: '並行 予約', phone: '0977777777', jukiCard: 'なし' } });
    expect(booked.status).toBe('confirmed');
    await again.cancel();
  });

  it('records every export in the audit log with who, what and how many rows', async () => {
    const before = (await sqlAll<{ n: number }>(t.db, `SELECT COUNT(*) AS n FROM audit_log WHERE action = 'ledger.exported'`))[0].n;
    await t.request('GET', `${T}/ledger.csv?date=2026-12-01&service=card-pickup&columns=receiptNo`, { cookie: t.cookies.manager });
    const rows = (await sqlAll<{ actor_id: string; details_json: string; target_id: string; ip: string }>(t.db, `SELECT actor_id, details_json, target_id, ip FROM audit_log WHERE action = 'ledger.exported' ORDER BY id DESC LIMIT 1`));
    const n = (await sqlAll<{ n: number }>(t.db, `SELECT COUNT(*) AS n FROM audit_log WHERE action = 'ledger.exported'`))[0].n;
    expect(n).toBe(before + 1);
    expect(rows[0].actor_id).toBe('manager');
    expect(rows[0].target_id).toBe('2026-12-01');
    expect(rows[0].ip).toBeTruthy();
    expect(JSON.parse(rows[0].details_json)).toMatchObject({ columns: ['receiptNo'], encoding: 'utf8-bom', rows: 4, conditions: { service: 'card-pickup', from: '2026-12-01' } });
  });
});
