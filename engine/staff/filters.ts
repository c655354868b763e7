// 予約状況検索: the search conditions (seed 001 and seed 004's 基本 / 日付 panels),
// read from query parameters, turned into one SQL WHERE over bookings + members +
// booking_visits. Shared by the booking list and the ledger CSV, so an export of
// "everything matching the current search" is exactly the list the staff saw.
import type { CompiledService } from '../../blocks/service/block';
import { foldNameVariantsSql, nameSearchKey, normalizePhone } from '../../blocks/form/normalize';
import { EngineError, type Issue } from '../core/errors';
import { makeIssue } from '../core/messages';
import { addDays, localToEpoch, parseInstant } from '../schedule/time';
import { inScope, scopedService, servicesInScope, type StaffPrincipal } from './roles';
import { tenantTimezone, type PublishedTenant } from '../config/tenant';
import './messages';
import { BOOKING_STATUSES, statusInSql, type BookingStatus } from '../booking/status';
import { JSON_TRUE_TEXT, jsonArrayValues, jsonText } from '../db/dialect';

export type StatusFilter = 'active' | 'inactive' | 'all' | BookingStatus;
const STATUS_FILTERS: readonly StatusFilter[] = ['active', 'inactive', 'all', ...BOOKING_STATUSES];

export interface BookingFilters {
  receiptNo?: string;
  receipts?: string[];
  memberNo?: string;
  memberId?: string;
  name?: string;
  nameMatch: 'prefix' | 'partial';
  phone?: string;
  /** 'active' = still going on (予約・審査中・支払待ち…), 'inactive' = ended (取消・却下…), or one state. */
  status: StatusFilter;
  dateField: 'visit' | 'created' | 'updated';
  from?: string;
  to?: string;
  /** Exact slot start (a cell of the day grid). */
  start?: number;
  service?: string;
  resource?: string;
  visit?: 'visited' | 'no-show' | 'none';
  /** Answers to form questions: field id → value (choices exact, text partial). */
  answers: Record<string, string>;
}

export interface CompiledFilter {
  tenant: string;
  /** Services the staff member may see, narrowed by the service filter. */
  services: CompiledService[];
  where: string;
  params: (string | number)[];
  timeZone: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (s: string) => DATE.test(s) && addDays(s, 0) === s;
const oneOf = <T extends string>(v: string | undefined, allowed: readonly T[], dflt: T, path: string, issues: Issue[]): T => {
  if (v === undefined || v === '') return dflt;
  if ((allowed as readonly string[]).includes(v)) return v as T;
  issues.push(makeIssue(path, 'schema.enum', { allowed: allowed.join(', ') }));
  return dflt;
};

/** Paging beyond this is refused: the offset must stay an exact integer SQLite accepts. */
export const MAX_PAGE = 1_000_000;

/** A page number or size from the query: absent → undefined; else an integer 1…max, or 422 located at /<name>. */
export function readPageParam(q: Record<string, string>, name: string, max = MAX_PAGE): number | undefined {
  const v = q[name];
  if (v === undefined || v === '') return undefined;
  const issue = !/^\d+$/.test(v) ? makeIssue(`/${name}`, 'schema.type', { type: 'integer' }) : Number(v) < 1 ? makeIssue(`/${name}`, 'schema.minimum', { limit: 1 }) : Number(v) > max ? makeIssue(`/${name}`, 'schema.maximum', { limit: max }) : undefined;
  if (issue) throw new EngineError('input.invalid', {}, { issues: [issue] });
  return Number(v);
}

/** Reads the filters from query parameters (answers as q.<field id>=value). */
export function readFilters(q: Record<string, string>): BookingFilters {
  const issues: Issue[] = [];
  const str = (k: string) => (q[k] !== undefined && q[k].trim() !== '' ? q[k].trim() : undefined);
  const f: BookingFilters = {
    nameMatch: oneOf(q.nameMatch, ['prefix', 'partial'] as const, 'partial', '/nameMatch', issues),
    status: oneOf(q.status, STATUS_FILTERS, 'active', '/status', issues),
    dateField: oneOf(q.dateField, ['visit', 'created', 'updated'] as const, 'visit', '/dateField', issues),
    answers: {},
  };
  for (const k of ['receiptNo', 'memberNo', 'memberId', 'name', 'phone', 'service', 'resource'] as const) {
    const v = str(k);
    if (v !== undefined) f[k] = v;
  }
  const visit = str('visit');
  if (visit) f.visit = oneOf(visit, ['visited', 'no-show', 'none'] as const, 'none', '/visit', issues);
  if (q.date !== undefined) {
    if (!isDate(q.date)) issues.push(makeIssue('/date', 'schema.format', { format: 'YYYY-MM-DD' }));
    else Object.assign(f, { dateField: 'visit', from: q.date, to: q.date });
  }
  for (const k of ['from', 'to'] as const) {
    const v = str(k);
    if (v === undefined) continue;
    if (!isDate(v)) issues.push(makeIssue(`/${k}`, 'schema.format', { format: 'YYYY-MM-DD' }));
    else f[k] = v;
  }
  if (f.from && f.to && f.to < f.from) issues.push(makeIssue('/to', 'search.bad_date_range'));
  const start = str('start');
  if (start !== undefined) {
    const ms = parseInstant(start);
    if (ms === undefined) issues.push(makeIssue('/start', 'schema.format', { format: 'ISO 8601' }));
    else f.start = ms;
  }
  const receipts = str('receipts');
  if (receipts !== undefined) f.receipts = receipts.split(',').map((s) => s.trim()).filter(Boolean).slice(0, 1000);
  for (const [k, v] of Object.entries(q)) if (k.startsWith('q.') && v.trim() !== '') f.answers[k.slice(2)] = v.trim();
  if (issues.length) throw new EngineError('input.invalid', {}, { issues });
  return f;
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

export function compileFilters(published: PublishedTenant, staff: Pick<StaffPrincipal, 'scope'>, f: BookingFilters): CompiledFilter {
  const tenant = published.tenant.slug;
  const tz = tenantTimezone(published);
  const services = f.service ? [scopedService(published, staff, f.service)] : servicesInScope(published, staff);
  const where: string[] = ['b.tenant_slug = ?'];
  const params: (string | number)[] = [tenant];
  // The scope is always part of the query: nothing outside it can be listed or exported.
  where.push(services.length ? `b.service_id IN (${services.map(() => '?').join(',')})` : '0');
  params.push(...services.map((s) => s.id));
  const add = (sql: string, ...p: (string | number)[]) => {
    where.push(sql);
    params.push(...p);
  };
  if (f.receiptNo) add('b.receipt_no = ?', f.receiptNo);
  if (f.receipts) add(f.receipts.length ? `b.receipt_no IN (${f.receipts.map(() => '?').join(',')})` : '0', ...f.receipts);
  if (f.memberNo) add('m.member_no = ?', f.memberNo);
  if (f.memberId) add('b.member_id = ?', f.memberId);
  if (f.name) {
    const key = likeEscape(nameSearchKey(f.name));
    const pattern = f.nameMatch === 'prefix' ? `${key}%` : `%${key}%`;
    add(`(${foldNameVariantsSql('b.name_key')} LIKE ? ESCAPE '\\' OR ${foldNameVariantsSql('m.name_key')} LIKE ? ESCAPE '\\')`, pattern, pattern);
  }
  if (f.phone) {
    const digits = normalizePhone(f.phone).replace(/\D/g, '');
    add('(b.phone_key = ? OR m.phone_key = ?)', digits, digits);
  }
  if (f.status === 'active') where.push(statusInSql('active', 'b.status'));
  else if (f.status === 'inactive') where.push(`NOT ${statusInSql('active', 'b.status')}`);
  else if (f.status !== 'all') add('b.status = ?', f.status);
  if (f.from || f.to) {
    if (f.dateField === 'visit') {
      if (f.from) add('b.slot_date >= ?', f.from);
      if (f.to) add('b.slot_date <= ?', f.to);
    } else {
      const col = f.dateField === 'created' ? 'b.created_at' : 'b.updated_at';
      if (f.from) add(`${col} >= ?`, localToEpoch(f.from, '00:00', tz));
      if (f.to) add(`${col} < ?`, localToEpoch(addDays(f.to, 1), '00:00', tz));
    }
  }
  if (f.start !== undefined) add('b.slot_start = ?', f.start);
  if (f.resource) add('b.resource_id = ?', f.resource);
  if (f.visit === 'visited' || f.visit === 'no-show') add('v.status = ?', f.visit);
  if (f.visit === 'none') where.push('v.status IS NULL');
  const issues: Issue[] = [];
  for (const [id, value] of Object.entries(f.answers)) {
    const field = services.flatMap((s) => s.form.fields).find((x) => x.id === id);
    if (!field) {
      issues.push(makeIssue(`/q.${id}`, 'answer.unknown_field', { field: id }));
      continue;
    }
    if (field.type === 'checkboxes') add(`? IN (${jsonArrayValues('b.answers_json', id)})`, value);
    else if (field.options || field.type === 'number' || field.type === 'consent') add(`${jsonText('b.answers_json', id)} = ?`, value === 'true' ? JSON_TRUE_TEXT : value);
    else add(`${jsonText('b.answers_json', id)} LIKE ? ESCAPE '\\'`, `%${likeEscape(value)}%`);
  }
  if (issues.length) throw new EngineError('input.invalid', {}, { issues });
  return { tenant, services, where: where.join(' AND '), params, timeZone: tz };
}

export const LEDGER_FROM = `FROM bookings b
  LEFT JOIN members m ON m.id = b.member_id AND m.tenant_slug = b.tenant_slug
  LEFT JOIN booking_visits v ON v.booking_id = b.id`;

export const LEDGER_SELECT = `SELECT b.id, b.receipt_no, b.status, b.service_id, b.resource_id, b.slot_start, b.slot_end, b.slot_date,
  b.seats, b.answers_json, b.channel, b.created_at, b.updated_at, b.cancelled_at, b.member_id, m.member_no,
  v.status AS visit_status, v.visited_at, v.items_json, v.note`;

export { inScope };
