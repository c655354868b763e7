// form-validate: the booking endpoint with ajv validation of the answers ÷ the
// same endpoint with validation skipped (a pass-through validator swapped into
// the compiled form). In-process (app.request) on a file database, alternating
// the two variants to share the machine's noise.
import type { CompiledKinds, KnownKind } from '../../engine/core/kinds';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { registry } from '../../blocks';
import type { CompiledService } from '../../blocks/service/block';
import { systemClock } from '../../engine/core/clock';
import { loadTenantBlocks } from '../../engine/config/load-tenant';
import type { CompiledTenant, PublishedTenant } from '../../engine/config/tenant';
import { createTenantStore } from '../../engine/config/tenant-store';
import { publishVersion } from '../../engine/config/versions';
import { closeDb, openDb } from '../../engine/db';
import { createApp } from '../../engine/http/app';
import { round } from './booking';
import { jstDay, tempDir, type Figure } from './common';

const fields = [
  { id: 'name', type: 'text', label: '氏名', required: true },
  { id: 'kana', type: 'furigana', label: 'フリガナ', required: true },
  { id: 'phone', type: 'phone', label: '電話番号', required: true },
  { id: 'email', type: 'email', label: 'メール' },
  { id: 'postal', type: 'postal-code', label: '郵便番号' },
  { id: 'topic', type: 'radio', label: '相談内容', required: true, options: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }] },
  { id: 'note', type: 'textarea', label: '備考', visibleIf: { '==': [{ var: 'answers.topic' }, 'b'] } },
];
const blocks = [
  { kind: 'site', id: 'form-town', title: 'フォーム町' },
  { kind: 'form', id: 'f', title: '申込', fields },
  {
    kind: 'calendar', id: 'c', title: '窓口', resources: [{ id: 'desk', title: '窓口' }], slotMinutes: 30, capacity: 100000,
    weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], open: '09:00', close: '17:00' }],
  },
  { kind: 'service', id: 'desk', title: '窓口予約', form: 'f', calendar: 'c' },
];

/** The same tenant whose service form accepts the answers as they are. */
function withoutValidation(tenant: CompiledTenant): CompiledTenant {
  const service = tenant.get('service', 'desk')!;
  const skipped: CompiledService = { ...service, form: { ...service.form, validate: (a) => ({ ok: true, value: a as Record<string, unknown> }) } };
  const get = <K extends KnownKind>(kind: K, id: string): CompiledKinds[K] | undefined =>
    kind === 'service' && id === 'desk' ? (skipped as CompiledKinds[K]) : tenant.get(kind, id);
  return { ...tenant, get };
}

/** A booking app on its own file database; run(ms) books for that long and returns bookings/s. */
async function bookingApp(tenant: CompiledTenant, dbPath: string) {
  const db = openDb(dbPath);
  const v = await publishVersion(db, tenant, { source: 'folder', clock: systemClock });
  const published: PublishedTenant = { versionId: v.id, seq: v.seq, tenant };
  const app = createApp({ registry, db, clock: systemClock, tenants: createTenantStore([published]), logger: { info() {}, error() {} } });
  const body = JSON.stringify({
    resource: 'desk',
    start: `${jstDay(5)}T10:00:00+09:00`,
    answers: { name: '山田 太郎', kana: 'やまだ たろう', phone: '090-1234-5678', email: 'taro@example.jp', postal: '〒100-0001', topic: 'b', note: 'よろしくお願いします' },
  });
  return {
    async run(ms: number): Promise<number> {
      let n = 0;
      const end = performance.now() + ms;
      const t0 = performance.now();
      const worker = async () => {
        while (performance.now() < end) {
          const res = await app.request('/api/t/form-town/services/desk/reservations', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
          if (res.status !== 201) throw new Error(`booking failed: ${res.status} ${await res.text()}`);
          n++;
        }
      };
      await Promise.all(Array.from({ length: 4 }, worker));
      return (n / (performance.now() - t0)) * 1000;
    },
    close: () => closeDb(db),
  };
}

const ROUNDS = 24;
const RUN_MS = 400;

export async function benchFormValidate(): Promise<Figure> {
  const tenant = loadTenantBlocks('form-town', blocks, registry).tenant!;
  const skipped = withoutValidation(tenant);
  const dir = tempDir('form');
  const withV: number[] = [];
  const without: number[] = [];
  const withApp = await bookingApp(tenant, join(dir, 'with.db'));
  const withoutApp = await bookingApp(skipped, join(dir, 'without.db'));
  try {
    // Untimed warm-up of both, so the first timed round does not pay for JIT compilation.
    await withApp.run(500);
    await withoutApp.run(500);
    // Short runs in pairs, the order swapped every round: the machine's speed (fsync
    // above all) drifts by tens of per cent within seconds, so only neighbours compare.
    for (let round = 0; round < ROUNDS; round++) {
      const first = round % 2 === 0;
      const x = await (first ? withApp : withoutApp).run(RUN_MS);
      const y = await (first ? withoutApp : withApp).run(RUN_MS);
      withV.push(first ? x : y);
      without.push(first ? y : x);
    }
  } finally {
    await withApp.close();
    await withoutApp.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((x, y) => x - y);
    return (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  // The ratio is the median of each round's own ratio.
  const ratios = withV.map((w, i) => w / without[i]);
  const ratio = median(ratios);
  const a = median(withV);
  const b = median(without);
  return {
    name: 'form-validate',
    value: round(a),
    unit: 'bookings/s',
    baseline: round(b),
    ratio: round(ratio, 3),
    target: 'ratio >= 0.9',
    pass: ratio >= 0.9,
    notes: `${fields.length}-field form with a condition; ${ROUNDS} rounds of two ${RUN_MS} ms runs in alternating order; ratio = median of per-round ratios (middle half ${[...ratios].sort((x, y) => x - y).slice(ROUNDS / 4, (3 * ROUNDS) / 4).map((r) => round(r, 2)).join(', ')})`,
  };
}
