// Lottery slots in the resident availability (API and grid): not first-come while
// the lottery runs (status `lottery`, 抽選受付中 linked to the entry page), ordinary
// after the draw; a full slot of a service with a waiting list links to joining it.
import { describe, expect, it } from 'vitest';
import { drawLottery } from '../../blocks/lottery/store';
import { committed } from '../../engine/db';
import { createTestApp } from '../helpers/test-app';

const blocks = [
  { kind: 'site', id: 'test-town', title: 'テスト町' },
  {
    kind: 'form', id: 'f', title: '申込',
    fields: [
      { id: 'name', type: 'text', label: '氏名', required: true },
      { id: 'email', type: 'email', label: 'メール', required: true },
    ],
  },
  {
    kind: 'calendar', id: 'courts', title: '体育館',
    resources: [{ id: 'a', title: 'A面' }],
    slotMinutes: 120, capacity: 1, weekly: [{ days: ['sat', 'sun'], open: '09:00', close: '13:00' }],
    bookingWindow: { opensDaysBefore: 90 },
  },
  { kind: 'service', id: 'gym', title: '体育館', form: 'f', calendar: 'courts' },
  {
    kind: 'lottery', id: 'jan', title: '1月抽選', service: 'gym',
    slots: { from: '2027-01-01', to: '2027-01-31' },
    applicationWindow: { opens: '2026-12-01T09:00:00+09:00', closes: '2026-12-10T17:00:00+09:00' },
    drawAt: '2026-12-11T09:00:00+09:00',
    maxChoices: 2, maxEntriesPerPerson: 1, maxWinsPerPerson: 1, confirmWithinHours: 0,
  },
  { kind: 'waitlist', id: 'w', service: 'gym' },
];
const AVAIL = '/api/t/test-town/services/gym/availability';
const statusAt = (slots: { start: string; status: string }[], start: string) => slots.find((s) => s.start === start)?.status;

describe('lottery slots in the availability', () => {
  it('are `lottery` (not open) until the draw, then open or full like any slot; dates outside the lottery are unchanged', async () => {
    const t = await createTestApp(blocks, { now: '2026-12-02T00:00:00Z' });
    const jan = await t.json('GET', `${AVAIL}?from=2027-01-02&to=2027-01-03`);
    expect(jan.status).toBe(200);
    expect(new Set(jan.body.slots.map((s: { status: string }) => s.status))).toEqual(new Set(['lottery']));
    // December is outside the lottery: first-come as usual.
    const dec = await t.json('GET', `${AVAIL}?from=2026-12-05&to=2026-12-05`);
    expect(statusAt(dec.body.slots, '2026-12-05T09:00:00+09:00')).toBe('open');
    // The grid says it in words and links to the entry page.
    const grid = await t.app.request('/t/test-town/s/gym?from=2027-01-02');
    const html = await grid.text();
    expect(html).toContain('抽選受付中');
    expect(html).toContain('href="/t/test-town/lottery/jan/apply?resource=a&amp;start=2027-01-02T09%3A00%3A00%2B09%3A00"');
    expect(html).toContain('id="held-note"');

    const e = await t.json('POST', '/api/t/test-town/lotteries/jan/entries', { choices: [{ resource: 'a', start: '2027-01-02T09:00:00+09:00' }], answers: { name: '甲', email: 'a@example.jp' } });
    expect(e.status).toBe(201);
    // Closed but not drawn: still held, no longer taking entries (no apply link).
    t.clock.set('2026-12-10T09:00:00Z');
    const waiting = await t.json('GET', `${AVAIL}?from=2027-01-02&to=2027-01-02`);
    expect(statusAt(waiting.body.slots, '2027-01-02T09:00:00+09:00')).toBe('lottery');
    const closedGrid = await (await t.app.request('/t/test-town/s/gym?from=2027-01-02')).text();
    expect(closedGrid).toContain('抽選待ち');
    expect(closedGrid).not.toContain('/lottery/jan/apply');

    await committed(t.db, () => drawLottery({ db: t.db, clock: t.clock }, { published: t.published, lotteryId: 'jan', actor: { type: 'system' } }));
    const after = await t.json('GET', `${AVAIL}?from=2027-01-02&to=2027-01-02`);
    expect(statusAt(after.body.slots, '2027-01-02T09:00:00+09:00')).toBe('full');
    expect(statusAt(after.body.slots, '2027-01-02T11:00:00+09:00')).toBe('open');
    // The won (full) slot offers the waiting list in the grid.
    const afterGrid = await (await t.app.request('/t/test-town/s/gym?from=2027-01-02')).text();
    expect(afterGrid).toContain('/t/test-town/waitlist/join?service=gym&amp;resource=a&amp;start=2027-01-02T09%3A00%3A00%2B09%3A00');
    expect(afterGrid).toContain('キャンセル待ち');
  });

  it('the OpenAPI description lists the status', async () => {
    const t = await createTestApp(blocks, { now: '2026-12-02T00:00:00Z' });
    const spec = await t.json('GET', '/api/t/test-town/openapi.json');
    expect(JSON.stringify(spec.body)).toContain('"enum":["open","full","closed","not-open-yet","past","lottery"]');
  });

  it('a lottery whose window has not opened holds its slots too (they are not first-come either)', async () => {
    const t = await createTestApp(blocks, { now: '2026-11-20T00:00:00Z' });
    const jan = await t.json('GET', `${AVAIL}?from=2027-01-02&to=2027-01-02`);
    expect(statusAt(jan.body.slots, '2027-01-02T09:00:00+09:00')).toBe('lottery');
    const grid = await (await t.app.request('/t/test-town/s/gym?from=2027-01-02')).text();
    expect(grid).toContain('抽選（受付前）');
    expect(grid).toContain('href="/t/test-town/lottery/jan?resource=a&amp;start=');
  });
});
