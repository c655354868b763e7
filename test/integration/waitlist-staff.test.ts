// The console's view of the waiting lists: each slot's list in order, offered
// entries with their deadline, only services in the staff member's scope.
import { describe, expect, it } from 'vitest';
import { registry } from '../../blocks';
import { runDueJobs } from '../../engine/jobs/scheduler';
import { silentLogger } from '../helpers/test-app';
import { createAdminTestApp } from './admin-helpers';

describe('waiting lists in the console', () => {
  it('lists a slot’s list in order, the offer with its deadline, and nothing outside the scope', async () => {
    const t = await createAdminTestApp();
    const start = '2026-12-05T09:00:00+09:00';
    const answers = (n: number) => ({ name: `待ち ${n}`, phone: `09011110${String(n).padStart(3, '0')}`, people: 5, purpose: 'badminton' });
    const first = await t.request('POST', '/api/t/demo-city/services/gym/reservations', { body: { resource: 'court-a', start, answers: answers(0) } });
    expect(first.status).toBe(201);
    for (const n of [1, 2]) expect((await t.request('POST', '/api/t/demo-city/services/gym/waitlist', { body: { resource: 'court-a', start, answers: answers(n) } })).status).toBe(201);
    const list = () => t.request('GET', '/api/admin/t/demo-city/waitlists?from=2026-12-05&to=2026-12-05', { cookie: t.cookies.otherStaff });
    expect((await list()).body.rows.map((r: { name: string; position: number | null }) => [r.name, r.position])).toEqual([
      ['待ち 1', 1],
      ['待ち 2', 2],
    ]);
    await t.request('DELETE', `/api/t/demo-city/reservations/${first.body.receiptNo}`, { headers: { 'x-access-key': first.body.accessKey } });
    t.clock.advance(60_000);
    await runDueJobs({ db: t.db, clock: t.clock, tenants: t.tenants, logger: silentLogger }, registry);
    const after = (await list()).body.rows;
    expect(after.map((r: { name: string; position: number | null }) => [r.name, r.position])).toEqual([
      ['待ち 1', null],
      ['待ち 2', 1],
    ]);
    expect(after[0]).toMatchObject({ resourceTitle: { ja: 'A面' }, offerExpiresAt: expect.stringMatching(/^2026-12-02T10:01:00\+09:00$/) });
    expect((await t.request('GET', '/api/admin/t/demo-city/waitlists?from=2026-12-05', { cookie: t.cookies.staff })).body.rows).toEqual([]);
    expect((await t.request('GET', '/api/admin/t/demo-city/waitlists?from=tomorrow', { cookie: t.cookies.staff })).body.error.issues[0].path).toBe('/from');
  });
});
