// The lottery (抽選) through its HTTP API: commit-reveal seed, ranked choices,
// per-person limits, tiers, composite courts, a draw that runs once and not early,
// verification of the published result, the confirmation deadline, and a race of
// entries against the draw (serialised by the database, not by timing).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { registry } from '../../blocks';
import { sha256, verifyResult, type PublishedResult } from '../../blocks/lottery/draw';
import { applyEntry, drawLottery, withdrawEntry } from '../../blocks/lottery/store';
import { checkCounters } from '../../engine/booking/counters';
import { committed, sqlAll, sqlGet, sqlRun } from '../../engine/db';
import { runDueJobs } from '../../engine/jobs/scheduler';
import { createTestApp, silentLogger } from '../helpers/test-app';

const base = [
  { kind: 'site', id: 'test-town', title: 'テスト町' },
  {
    kind: 'form', id: 'f', title: '申込',
    fields: [
      { id: 'name', type: 'text', label: '氏名', required: true },
      { id: 'email', type: 'email', label: 'メール', required: true },
      { id: 'city', type: 'radio', label: '在住', required: true, options: [{ value: 'in', label: '市内' }, { value: 'out', label: '市外' }] },
    ],
  },
  {
    kind: 'calendar', id: 'courts', title: '体育館',
    resources: [{ id: 'a', title: 'A面' }, { id: 'b', title: 'B面' }, { id: 'all', title: '全面', consumes: ['a', 'b'] }],
    slotMinutes: 120, capacity: 1, weekly: [{ days: ['sat', 'sun'], open: '09:00', close: '13:00' }],
    bookingWindow: { opensDaysBefore: 90 },
  },
  { kind: 'service', id: 'gym', title: '体育館', form: 'f', calendar: 'courts' },
];
const lottery = {
  kind: 'lottery', id: 'gym-2027-01', title: '1月抽選', service: 'gym',
  slots: { from: '2027-01-01', to: '2027-01-31' },
  applicationWindow: { opens: '2026-12-01T09:00:00+09:00', closes: '2026-12-10T17:00:00+09:00' },
  drawAt: '2026-12-11T09:00:00+09:00',
  maxChoices: 3, maxEntriesPerPerson: 2, maxWinsPerPerson: 2, confirmWithinHours: 72, onlineWithdrawal: true,
  priority: [{ id: 'resident', title: '市内在住', when: { '==': [{ var: 'answers.city' }, 'in'] } }],
};
const IN_WINDOW = '2026-12-02T00:00:00Z';
const CLOSED = '2026-12-10T09:00:00Z';
const A9 = { resource: 'a', start: '2027-01-02T09:00:00+09:00' };
const B9 = { resource: 'b', start: '2027-01-02T09:00:00+09:00' };
const ALL9 = { resource: 'all', start: '2027-01-02T09:00:00+09:00' };
const A11 = { resource: 'a', start: '2027-01-02T11:00:00+09:00' };
const who = (n: number | string, city = 'out') => ({ name: `申込 ${n}`, email: `p${n}@example.jp`, city });
const URL_ = '/api/t/test-town/lotteries/gym-2027-01';

async function setup(overrides: Record<string, unknown> = {}, extra: unknown[] = []) {
  const t = await createTestApp([...base, { ...lottery, ...overrides }, ...extra], { now: IN_WINDOW });
  const enter = (choices: unknown[], answers: unknown) => t.json('POST', `${URL_}/entries`, { choices, answers });
  const draw = () => committed(t.db, () => drawLottery({ db: t.db, clock: t.clock }, { published: t.published, lotteryId: 'gym-2027-01', actor: { type: 'system' } }));
  return { t, enter, draw };
}
const entryStatus = async (t: Awaited<ReturnType<typeof createTestApp>>) =>
  Object.fromEntries((await sqlAll<{ no: number; status: string; won: number | null }>(t.db, `SELECT entry_no AS no, status, won_choice AS won FROM lottery_entries ORDER BY entry_no`)).map((r) => [r.no, [r.status, r.won]]));

describe('lottery', () => {
  it('publishes the seed hash while open and reveals a seed that matches it at the draw', async () => {
    const { t, enter, draw } = await setup();
    const list = await t.json('GET', '/api/t/test-town/lotteries');
    expect(list.body.lotteries).toEqual([expect.objectContaining({ id: 'gym-2027-01', service: 'gym', status: 'open', seedHash: expect.stringMatching(/^[0-9a-f]{64}$/) })]);
    const r = await enter([A9], who(1));
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ entryNo: 1, status: 'applied', accessKey: expect.any(String) });
    expect((await t.json('GET', `${URL_}/result`)).body.error.code).toBe('lottery.not_drawn');
    t.clock.set(CLOSED);
    await draw();
    const result = (await t.json('GET', `${URL_}/result`)).body as PublishedResult;
    expect(result.seedHash).toBe(list.body.lotteries[0].seedHash);
    expect(sha256(result.seed)).toBe(result.seedHash);
    // No personal data in the published result.
    expect(JSON.stringify(result)).not.toMatch(/example\.jp|申込 1/);
  });

  it('draws exactly capacity winners per slot, the rest lost', async () => {
    const { t, enter, draw } = await setup();
    for (let i = 1; i <= 5; i++) expect((await enter([A9], who(i))).status).toBe(201);
    t.clock.set(CLOSED);
    const result = await draw();
    expect(result.entries.filter((e) => e.outcome === 'won')).toHaveLength(1);
    expect(result.entries.filter((e) => e.outcome === 'lost')).toHaveLength(4);
    expect(await sqlAll(t.db, `SELECT status FROM bookings`)).toEqual([{ status: 'offered' }]);
    expect(await checkCounters(t.db, 'test-town')).toEqual([]);
  });

  it('gives a later ranked choice when the first is taken; tiers go first', async () => {
    const { t, enter, draw } = await setup();
    expect((await enter([A9, B9], who(1, 'out'))).status).toBe(201); // entry 1, tier 1
    expect((await enter([A9], who(2, 'in'))).status).toBe(201); // entry 2, tier 0
    t.clock.set(CLOSED);
    const result = await draw();
    expect(result.entries.map((e) => [e.entryNo, e.tier, e.outcome, e.wonChoice])).toEqual([
      [1, 1, 'won', 1],
      [2, 0, 'won', 0],
    ]);
  });

  it('refuses choices beyond maxChoices, slots outside the lottery and entries beyond the per-person limit', async () => {
    const { enter } = await setup({ maxChoices: 2 });
    const tooMany = await enter([A9, B9, A11], who(1));
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.error.issues[0]).toMatchObject({ code: 'lottery.too_many_choices', path: '/choices/2' });
    const outside = await enter([{ resource: 'a', start: '2027-02-06T09:00:00+09:00' }], who(1));
    expect(outside.status).toBe(422);
    expect(outside.body.error.issues[0]).toMatchObject({ code: 'lottery.slot_outside', path: '/choices/0' });
    expect((await enter([A9], who(1))).status).toBe(201);
    expect((await enter([B9], who(1))).status).toBe(201);
    const third = await enter([A11], who(1));
    expect(third.status).toBe(409);
    expect(third.body.error.code).toBe('lottery.too_many_entries');
  });

  it('caps the wins of one person at maxWinsPerPerson', async () => {
    const { t, enter, draw } = await setup({ maxWinsPerPerson: 1 });
    await enter([A9], who(1));
    await enter([A11], who(1));
    t.clock.set(CLOSED);
    const result = await draw();
    expect(result.entries.map((e) => e.outcome).sort()).toEqual(['lost', 'won']);
    expect(result.entries[0]!.person).toBe(result.entries[1]!.person);
  });

  it('a 全面 win takes both courts', async () => {
    const { t, enter, draw } = await setup();
    await enter([ALL9], who(1, 'in'));
    await enter([A9], who(2, 'out'));
    await enter([B9], who(3, 'out'));
    t.clock.set(CLOSED);
    const result = await draw();
    expect(result.entries.map((e) => e.outcome)).toEqual(['won', 'lost', 'lost']);
    expect(await sqlAll(t.db, `SELECT unit, used FROM slot_counters ORDER BY unit`)).toEqual([{ unit: 'a', used: 1 }, { unit: 'b', used: 1 }]);
    expect(await checkCounters(t.db, 'test-town')).toEqual([]);
  });

  it('cannot draw before the window closes, and a second draw returns the same result', async () => {
    const { t, enter } = await setup();
    await enter([A9], who(1));
    await enter([A9], who(2));
    const early = await t.json('POST', '/api/admin/t/test-town/lotteries/gym-2027-01/draw');
    expect(early.status).toBe(401); // staff only
    const { ensureAdminAccounts } = await import('../../engine/staff/bootstrap');
    await ensureAdminAccounts({ db: t.db, clock: t.clock }, ['test-town'], 'admin-pass-2026');
    (await sqlRun(t.db, `UPDATE staff_accounts SET must_change_password = false`));
    const logIn = async () => {
      const login = await t.app.request('/api/admin/t/test-town/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ loginId: 'admin', password: 'admin-pass-2026' }) });
      return /muni_staff=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
    };
    let cookie = await logIn();
    const tooEarly = await t.json('POST', '/api/admin/t/test-town/lotteries/gym-2027-01/draw', undefined, { cookie });
    expect(tooEarly.status, JSON.stringify(tooEarly.body)).toBe(409);
    expect(tooEarly.body.error.code).toBe('lottery.draw_too_early');
    t.clock.set(CLOSED);
    cookie = await logIn();
    const first = await t.json('POST', '/api/admin/t/test-town/lotteries/gym-2027-01/draw', undefined, { cookie });
    expect(first.status).toBe(200);
    t.clock.advance(3_600_000);
    const second = await t.json('POST', '/api/admin/t/test-town/lotteries/gym-2027-01/draw', undefined, { cookie });
    expect(second.body).toEqual(first.body);
    expect(await sqlAll(t.db, `SELECT id FROM bookings`)).toHaveLength(1);
  });

  it('draws automatically at drawAt through the job', async () => {
    const { t, enter } = await setup();
    await enter([A9], who(1));
    t.clock.set('2026-12-11T00:00:30Z');
    const ran = await runDueJobs({ db: t.db, clock: t.clock, tenants: t.tenants, logger: silentLogger }, registry);
    expect(ran).toContain('lottery/draw');
    expect(await entryStatus(t)).toEqual({ 1: ['won', 0] });
  });

  it('verify detects a changed outcome, seed or entry, and passes the untouched result', async () => {
    const { t, enter, draw } = await setup();
    for (let i = 1; i <= 6; i++) await enter(i % 2 ? [A9, B9] : [B9, A11], who(i, i < 3 ? 'in' : 'out'));
    t.clock.set(CLOSED);
    const result = await draw();
    expect(verifyResult(result)).toEqual([]);
    const copy = () => JSON.parse(JSON.stringify(result)) as PublishedResult;

    const outcome = copy();
    const lost = outcome.entries.find((e) => e.outcome === 'lost')!;
    lost.outcome = 'won';
    lost.wonChoice = 0;
    expect(verifyResult(outcome)).toEqual([expect.stringContaining(`entry ${lost.entryNo}: outcome`)]);

    const seed = copy();
    seed.seed = seed.seed.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    expect(verifyResult(seed)[0]).toMatch(/^seed: /);

    const entry = copy();
    entry.entries[0]!.choices = [A11];
    expect(verifyResult(entry).join('\n')).toMatch(/^entries: /);

    // The CLI says the same and exits non-zero; 0 on the untouched file.
    const dir = mkdtempSync(join(tmpdir(), 'lottery-'));
    writeFileSync(join(dir, 'ok.json'), JSON.stringify(result));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(outcome));
    const cli = ['--import', 'tsx', 'blocks/lottery/verify-cli.ts'];
    expect(execFileSync(process.execPath, [...cli, join(dir, 'ok.json')], { encoding: 'utf8' })).toMatch(/一致|matches/);
    let code = 0;
    let out = '';
    try {
      execFileSync(process.execPath, [...cli, join(dir, 'bad.json')], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      code = (e as { status: number }).status;
      out = String((e as { stderr: string }).stderr);
    }
    expect(code).toBe(1);
    expect(out).toContain(`entry ${lost.entryNo}`);
  });

  it('withdraws inside the window with the access key, not after it closes', async () => {
    const { t, enter } = await setup();
    const a = (await enter([A9], who(1))).body;
    const b = (await enter([B9], who(2))).body;
    expect((await t.json('DELETE', `${URL_}/entries/${a.entryNo}`, undefined, { 'x-access-key': 'wrong' })).status).toBe(404);
    const w = await t.json('DELETE', `${URL_}/entries/${a.entryNo}`, undefined, { 'x-access-key': a.accessKey });
    expect(w.body).toMatchObject({ entryNo: 1, status: 'withdrawn' });
    t.clock.set(CLOSED);
    const late = await t.json('DELETE', `${URL_}/entries/${b.entryNo}`, undefined, { 'x-access-key': b.accessKey });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('lottery.withdrawal_closed');
  });

  it('blocks first-come booking of lottery slots until the draw; after it, free places are bookable', async () => {
    const { t, enter, draw } = await setup();
    const book = (slot: typeof A9, n: number) => t.json('POST', '/api/t/test-town/services/gym/reservations', { ...slot, answers: who(`fc${n}`) });
    const during = await book(B9, 1);
    expect(during.status).toBe(409);
    expect(during.body.error.code).toBe('lottery.slot_in_lottery');
    await enter([A9], who(1));
    t.clock.set(CLOSED);
    await draw();
    expect((await book(B9, 2)).status).toBe(201);
    expect((await book(A9, 3)).body.error.code).toBe('booking.slot_full');
  });

  it('a win is confirmed before its deadline; an unconfirmed one is released by the job and the place opens', async () => {
    const { t, enter, draw } = await setup();
    const a = (await enter([A9], who(1))).body;
    const b = (await enter([B9], who(2))).body;
    t.clock.set(CLOSED);
    await draw();
    const view = await t.json('GET', `${URL_}/entries/${a.entryNo}`, undefined, { 'x-access-key': a.accessKey });
    expect(view.body).toMatchObject({ status: 'won', wonChoice: 0, booking: { status: 'offered' } });
    const ok = await t.json('POST', `${URL_}/entries/${a.entryNo}/confirm`, undefined, { 'x-access-key': a.accessKey });
    expect(ok.body.booking.status).toBe('confirmed');
    t.clock.advance(73 * 3_600_000);
    const late = await t.json('POST', `${URL_}/entries/${b.entryNo}/confirm`, undefined, { 'x-access-key': b.accessKey });
    expect(late.body.error.code).toBe('lottery.confirm_closed');
    await runDueJobs({ db: t.db, clock: t.clock, tenants: t.tenants, logger: silentLogger }, registry);
    expect(await sqlAll(t.db, `SELECT resource_id AS r, status FROM bookings ORDER BY resource_id`)).toEqual([{ r: "a", status: "confirmed" }, { r: "b", status: "expired" }]);
    expect(await checkCounters(t.db, 'test-town')).toEqual([]);
    const again = await t.json('POST', '/api/t/test-town/services/gym/reservations', { ...B9, answers: who('fc') });
    expect(again.status).toBe(201);
  });

  it('wins are confirmed bookings at once where no confirmation is needed', async () => {
    const { t, enter, draw } = await setup({ confirmWithinHours: 0 });
    await enter([A9], who(1));
    t.clock.set(CLOSED);
    await draw();
    expect(await sqlAll(t.db, `SELECT status FROM bookings`)).toEqual([{ status: 'confirmed' }]);
  });

  it('sends the notices the tenant configured for entries, wins and losses', async () => {
    const notices = {
      kind: 'notification', id: 'n', title: '通知',
      messages: ['applied', 'withdrawn', 'won', 'lost'].map((e) => ({ id: e, event: `lottery.${e}`, channels: ['email'], subject: `${e}`, body: e === 'won' ? '{{booking.receiptNo}}' : '{{lottery.title}} {{lottery.entryNo}}' })),
    };
    const { t, enter, draw } = await setup({}, [notices]);
    const a = (await enter([A9], who(1))).body;
    await enter([A9], who(2));
    await enter([A9], who(3));
    await t.json('DELETE', `${URL_}/entries/${a.entryNo}`, undefined, { 'x-access-key': a.accessKey });
    t.clock.set(CLOSED);
    await draw();
    const out = await sqlAll<{ subject: string; body: string }>(t.db, `SELECT subject, body_text AS body FROM notification_outbox ORDER BY id`);
    expect(out.map((o) => o.subject).sort()).toEqual(['applied', 'applied', 'applied', 'lost', 'withdrawn', 'won']);
    expect(out.find((o) => o.subject === 'withdrawn')!.body).toContain('1月抽選 1');
  });

  it('entries, withdrawals and the draw racing: every entry is in the result or refused, none half-drawn', async () => {
    const { t, enter } = await setup({ maxEntriesPerPerson: 1, maxWinsPerPerson: 1 });
    const keys: { entryNo: number; accessKey: string }[] = [];
    for (let i = 1; i <= 6; i++) keys.push((await enter([A9, B9], who(i))).body);
    t.clock.set(CLOSED);
    const deps = { db: t.db, clock: t.clock };
    const staff = { type: 'staff' as const, id: 'admin' };
    const jobs: Promise<unknown>[] = [];
    for (let i = 0; i < 12; i++) {
      // Paper entries (staff may enter until the draw), staff withdrawals and the draw, interleaved.
      jobs.push(committed(t.db, () => applyEntry(deps, { published: t.published, lotteryId: 'gym-2027-01', choices: [A9, ALL9], answers: who(`paper${i}`), actor: staff, channel: 'staff' })));
      if (i < 6) jobs.push(committed(t.db, () => withdrawEntry(deps, { published: t.published, lotteryId: 'gym-2027-01', entryNo: String(keys[i]!.entryNo), auth: { kind: 'staff' }, actor: staff })));
      if (i === 5) jobs.push(committed(t.db, () => drawLottery(deps, { published: t.published, lotteryId: 'gym-2027-01', actor: staff })));
    }
    const settled = await Promise.allSettled(jobs);
    const refused = settled.filter((s) => s.status === 'rejected').map((s) => (s as PromiseRejectedResult).reason.code);
    // A withdrawal that lands after the draw is refused: the window is closed, or (when the
    // database ran them side by side, PostgreSQL) the entry was already drawn.
    const late = ['lottery.not_open', 'lottery.withdrawal_closed', 'lottery.entry_not_active'];
    expect(refused.filter((c) => !late.includes(c))).toEqual([]);
    const result = (await t.json('GET', `${URL_}/result`)).body as PublishedResult;
    expect(verifyResult(result)).toEqual([]);
    const rows = await sqlAll<{ no: number; status: string }>(t.db, `SELECT entry_no AS no, status FROM lottery_entries ORDER BY entry_no`);
    // Every entry left applied would have been missed by the draw: there is none.
    expect(rows.filter((r) => r.status === 'applied')).toEqual([]);
    expect(rows.filter((r) => r.status !== 'withdrawn').map((r) => r.no)).toEqual(result.entries.map((e) => e.entryNo));
    expect(result.entries.filter((e) => e.outcome === 'won').length).toBeLessThanOrEqual(2);
    expect(await checkCounters(t.db, 'test-town')).toEqual([]);
  });

  it('a monthly cycle is one lottery per month, each with its own id, window and seed', async () => {
    const monthly = {
      kind: 'lottery', id: 'gym-monthly', title: '月例抽選', service: 'gym',
      cycle: { monthly: { firstMonth: '2027-02', monthsAhead: 2, opens: '01T09:00', closes: '10T17:00', drawAt: '11T09:00' } },
      maxChoices: 2, maxEntriesPerPerson: 1, maxWinsPerPerson: 1, confirmWithinHours: 0,
    };
    const t = await createTestApp([...base, monthly], { now: '2026-12-02T00:00:00Z' });
    const list = (await t.json('GET', '/api/t/test-town/lotteries')).body.lotteries as { id: string; status: string; seedHash: string | null; applicationWindow: { opens: string } }[];
    expect(list.map((l) => [l.id, l.status])).toEqual([['gym-monthly-2027-02', 'open'], ['gym-monthly-2027-03', 'upcoming']]);
    expect(list[0]!.applicationWindow.opens).toBe('2026-12-01T09:00:00+09:00');
    expect(list[1]!.seedHash).toBeNull(); // committed only once its window opens
    const feb = { resource: 'a', start: '2027-02-06T09:00:00+09:00' };
    const mar = { resource: 'a', start: '2027-03-06T09:00:00+09:00' };
    const enter = (id: string, choice: unknown, n: number) => t.json('POST', `/api/t/test-town/lotteries/${id}/entries`, { choices: [choice], answers: who(n) });
    expect((await enter('gym-monthly-2027-02', feb, 1)).status).toBe(201);
    expect((await enter('gym-monthly-2027-02', mar, 2)).body.error.issues[0].code).toBe('lottery.slot_outside');
    expect((await enter('gym-monthly-2027-03', mar, 2)).body.error.code).toBe('lottery.not_open');
    // First-come booking of a February slot waits for the February draw; the job draws it on the 11th.
    const fc = await t.json('POST', '/api/t/test-town/services/gym/reservations', { ...feb, answers: who('fc') });
    expect(fc.body.error.code).toBe('lottery.slot_in_lottery');
    t.clock.set('2026-12-11T00:00:30Z');
    await runDueJobs({ db: t.db, clock: t.clock, tenants: t.tenants, logger: silentLogger }, registry);
    const feb2 = (await t.json('GET', '/api/t/test-town/lotteries/gym-monthly-2027-02/result')).body as PublishedResult;
    expect(feb2).toMatchObject({ lottery: 'gym-monthly-2027-02', cycle: '2027-02', entries: [{ entryNo: 1, outcome: 'won' }] });
    expect(verifyResult(feb2)).toEqual([]);
    // January: the March cycle opens with a seed of its own.
    t.clock.set('2027-01-01T00:00:00Z');
    expect((await enter('gym-monthly-2027-03', mar, 2)).status).toBe(201);
    const jan = (await t.json('GET', '/api/t/test-town/lotteries')).body.lotteries as { id: string; seedHash: string }[];
    expect(jan.find((l) => l.id === 'gym-monthly-2027-03')!.seedHash).toMatch(/^[0-9a-f]{64}$/);
    expect(jan.find((l) => l.id === 'gym-monthly-2027-03')!.seedHash).not.toBe(feb2.seedHash);
    expect((await t.json('GET', '/api/t/test-town/lotteries/gym-monthly-2027-01/result')).status).toBe(404);
  });

  it('staff enter paper applications after the close, list entries, withdraw and confirm on behalf', async () => {
    const { t, enter } = await setup();
    const { ensureAdminAccounts } = await import('../../engine/staff/bootstrap');
    await ensureAdminAccounts({ db: t.db, clock: t.clock }, ['test-town'], 'admin-pass-2026');
    (await sqlRun(t.db, `UPDATE staff_accounts SET must_change_password = false`));
    const a = (await enter([A9], who(1))).body;
    t.clock.set(CLOSED);
    const login = await t.app.request('/api/admin/t/test-town/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ loginId: 'admin', password: 'admin-pass-2026' }) });
    const cookie = /muni_staff=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
    const staff = (method: string, path: string, body?: unknown) => t.json(method, `/api/admin/t/test-town/lotteries/gym-2027-01${path}`, body, { cookie });
    // Residents can no longer enter; staff can, until the draw (抽選入力).
    expect((await enter([B9], who(2))).body.error.code).toBe('lottery.not_open');
    const paper = await staff('POST', '/entries', { choices: [B9], answers: who('paper', 'in') });
    expect(paper.status).toBe(201);
    expect(paper.body.accessKey).toEqual(expect.any(String));
    const list = await staff('GET', '/entries');
    expect(list.body.entries.map((e: { entryNo: number; channel: string; tier: string | null; answers: { name: string } }) => [e.entryNo, e.channel, e.tier, e.answers.name])).toEqual([
      [1, 'api', null, '申込 1'],
      [2, 'staff', 'resident', '申込 paper'],
    ]);
    const csv = await t.app.request('/api/admin/t/test-town/lotteries/gym-2027-01/entries.csv', { headers: { cookie } });
    const lines = (await csv.text()).replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('申込番号,状態,優先,第1希望,第2希望,第3希望,当選した希望,受付番号,予約の状態,受付経路,申込日時,氏名,メール,在住');
    expect(lines[2]).toBe('2,申込中,resident,B面 2027-01-02 09:00,,,,,,窓口（抽選入力）,2026-12-10 18:00,申込 paper,ppaper@example.jp,in');
    // The console's list: state, seed hash and counts.
    const lotteries = await t.json('GET', '/api/admin/t/test-town/lotteries', undefined, { cookie });
    expect(lotteries.body.lotteries).toEqual([expect.objectContaining({ id: 'gym-2027-01', status: 'closed', seedHash: expect.stringMatching(/^[0-9a-f]{64}$/), counts: { applied: 2, won: 0, lost: 0, withdrawn: 0 }, utcOffset: '+09:00' })]);
    expect((await staff('POST', `/entries/${a.entryNo}/withdraw`)).body.status).toBe('withdrawn');
    await staff('POST', '/draw');
    const confirmed = await staff('POST', `/entries/${paper.body.entryNo}/confirm`);
    expect(confirmed.body).toMatchObject({ status: 'won', booking: { status: 'confirmed' } });
  });

  it('reminds once before the confirmation deadline', async () => {
    const notices = { kind: 'notification', id: 'n', title: '通知', messages: [{ id: 'r', event: 'lottery.confirm_reminder', channels: ['email'], subject: '当選確定のお願い', body: '{{booking.receiptNo}}' }] };
    const { t, enter, draw } = await setup({}, [notices]);
    await enter([A9], who(1));
    t.clock.set(CLOSED);
    await draw();
    const jobs = { db: t.db, clock: t.clock, tenants: t.tenants, logger: silentLogger };
    const count = async () => (await sqlGet<{ n: number }>(t.db, `SELECT COUNT(*) AS n FROM notification_outbox WHERE event = 'lottery.confirm_reminder'`))!.n;
    t.clock.advance(47 * 3_600_000);
    await runDueJobs(jobs, registry);
    expect(await count()).toBe(0);
    t.clock.advance(2 * 3_600_000);
    await runDueJobs(jobs, registry);
    t.clock.advance(60_000);
    await runDueJobs(jobs, registry);
    expect(await count()).toBe(1);
  });
});
