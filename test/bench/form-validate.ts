// form-validate: the booking endpoint with ajv validation of the answers ÷ the
// same endpoint with validation skipped (a pass-through validator swapped into
// the compiled form). In-process (app.request) on a file database, alternating
// the two variants to share the machine's noise.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { registry } from '../../blocks';
import type { CompiledService } from '../../blocks/service/block';
import { systemClock } from '../../engine/core/clock';
import { loadTenantBlocks } from '../../engine/config/load-tenant';
import type { CompiledTenant, PublishedTenant } from '../../engine/config/tenant';
import { createTenantStore } from '../../engine/config/tenant-store';
import { publishVersion } from '../../engine/config/versions';
import { openDb } from '../../engine/db';
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
  const service = tenant.get<CompiledService>('service', 'desk')!;
  const skipped: CompiledService = { ...service, form: { ...service.form, validate: (a) => ({ ok: true, value: a as Record<string, unknown> }) } };
  return { ...tenant, get: <T>(kind: string, id: string) => (kind === 'service' && id === 'desk' ? (skipped as T) : tenant.get<T>(kind, id)) };
}

async function throughput(tenant: CompiledTenant, dbPath: string, ms: number): Promise<number> {
  const db = openDb(dbPath);
  const v = publishVersion(db, tenant, { source: 'folder', clock: systemClock });
  const published: PublishedTenant = { versionId: v.id, seq: v.seq, tenant };
  const app = createApp({ db, clock: systemClock, tenants: createTenantStore([published]), logger: { info() {}, error() {} } });
  const body = JSON.stringify({
    resource: 'desk',
    start: `${jstDay(5)}T10:00:00+09:00`,
    answers: { name: '山田 太郎', kana: 'やまだ たろう', phone: '090-1234-5678', email: 'taro@example.jp', postal: '〒100-0001', topic: 'b', note: 'よろしくお願いします' },
  });
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
  const rate = (n / (performance.now() - t0)) * 1000;
  db.$client.close();
  return rate;
}

export async function benchFormValidate(): Promise<Figure> {
  const tenant = loadTenantBlocks('form-town', blocks, registry).tenant!;
  const skipped = withoutValidation(tenant);
  const dir = tempDir('form');
  const withV: number[] = [];
  const without: number[] = [];
  try {
    for (let round = 0; round < 4; round++) {
      withV.push(await throughput(tenant, join(dir, `v${round}.db`), 1000));
      without.push(await throughput(skipped, join(dir, `s${round}.db`), 1000));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const a = median(withV);
  const b = median(without);
  return {
    name: 'form-validate',
    value: round(a),
    unit: 'bookings/s',
    baseline: round(b),
    ratio: round(a / b, 3),
    target: 'ratio >= 0.9',
    pass: a / b >= 0.9,
    notes: `${fields.length}-field form with a condition; median of 4 alternating 1 s runs`,
  };
}
