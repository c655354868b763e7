// Fuzzed booking submissions (fast-check): never a 5xx, no database change on a
// 4xx, no prototype pollution. FUZZ_RUNS raises or lowers the case count (CI: 10,000).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sqlGet } from '../../engine/db';
import { isPostgres } from '../../engine/db/dialect';
import { addDays } from '../../engine/schedule/time';
import { createTestApp } from '../helpers/test-app';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);

const t = await createTestApp([
  { kind: 'site', id: 'test-town', title: 'テスト町' },
  {
    kind: 'form', id: 'f', title: '申込',
    fields: [
      { id: 'name', type: 'text', label: '氏名', required: true, maxLength: 50 },
      { id: 'kana', type: 'furigana', label: 'フリガナ' },
      { id: 'phone', type: 'phone', label: '電話番号', required: true },
      { id: 'email', type: 'email', label: 'メール' },
      { id: 'people', type: 'number', label: '人数', integer: true, min: 1, max: 10 },
      { id: 'topic', type: 'radio', label: '内容', required: true, options: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }] },
      { id: 'tags', type: 'checkboxes', label: 'タグ', options: [{ value: 'x', label: 'X' }, { value: 'y', label: 'Y' }] },
      { id: 'day', type: 'date', label: '希望日' },
      { id: 'agree', type: 'consent', label: '同意', required: true },
      { id: 'note', type: 'textarea', label: '備考', visibleIf: { '==': [{ var: 'answers.topic' }, 'b'] }, requiredIf: { '==': [{ var: 'answers.topic' }, 'b'] } },
    ],
  },
  {
    kind: 'calendar', id: 'c', title: '窓口', resources: [{ id: 'desk', title: '窓口' }, { id: 'desk2', title: '窓口2' }], slotMinutes: 30, capacity: 3,
    weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], open: '09:00', close: '12:00' }],
  },
  { kind: 'quota', id: 'q', title: '月3回まで', perPeriod: { period: 'month', max: 3 } },
  { kind: 'service', id: 's', title: '予約', form: 'f', calendar: 'c', quotas: ['q'], seatsField: 'people' },
]);

// The receipt sequence only on SQLite: on PostgreSQL a number is taken in a transaction of its
// own (engine/booking/receipt.ts), so a booking refused inside its transaction leaves a gap by design.
const fingerprint = async () =>
  JSON.stringify(
    await sqlGet(
      t.db,
      `SELECT (SELECT COUNT(*) FROM bookings) AS b, (SELECT COUNT(*) FROM audit_log) AS a,
      (SELECT COALESCE(SUM(used), 0) FROM slot_counters) AS u, ${isPostgres ? '0' : '(SELECT COALESCE(MAX(next), 0) FROM receipt_sequences)'} AS r,
      (SELECT COUNT(*) FROM idempotency_keys) AS i`,
    ),
  );

const field = fc.oneof(
  fc.string(),
  fc.constantFrom('山田 太郎', '髙橋﨑', '０９０－１２３４－５６７８', '090-1234-5678', 'a@example.jp', 'やまだ', 'a', 'b', 'x', '2026-02-30', '2026-12-03', ''),
  fc.integer({ min: -5, max: 20 }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.constantFrom('x', 'y', 'z', 1)),
  fc.jsonValue({ maxDepth: 2 }),
);
const key = fc.constantFrom('name', 'kana', 'phone', 'email', 'people', 'topic', 'tags', 'day', 'agree', 'note', '__proto__', 'constructor', 'prototype', 'toString', 'unknown');
const answersText = fc.array(fc.tuple(key, field), { maxLength: 12 }).map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`);
const start = fc.oneof(
  fc.constantFrom('2026-12-03T10:00:00+09:00', '2026-12-03T01:00:00Z', '2026-12-03T10:10:00+09:00', '2026-12-05T10:00:00+09:00', '2027-06-01T10:00:00+09:00', '2026-11-30T10:00:00+09:00'),
  fc.string(),
  fc.integer(),
);
const topKey = fc.constantFrom('resource', 'start', 'answers', '__proto__', 'extra');
// Mostly valid bookings, so the success and slot-full paths are exercised too.
// A few crowded days (slot full, quota) and two years of days that still have room,
// so generated bookings keep succeeding to the end of a long run.
const slotStart = fc
  .tuple(fc.oneof(fc.constantFrom('2026-12-03', '2026-12-04', '2026-12-07'), fc.integer({ min: 2, max: 730 }).map((n) => addDays('2026-12-01', n))), fc.constantFrom('09:00', '09:30', '10:00', '10:30', '11:00', '11:30'))
  .map(([d, h]) => `${d}T${h}:00+09:00`);
const nearlyValid = fc
  .record({
    resource: fc.constantFrom('desk', 'desk2'),
    start: slotStart,
    name: fc.oneof(fc.constantFrom('山田 太郎', '髙橋﨑子'), fc.string({ minLength: 1, maxLength: 60 })),
    phone: fc.oneof(fc.constantFrom('090-1234-5678', '０３１２３４５６７８'), fc.stringMatching(/^0\d{9,10}$/)),
    topic: fc.constantFrom('a', 'b', 'c'),
    people: fc.integer({ min: 0, max: 11 }),
    note: fc.option(fc.string()),
  })
  .map(({ resource, start: at, ...a }) => JSON.stringify({ resource, start: at, answers: { ...a, agree: true, ...(a.note === null ? { note: undefined } : {}) } }));
const bodyText = fc.oneof(
  nearlyValid,
  fc.record({ resource: fc.oneof(fc.constantFrom('desk', 'desk2', 'nope'), fc.jsonValue({ maxDepth: 1 })), start, answers: answersText }).map(
    (b) => `{"resource":${JSON.stringify(b.resource)},"start":${JSON.stringify(b.start)},"answers":${b.answers}}`,
  ),
  fc.array(fc.tuple(topKey, fc.jsonValue({ maxDepth: 2 })), { maxLength: 5 }).map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`),
  fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'),
  fc.string(),
);

const post = (body: string, headers: Record<string, string> = {}) =>
  t.app.request('/api/t/test-town/services/s/reservations', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

// Probe k: a valid booking on a slot nothing else uses (ordinary weekdays of 2029, beyond
// the generated days): 9 days × 2 desks × 6 times, each slot used by one probe at most.
const PROBE_DAYS = ['2029-01-09', '2029-01-10', '2029-01-11', '2029-01-12', '2029-01-15', '2029-01-16', '2029-01-17', '2029-01-18', '2029-01-19'];
const probeBody = (k: number) =>
  JSON.stringify({
    resource: k % 2 ? 'desk2' : 'desk',
    start: `${PROBE_DAYS[Math.floor(k / 12) % PROBE_DAYS.length]}T${['09:00', '09:30', '10:00', '10:30', '11:00', '11:30'][Math.floor(k / 2) % 6]}:00+09:00`,
    answers: { name: '山田 太郎', phone: `090${String(20_000_000 + k)}`, topic: 'a', people: 1, agree: true },
  });

describe('fuzzed booking submissions', () => {
  it(`${RUNS} random bodies: no 5xx, no change on 4xx, no prototype pollution; bookings still succeed throughout`, async () => {
    const protoKeys = Object.getOwnPropertyNames(Object.prototype).sort().join();
    const probeEvery = Math.max(1, Math.floor(RUNS / 50));
    let cases = 0;
    let probes = 0;
    let created = 0;
    await fc.assert(
      fc.asyncProperty(bodyText, fc.option(fc.constantFrom('k1', 'k2', 'k3')), async (body, idem) => {
        // Every probeEvery cases, whatever the fuzz did so far, a valid booking still books
        // (one row more): the 4xx property below is never the only path being exercised.
        if (++cases % probeEvery === 0) {
          const bookings = async () => (await sqlGet<{ n: number }>(t.db, 'SELECT COUNT(*) AS n FROM bookings'))!.n;
          const n = await bookings();
          const probe = await post(probeBody(probes++));
          expect(probe.status, await probe.text()).toBe(201);
          expect(await bookings()).toBe(n + 1);
        }
        const before = await fingerprint();
        const res = await post(body, idem ? { 'idempotency-key': idem } : {});
        const text = await res.text();
        expect(res.status, text).toBeLessThan(500);
        if (res.status >= 400) {
          expect(await fingerprint()).toBe(before);
          expect(JSON.parse(text).error.code).toMatch(/^[a-z_]+\.[a-z_]+$/);
        } else created++;
        expect(Object.getOwnPropertyNames(Object.prototype).sort().join()).toBe(protoKeys);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
    // The generator itself reaches the success path too, so the 4xx property is not vacuous.
    expect(created).toBeGreaterThan(0);
    expect(probes).toBe(Math.floor(cases / probeEvery));
  }, 300_000);
});
