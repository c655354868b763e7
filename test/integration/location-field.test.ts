// 場所 (a form field for home visits, issue 20): the resident types an address and may add
// the phone's position; both are stored (the point as numbers, only with both halves),
// read as text in the ledger, and staff get a map link on the booking.
import { describe, expect, it } from 'vitest';
import { ensureAdminAccounts } from '../../engine/staff/bootstrap';
import { answersFromInputs, inputsFromAnswers } from '../../engine/runtime/inputs';
import { createTestApp } from '../helpers/test-app';
import { visitTownBlocks as blocks } from './fixtures/visit-town';
import { sqliteClient, sqlRun } from '../../engine/db';

const T = '/api/t/visit-town';
const A = '/api/admin/t/visit-town';

function app() {
  return createTestApp(blocks, { now: '2026-12-01T00:00:00Z', slug: 'visit-town' });
}
const book = (t: Awaited<ReturnType<typeof app>>, place: unknown, start = '2026-12-03T10:00:00+09:00') =>
  t.json('POST', `${T}/services/home-visit/reservations`, { resource: 'nurse', start, answers: { name: '訪問 花子', place } });

describe('a location field', () => {
  it('stores the address and the point as numbers (full-width digits too); a lone half of a point is dropped', async () => {
    const t = await app();
    const r = await book(t, { address: ' さくらみなと市本町１－２－３ ', lat: '３５.６８１２３６', lng: '139.767125' });
    expect(r.status).toBe(201);
    const got = await t.json('GET', `${T}/reservations/${r.body.receiptNo}`, undefined, { 'x-access-key': r.body.accessKey });
    expect(got.body.answers.place).toEqual({ address: 'さくらみなと市本町１－２－３', lat: 35.681236, lng: 139.767125 });
    const lone = await book(t, { address: '本町4-5', lat: 35.1 }, '2026-12-03T11:00:00+09:00');
    expect(lone.status).toBe(201);
    const g2 = await t.json('GET', `${T}/reservations/${lone.body.receiptNo}`, undefined, { 'x-access-key': lone.body.accessKey });
    expect(g2.body.answers.place).toEqual({ address: '本町4-5' });
    // An API client may send the address alone, as text.
    expect((await book(t, '本町6-7', '2026-12-03T13:00:00+09:00')).status).toBe(201);
  });

  it('refuses a point without an address, a point off the globe and unknown keys, at /answers/place in words', async () => {
    const t = await app();
    const noAddress = await book(t, { lat: 35.6, lng: 139.7 });
    expect(noAddress.status).toBe(422);
    expect(noAddress.body.error.issues[0]).toMatchObject({ path: '/answers/place' });
    expect(noAddress.body.error.issues[0].message).toContain('訪問先');
    expect(noAddress.body.error.issues[0].message).toContain('住所');
    const offGlobe = await book(t, { address: '本町', lat: 95, lng: 139.7 });
    expect(offGlobe.status).toBe(422);
    expect(offGlobe.body.error.issues[0].path).toBe('/answers/place');
    const extra = await book(t, { address: '本町', floor: 3 });
    expect(extra.status).toBe(422);
    const missing = await book(t, { address: '   ' });
    expect(missing.status).toBe(422);
    expect(missing.body.error.issues[0].message).toContain('「訪問先」を入力してください');
  });

  it('goes to and from form controls (the page without JavaScript posts a.place.address, .lat, .lng)', () => {
    const fields = [{ id: 'place', type: 'location' as const, label: '訪問先' }];
    expect(answersFromInputs(fields, { 'a.place.address': '本町1-2-3', 'a.place.lat': '35.5', 'a.place.lng': '139.5' })).toEqual({ place: { address: '本町1-2-3', lat: '35.5', lng: '139.5' } });
    expect(answersFromInputs(fields, { 'a.place.address': '', 'a.place.lat': '', 'a.place.lng': '' })).toEqual({});
    expect(inputsFromAnswers(fields, { place: { address: '本町1-2-3', lat: 35.5, lng: 139.5 } })).toEqual({ 'a.place.address': '本町1-2-3', 'a.place.lat': '35.5', 'a.place.lng': '139.5' });
  });

  it('reads as text in the ledger and gives staff a map link on the booking', async () => {
    const t = await app();
    const r = await book(t, { address: '本町1-2-3', lat: 35.681236, lng: 139.767136 });
    await ensureAdminAccounts({ db: t.db, clock: t.clock }, ['visit-town'], 'admin-pass-2026');
    await sqlRun(t.db, "UPDATE staff_accounts SET must_change_password = false WHERE tenant_slug = 'visit-town'");
    const login = await t.app.request(`${A}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ loginId: 'admin', password: 'admin-pass-2026' }) });
    const cookie = /muni_staff=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
    const detail = await t.json('GET', `${A}/bookings/${r.body.receiptNo}`, undefined, { cookie });
    expect(detail.body.answerList.find((a: { id: string }) => a.id === 'place')).toEqual({
      id: 'place', label: '訪問先', value: '本町1-2-3（緯度 35.68124・経度 139.76714）', mapUrl: 'https://maps.gsi.go.jp/#17/35.681236/139.767136/',
    });
    const csv = await t.app.request(`${A}/ledger.csv?date=2026-12-03&service=home-visit`, { headers: { cookie } });
    expect(csv.status).toBe(200);
    expect(await csv.text()).toContain('本町1-2-3（緯度 35.68124・経度 139.76714）');
  });
});
