// The ledger columns remember formatted times, slot texts and option labels across
// rows (an export formats millions of cells); whatever order the rows come in, each
// cell must read exactly as formatting it from scratch would.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { registry } from '../../blocks';
import { answerText } from '../../blocks/form/answer-text';
import type { CompiledService } from '../../blocks/service/block';
import { loadTenantBlocks } from '../config/load-tenant';
import { epochToLocal } from '../schedule/time';
import { allColumns, type LedgerRow } from './columns';

const calendar = (id: string, resources: { id: string; title: string }[]) => ({
  kind: 'calendar', id, title: id, resources, slotMinutes: 30, capacity: 10, weekly: [{ days: ['fri'], open: '08:30', close: '17:00' }],
});
const blocks = [
  { kind: 'site', id: 'col-town', title: '列町' },
  {
    kind: 'form', id: 'f1', title: '申込1',
    fields: [
      { id: 'name', type: 'text', label: '氏名' },
      { id: 'kind', type: 'radio', label: '種別', options: [{ value: 'a', label: 'あり' }, { value: 'b', label: 'なし' }] },
      { id: 'tags', type: 'checkboxes', label: '用件', options: [{ value: 'x', label: '交付' }, { value: 'y', label: '更新' }] },
    ],
  },
  {
    kind: 'form', id: 'f2', title: '申込2',
    fields: [
      { id: 'name', type: 'text', label: '氏名' },
      // Same id as in f1 with other options: each service's rows read their own form's labels.
      { id: 'kind', type: 'select', label: '区分', options: [{ value: 'a', label: '一般' }, { value: 'c', label: '団体' }] },
      { id: 'people', type: 'number', label: '人数' },
      { id: 'ok', type: 'consent', label: '同意' },
    ],
  },
  calendar('c1', [{ id: 'r1', title: '本庁舎' }, { id: 'r2', title: '駅前' }]),
  calendar('c2', [{ id: 'r1', title: '体育館' }]),
  {
    kind: 'service', id: 's1', title: '交付', form: 'f1', calendar: 'c1',
    checkin: { items: [{ id: 'card', label: 'カード回収', type: 'boolean' }, { id: 'desk', label: '窓口', type: 'select', options: [{ value: '1', label: '1番' }] }] },
  },
  {
    kind: 'service', id: 's2', title: '施設', form: 'f2', calendar: 'c2',
    // Same item id as in s1 with other options: each service's rows read their own declaration.
    checkin: { items: [{ id: 'desk', label: '受付', type: 'select', options: [{ value: '1', label: '体育館窓口' }, { value: '2', label: '2番' }] }, { id: 'memo', label: 'メモ', type: 'text' }] },
  },
  { kind: 'service', id: 's3', title: '予約のみ', form: 'f2', calendar: 'c2' },
];

const loaded = loadTenantBlocks('col-town', blocks, registry);
const services = loaded.tenant!.list('service');
const tz = 'Asia/Tokyo';

/** The cell as the columns computed it before they remembered anything. */
function fromScratch(id: string, r: LedgerRow, answers: Record<string, unknown>): unknown {
  const local = (ms: number | null) => (ms === null ? null : `${epochToLocal(ms, tz).date} ${epochToLocal(ms, tz).time}`);
  const svc = services.find((s) => s.id === r.service_id);
  switch (id) {
    case 'resource':
      return svc?.calendar.resources.find((x) => x.id === r.resource_id)?.title ?? r.resource_id;
    case 'time':
      return `${epochToLocal(r.slot_start, tz).time}〜${epochToLocal(r.slot_end, tz).time}`;
    case 'visitedAt':
      return local(r.visited_at);
    case 'createdAt':
      return local(r.created_at);
    case 'updatedAt':
      return local(r.updated_at);
    case 'cancelledAt':
      return local(r.cancelled_at);
  }
  if (id.startsWith('c.')) {
    const item = svc?.checkin.items.find((i) => i.id === id.slice(2));
    if (!item || r.items_json === null) return null;
    const v = (JSON.parse(r.items_json) as Record<string, unknown>)[item.id];
    if (v === undefined || v === null || v === false) return null;
    if (item.type === 'boolean') return '済';
    if (item.type === 'select') return item.options.find((o) => o.value === v)?.label ?? String(v);
    return String(v);
  }
  if (id.startsWith('a.')) {
    const fid = id.slice(2);
    const field = svc?.form.fields.find((f) => f.id === fid) ?? services.flatMap((s) => s.form.fields).find((f) => f.id === fid);
    return answerText(field, answers[fid]);
  }
  return undefined;
}

const base = Date.parse('2027-01-15T08:30:00+09:00');
const instant = fc.oneof(fc.integer({ min: 0, max: 40 }).map((k) => base + k * 1_800_000), fc.integer({ min: 0, max: 4e11 }).map((k) => 1.6e12 + k));
const answerValue = fc.oneof(fc.constantFrom('a', 'b', 'c', 'x', '', '=1'), fc.string({ maxLength: 4 }), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.constantFrom('x', 'y', 'z'), { maxLength: 3 }));
const row = fc.record({
  service_id: fc.constantFrom('s1', 's2', 'gone'),
  resource_id: fc.constantFrom('r1', 'r2', 'r9'),
  slot_start: instant,
  slot_len: fc.constantFrom(1_800_000, 3_600_000),
  created_at: instant,
  updated_at: instant,
  cancelled_at: fc.option(instant),
  visited_at: fc.option(instant),
  // A few repeated texts (as in real exports) and arbitrary ones: the parsed items are remembered between rows.
  items_json: fc.oneof(
    fc.constantFrom(null, '{}', '{"card":true}', '{"desk":"1"}', '{"desk":"2","memo":"a"}', '{"card":true,"desk":"9"}'),
    fc.record({ card: fc.boolean(), desk: fc.constantFrom('1', '2', '9'), memo: fc.string({ maxLength: 4 }) }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
  ),
  answers: fc.record({ name: answerValue, kind: answerValue, tags: answerValue, people: answerValue, ok: answerValue }, { requiredKeys: [] }),
});

describe('ledger columns', () => {
  it('loads the test tenant', () => {
    expect(loaded.issues).toEqual([]);
    expect(services.map((s) => s.id).sort()).toEqual(['s1', 's2', 's3']);
  });

  it('has one column per declared check-in item of the services shown, after 来場時刻, labelled by the block', () => {
    const ids = (list: readonly CompiledService[]) => allColumns({ services: new Map(list.map((s) => [s.id, s])), timeZone: tz }).map((c) => `${c.id}:${c.label}`);
    const both = ids(services);
    expect(both.slice(both.indexOf('visitedAt:来場時刻'), both.indexOf('note:対応内容') + 1)).toEqual(['visitedAt:来場時刻', 'c.card:カード回収', 'c.desk:窓口', 'c.memo:メモ', 'note:対応内容']);
    const plain = ids(services.filter((s) => s.id === 's3'));
    expect(plain.filter((c) => c.startsWith('c.'))).toEqual([]);
    expect(plain).toContain('note:対応内容');
  });

  it('format every cell as from scratch, whatever the rows before it', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 30 }), (rows) => {
        // One column set per export, as the route builds it: memos carry over between rows.
        const columns = allColumns({ services: new Map(services.map((s) => [s.id, s])), timeZone: tz });
        for (const x of rows) {
          const r: LedgerRow = {
            id: 1, receipt_no: '1', status: 'confirmed', service_id: x.service_id, resource_id: x.resource_id, slot_start: x.slot_start, slot_end: x.slot_start + x.slot_len,
            slot_date: '2027-01-15', seats: 1, answers_json: JSON.stringify(x.answers), channel: 'web', created_at: x.created_at, updated_at: x.updated_at,
            cancelled_at: x.cancelled_at, member_id: null, member_no: null, visit_status: null, visited_at: x.visited_at, items_json: x.items_json, note: null,
          };
          const answers = JSON.parse(r.answers_json) as Record<string, unknown>;
          for (const c of columns) {
            const expected = fromScratch(c.id, r, answers);
            if (expected !== undefined) expect([c.id, c.value(r, answers)]).toEqual([c.id, expected]);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
