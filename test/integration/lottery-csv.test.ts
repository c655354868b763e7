// The console's lottery CSV, written as the ledger is: UTF-8 with BOM or CP932
// (refused with the characters listed when one cannot be held), formula-safe
// cells, phone numbers kept as text; and the console's list of lotteries.
import { describe, expect, it } from 'vitest';
import { createAdminTestApp } from './admin-helpers';

const T = '/api/admin/t/demo-city';
const L = `${T}/lotteries/gym-monthly-2027-02`;
const choice = { resource: 'court-a', start: '2027-02-06T09:00:00+09:00' };

describe('lottery CSV in the console', () => {
  it('UTF-8 with BOM by default; CP932 on request; formulas neutralised and phones kept as text', async () => {
    const t = await createAdminTestApp();
    const cookie = t.cookies.manager;
    const paper = (name: string, phone: string) => t.request('POST', `${L}/entries`, { cookie, body: { choices: [choice], answers: { name, phone, people: 10, purpose: 'badminton' } } });
    expect((await paper('=HYPERLINK("x")', '0312345678')).status).toBe(201);
    const utf8 = await t.request('GET', `${L}/entries.csv`, { cookie });
    expect(utf8.status).toBe(200);
    expect([...utf8.raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const row = utf8.text.replace(/^\uFEFF/, '').split('\r\n')[1]!;
    expect(row).toContain(`"'=HYPERLINK(""x"")"`);
    expect(row).toContain('"=""0312345678"""');
    expect(row).toContain('A面 2027-02-06 09:00');

    const sjis = await t.request('GET', `${L}/entries.csv?encoding=cp932`, { cookie });
    expect(sjis.status).toBe(200);
    expect(sjis.headers.get('content-type')).toBe('text/csv; charset=Shift_JIS');
    expect(new TextDecoder('shift_jis').decode(sjis.raw).split('\r\n')[0]).toMatch(/^申込番号,状態,優先,第1希望/);

    // A character Shift_JIS cannot hold: refused, naming it, never written as '?'.
    expect((await paper('髙橋🎾', '0312345679')).status).toBe(201);
    const bad = await t.request('GET', `${L}/entries.csv?encoding=cp932`, { cookie });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('export.unencodable');
    expect(bad.body.error.details.places).toEqual([expect.objectContaining({ receiptNo: '2', char: '🎾' })]);
    expect((await t.request('GET', `${L}/entries.csv?encoding=latin1`, { cookie })).body.error.code).toBe('export.bad_encoding');
  });

  it('lists the lotteries in the staff member’s scope with state, seed hash and counts', async () => {
    const t = await createAdminTestApp();
    const mine = await t.request('GET', `${T}/lotteries`, { cookie: t.cookies.otherStaff });
    expect(mine.body.lotteries.map((l: { id: string }) => l.id)).toContain('gym-monthly-2027-02');
    const feb = mine.body.lotteries.find((l: { id: string }) => l.id === 'gym-monthly-2027-02');
    expect(feb).toMatchObject({ status: 'open', seedHash: expect.stringMatching(/^[0-9a-f]{64}$/), counts: { applied: 0, won: 0, lost: 0, withdrawn: 0 } });
    // The card-pickup clerk has no lottery in scope.
    expect((await t.request('GET', `${T}/lotteries`, { cookie: t.cookies.staff })).body.lotteries).toEqual([]);
  });
});
