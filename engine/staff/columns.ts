// The columns of the booking list and of the ledger CSV: fixed ones (with one per
// declared check-in item of the services in scope, c.<item id>, after 来場時刻), then
// one per form question (a.<field id>). Values are what a person reads (titles and
// option labels, local times); numbers stay numbers.
import { answerText } from '../../blocks/form/answer-text';
import type { FormField } from '../../blocks/form/block';
import type { CheckinItem, CompiledService } from '../../blocks/service/block';
import { EngineError } from '../core/errors';
import type { CompiledTenant } from '../config/tenant';
import type { Db } from '../db';
import { epochToLocal } from '../schedule/time';
import './messages';
import { statusLabel, type BookingStatus } from '../booking/status';

/** One joined row of bookings + members + booking_visits (see search.ts). */
export interface LedgerRow {
  id: number;
  receipt_no: string;
  status: BookingStatus;
  service_id: string;
  resource_id: string;
  slot_start: number;
  slot_end: number;
  slot_date: string;
  seats: number;
  answers_json: string;
  channel: string;
  created_at: number;
  updated_at: number;
  cancelled_at: number | null;
  member_id: string | null;
  member_no: string | null;
  visit_status: 'visited' | 'no-show' | null;
  visited_at: number | null;
  /** Check-in item values (JSON object); null when no visit row exists. */
  items_json: string | null;
  note: string | null;
}

export type Cell = string | number | null;

export interface LedgerColumn {
  id: string;
  label: string;
  labelEn: string;
  value(row: LedgerRow, answers: Record<string, unknown>): Cell;
  /** Reads what value() needs for a page of rows at once (one query per page, not per row), before value() is asked. */
  load?(rows: readonly LedgerRow[]): Promise<void>;
  /** Digits a spreadsheet must keep as text (the leading 0 of a phone number). */
  keepAsText?: boolean;
}

export interface ColumnContext {
  services: ReadonlyMap<string, CompiledService>;
  timeZone: string;
  /** The tenant, for the columns block kinds contribute (README: Writing a block kind). */
  tenant?: CompiledTenant;
  /** The database, for contributed columns that read their kind's own tables. */
  db?: Db;
}

const CHANNEL: Record<string, string> = { web: 'Web', staff: '職員', api: 'API' };

function baseColumns(ctx: ColumnContext): LedgerColumn[] {
  const tz = ctx.timeZone;
  // The text per epoch minute is kept too, not just the parts: building the string
  // for every cell was a measurable share of a 1M-row export.
  const localText = new Map<number, string>();
  const local = (ms: number | null) => {
    if (ms === null) return null;
    const minute = Math.floor(ms / 60_000);
    let text = localText.get(minute);
    if (text === undefined) {
      const l = epochToLocal(ms, tz);
      text = `${l.date} ${l.time}`;
      if (localText.size >= 10_000) localText.clear();
      localText.set(minute, text);
    }
    return text;
  };
  // Rows come in slot order, so the previous row's slot text is almost always the next one's.
  let lastStart = NaN;
  let lastEnd = NaN;
  let lastSlot = '';
  const slotTime = (start: number, end: number) => {
    if (start !== lastStart || end !== lastEnd) {
      lastSlot = `${epochToLocal(start, tz).time}〜${epochToLocal(end, tz).time}`;
      lastStart = start;
      lastEnd = end;
    }
    return lastSlot;
  };
  const col = (id: string, label: string, labelEn: string, value: LedgerColumn['value']): LedgerColumn => ({ id, label, labelEn, value });
  // Looked up once here, not per cell: an export formats millions of cells.
  const resourceTitles = new Map<string, Map<string, string>>();
  for (const svc of ctx.services.values()) resourceTitles.set(svc.id, new Map(svc.calendar.resources.map((res) => [res.id, res.title])));
  return [
    col('receiptNo', '受付番号', 'Receipt no.', (r) => r.receipt_no),
    col('status', '状態', 'Status', (r) => statusLabel(r.status, 'ja', 'short')),
    col('service', 'サービス', 'Service', (r) => ctx.services.get(r.service_id)?.title ?? r.service_id),
    col('resource', '場所', 'Place', (r) => resourceTitles.get(r.service_id)?.get(r.resource_id) ?? r.resource_id),
    col('date', '来店日', 'Visit date', (r) => r.slot_date),
    col('time', '時刻', 'Time', (r) => slotTime(r.slot_start, r.slot_end)),
    // Blank where the service counts bookings, not people: a 人数 1 beside 利用人数 25 misleads.
    col('seats', '人数', 'People', (r) => (ctx.services.get(r.service_id)?.seatsField !== undefined ? r.seats : null)),
    col('memberNo', '会員番号', 'Member no.', (r) => r.member_no),
    col('visit', '来場', 'Visit', (r) => (r.visit_status === 'visited' ? '来場' : r.visit_status === 'no-show' ? '不来場' : null)),
    col('visitedAt', '来場時刻', 'Visited at', (r) => local(r.visited_at)),
    ...checkinColumns(ctx),
    col('note', '対応内容', 'Desk note', (r) => r.note),
    col('channel', '受付経路', 'Channel', (r) => CHANNEL[r.channel] ?? r.channel),
    col('createdAt', '申込日時', 'Applied at', (r) => local(r.created_at)),
    col('updatedAt', '更新日時', 'Updated at', (r) => local(r.updated_at)),
    col('cancelledAt', '取消日時', 'Cancelled at', (r) => local(r.cancelled_at)),
  ];
}

/** One column per declared check-in item id; the same id in two services reads each one's own declaration. */
function checkinColumns(ctx: ColumnContext): LedgerColumn[] {
  const cols: LedgerColumn[] = [];
  const itemOf = new Map<string, Map<string, CheckinItem>>();
  for (const s of ctx.services.values()) {
    for (const item of s.checkin.items) {
      let perService = itemOf.get(item.id);
      if (!perService) {
        perService = new Map();
        itemOf.set(item.id, perService);
        cols.push(itemColumn(item, perService));
      }
      perService.set(s.id, item);
    }
  }
  return cols;
}

// Rows of one export mostly share a few items_json texts ('{}' above all): parse each text once in a row.
let lastItemsJson: string | null = null;
let lastItems: Record<string, unknown> = {};
function itemsOf(r: LedgerRow): Record<string, unknown> {
  if (r.items_json !== lastItemsJson) {
    lastItemsJson = r.items_json;
    lastItems = r.items_json ? (JSON.parse(r.items_json) as Record<string, unknown>) : {};
  }
  return lastItems;
}

function itemColumn(first: CheckinItem, perService: ReadonlyMap<string, CheckinItem>): LedgerColumn {
  return {
    id: `c.${first.id}`,
    label: first.label,
    labelEn: first.labelEn,
    value: (r) => {
      const item = perService.get(r.service_id);
      if (!item || r.items_json === null) return null;
      const v = itemsOf(r)[item.id];
      if (v === undefined || v === null || v === false) return null;
      if (item.type === 'boolean') return '済';
      if (item.type === 'select') return item.options.find((o) => o.value === v)?.label ?? String(v);
      return String(v);
    },
  };
}

/** Every column available for these services, fixed ones first. */
export function allColumns(ctx: ColumnContext): LedgerColumn[] {
  const cols = baseColumns(ctx);
  const seen = new Set<string>();
  for (const s of ctx.services.values()) {
    for (const f of s.form.fields) {
      if (seen.has(f.id)) continue;
      seen.add(f.id);
      // The same id may mean a different field in another service's form: read that form's options.
      const fieldOf = new Map<string, FormField>();
      for (const other of ctx.services.values()) {
        for (const x of other.form.fields) if (x.id === f.id) fieldOf.set(other.id, x);
      }
      cols.push({
        id: `a.${f.id}`,
        label: f.label,
        labelEn: f.labelEn ?? f.label,
        value: (r, answers) => answerText(fieldOf.get(r.service_id) ?? f, answers[f.id]),
        ...(f.type === 'phone' || f.type === 'postal-code' ? { keepAsText: true } : {}),
      });
    }
  }
  const tenant = ctx.tenant;
  if (tenant) {
    for (const c of tenant.registry.behaviour().columns) {
      if ([...ctx.services.values()].some((s) => c.appliesTo(s, tenant))) cols.push(...c.columns(tenant, ctx.db ? { db: ctx.db } : undefined).filter((x) => !cols.some((y) => y.id === x.id)));
    }
  }
  return cols;
}

/** Lets the columns that read the database per page (load) read what value() will need for these rows. */
export async function loadColumns(cols: readonly LedgerColumn[], rows: readonly LedgerRow[]): Promise<void> {
  for (const c of cols) if (c.load) await c.load(rows);
}

/** The named columns in the given order; an unknown id is a located 422. */
export function pickColumns(all: readonly LedgerColumn[], ids: readonly string[] | undefined): LedgerColumn[] {
  if (!ids || ids.length === 0) return [...all];
  return ids.map((id) => {
    const c = all.find((x) => x.id === id);
    if (!c) throw new EngineError('staff.unknown_column', { column: id });
    return c;
  });
}

// 氏名 next to the receipt number: staff on the phone look for the name first, on any screen width.
export const DEFAULT_LIST_COLUMNS = ['receiptNo', 'a.name', 'date', 'time', 'resource', 'status', 'a.phone', 'visit'];
