// Access keys: responses do not tell whether a receipt number exists, and an unknown
// number costs the same work as a known one with a wrong key — the access key is hashed
// and compared against a dummy hash. The comparison is observed through node:crypto
// (not timed: timings on a shared machine prove nothing either way).
import { describe, expect, it, vi } from 'vitest';
import { registry } from '../../blocks';
import { createFixedClock } from '../../engine/core/clock';
import { loadTenantBlocks } from '../../engine/config/load-tenant';
import { createTenantStore } from '../../engine/config/tenant-store';
import { publishVersion } from '../../engine/config/versions';
import { openDb, sqlAll } from '../../engine/db';
import { createApp } from '../../engine/http/app';
import { createFailureLimiter } from '../../engine/http/middleware/rate-limit';

const compared = vi.hoisted(() => ({ calls: [] as { a: string; b: string }[] }));
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>();
  const timingSafeEqual = (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
    compared.calls.push({ a: Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex'), b: Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex') });
    return real.timingSafeEqual(a, b);
  };
  return { ...real, default: { ...real, timingSafeEqual }, timingSafeEqual };
});

const blocks = [
  { kind: 'site', id: 'test-town', title: 'テスト町' },
  { kind: 'form', id: 'f', title: '申込', fields: [{ id: 'name', type: 'text', label: '氏名', required: true }] },
  { kind: 'calendar', id: 'c', title: '窓口', resources: [{ id: 'desk', title: '窓口' }], slotMinutes: 30, capacity: 50, weekly: [{ days: ['thu'], open: '09:00', close: '12:00' }] },
  { kind: 'service', id: 's', title: '予約', form: 'f', calendar: 'c' },
];

describe('access-key look-ups', () => {
  it('answer an existing number with a wrong key exactly like an unknown number, after the same hash comparison', async () => {
    const clock = createFixedClock('2026-12-01T00:00:00Z');
    const tenant = loadTenantBlocks('test-town', blocks, registry).tenant!;
    const db = openDb(':memory:');
    const v = await publishVersion(db, tenant, { source: 'folder', clock });
    // A limiter that never trips: this test looks at the look-up itself.
    const app = createApp({ registry, db, clock, tenants: createTenantStore([{ versionId: v.id, seq: v.seq, tenant }]), logger: { info() {}, error() {} }, limiter: createFailureLimiter({ db, name: 'access', max: 1e9, windowMs: 1 }) });
    for (let i = 0; i < 5; i++) {
      const res = await app.request('/api/t/test-town/services/s/reservations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ resource: 'desk', start: '2026-12-03T10:00:00+09:00', answers: { name: `n${i}` } }) });
      expect(res.status).toBe(201);
    }
    const lookup = async (receipt: string) => {
      compared.calls.length = 0;
      const res = await app.request(`/api/t/test-town/reservations/${receipt}`, { headers: { 'x-access-key': 'WrongKey2345' } });
      return { status: res.status, body: await res.text(), comparisons: [...compared.calls] };
    };
    const stored = new Set((await sqlAll<{ h: string }>(db, 'SELECT access_key_hash AS h FROM bookings')).map((r) => r.h));
    expect(stored.size).toBe(5);
    const first = await lookup('1');
    expect(first.status).toBe(404);
    for (let i = 0; i < 5; i++) {
      const existing = await lookup(String(1 + i));
      const unknown = await lookup(String(100_000 + i));
      expect(existing.status).toBe(404);
      expect(unknown.status).toBe(404);
      expect(existing.body).toBe(first.body);
      expect(unknown.body).toBe(first.body);
      // Known number: the given key's hashes (current form, and as typed for keys issued
      // before the grouped alphabet) are each compared with that booking's stored hash.
      expect(existing.comparisons).toHaveLength(2);
      expect(existing.comparisons.every((x) => stored.has(x.b))).toBe(true);
      // Unknown number: the same two comparisons of the same hashes, against a dummy
      // hash that belongs to no booking — the work the timing must not miss.
      expect(unknown.comparisons).toHaveLength(2);
      expect(unknown.comparisons.map((x) => x.a)).toEqual(existing.comparisons.map((x) => x.a));
      expect(unknown.comparisons.every((x) => /^[0-9a-f]{64}$/.test(x.b) && !stored.has(x.b))).toBe(true);
    }
  });
});
