// Access keys: responses and timing do not tell whether a receipt number exists.
import { describe, expect, it } from 'vitest';
import { registry } from '../../blocks';
import { createFixedClock } from '../../engine/core/clock';
import { loadTenantBlocks } from '../../engine/config/load-tenant';
import { createTenantStore } from '../../engine/config/tenant-store';
import { publishVersion } from '../../engine/config/versions';
import { openDb } from '../../engine/db';
import { createApp } from '../../engine/http/app';
import { createFailureLimiter } from '../../engine/http/middleware/rate-limit';

const blocks = [
  { kind: 'site', id: 'test-town', title: 'テスト町' },
  { kind: 'form', id: 'f', title: '申込', fields: [{ id: 'name', type: 'text', label: '氏名', required: true }] },
  { kind: 'calendar', id: 'c', title: '窓口', resources: [{ id: 'desk', title: '窓口' }], slotMinutes: 30, capacity: 50, weekly: [{ days: ['thu'], open: '09:00', close: '12:00' }] },
  { kind: 'service', id: 's', title: '予約', form: 'f', calendar: 'c' },
];

describe('access-key look-ups', () => {
  it('answer an existing number with a wrong key exactly like an unknown number, in about the same time', async () => {
    const clock = createFixedClock('2026-12-01T00:00:00Z');
    const tenant = loadTenantBlocks('test-town', blocks, registry).tenant!;
    const db = openDb(':memory:');
    const v = publishVersion(db, tenant, { source: 'folder', clock });
    // A limiter that never trips: this test measures the look-up itself.
    const app = createApp({ registry, db, clock, tenants: createTenantStore([{ versionId: v.id, seq: v.seq, tenant }]), logger: { info() {}, error() {} }, limiter: createFailureLimiter({ max: 1e9, windowMs: 1 }) });
    for (let i = 0; i < 20; i++) {
      await app.request('/api/t/test-town/services/s/reservations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ resource: 'desk', start: '2026-12-03T10:00:00+09:00', answers: { name: `n${i}` } }) });
    }
    const lookup = async (receipt: string) => {
      const t0 = performance.now();
      const res = await app.request(`/api/t/test-town/reservations/${receipt}`, { headers: { 'x-access-key': 'WrongKey2345' } });
      const body = await res.text();
      return { ms: performance.now() - t0, status: res.status, body };
    };
    const existing: number[] = [];
    const unknown: number[] = [];
    let first: { status: number; body: string } | undefined;
    for (let i = 0; i < 600; i++) {
      const a = await lookup(String(1 + (i % 20)));
      const b = await lookup(String(100_000 + i));
      first ??= a;
      expect(a.status).toBe(404);
      expect(b.status).toBe(404);
      expect(a.body).toBe(first.body);
      expect(b.body).toBe(first.body);
      if (i >= 100) {
        existing.push(a.ms);
        unknown.push(b.ms);
      }
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    const ratio = median(existing) / median(unknown);
    // Both paths do one indexed read and one hash comparison; allow for machine noise only.
    expect(ratio).toBeGreaterThan(0.75);
    expect(ratio).toBeLessThan(1.33);
  });
});
