// The access log as system administrators read it: filterable, newest first.
// There is deliberately no way to change or delete a row (and triggers refuse it).
import { sqlAll, sqlGet, type Db } from '../db';
import { csvLines } from '../export/csv';
import { addDays, epochToLocal, localToEpoch } from '../schedule/time';
import type { Cell } from './columns';

export interface AuditQuery {
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  target?: string;
  ip?: string;
  page?: number;
}

export interface AuditRowView {
  id: number;
  at: number;
  actorType: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
}

export const AUDIT_PAGE = 100;

export function queryAudit(db: Db, tenant: string, q: AuditQuery, timeZone: string): Promise<{ total: number; page: number; pageSize: number; rows: AuditRowView[] }> {
  return selectAudit(db, tenant, q, timeZone, AUDIT_PAGE);
}

/** Most rows one CSV export of the access log holds (newest first). */
export const AUDIT_EXPORT_MAX = 100_000;

/** The access log as CSV (UTF-8 with BOM, CRLF, formula cells escaped): local time, who, action, target, address, details. */
export async function auditCsv(db: Db, tenant: string, q: AuditQuery, timeZone: string): Promise<{ text: string; rows: number }> {
  const { rows } = await selectAudit(db, tenant, { ...q, page: 1 }, timeZone, AUDIT_EXPORT_MAX);
  const lines: Cell[][] = [['日時', '操作者種別', '操作者', '操作', '対象種別', '対象', '接続元', '詳細']];
  for (const r of rows) {
    const l = epochToLocal(r.at, timeZone);
    lines.push([`${l.date} ${l.time}`, r.actorType, r.actorId, r.action, r.targetType, r.targetId, r.ip, JSON.stringify(r.details)]);
  }
  return { text: `\uFEFF${csvLines(lines)}`, rows: rows.length };
}

async function selectAudit(db: Db, tenant: string, q: AuditQuery, timeZone: string, pageSize: number): Promise<{ total: number; page: number; pageSize: number; rows: AuditRowView[] }> {
  const AUDIT_PAGE = pageSize;
  const where = ['tenant_slug = ?'];
  const params: (string | number)[] = [tenant];
  if (q.from) where.push('at >= ?'), params.push(localToEpoch(q.from, '00:00', timeZone));
  if (q.to) where.push('at < ?'), params.push(localToEpoch(addDays(q.to, 1), '00:00', timeZone));
  if (q.actor) where.push('actor_id = ?'), params.push(q.actor);
  // "booking." matches every booking action; a full name matches itself.
  if (q.action) where.push(q.action.endsWith('.') ? 'action LIKE ?' : 'action = ?'), params.push(q.action.endsWith('.') ? `${q.action}%` : q.action);
  if (q.target) where.push('target_id = ?'), params.push(q.target);
  if (q.ip) where.push('ip = ?'), params.push(q.ip);
  const page = Math.max(1, q.page ?? 1);
  const w = where.join(' AND ');
  const total = (await sqlGet<{ n: number }>(db, `SELECT COUNT(*) AS n FROM audit_log WHERE ${w}`, params))!.n;
  const rows = await sqlAll<Omit<AuditRowView, 'details'> & { d: string }>(
    db,
    `SELECT id, at, actor_type AS "actorType", actor_id AS "actorId", action, target_type AS "targetType", target_id AS "targetId", ip, details_json AS d
       FROM audit_log WHERE ${w} ORDER BY id DESC LIMIT ? OFFSET ?`,
    [...params, AUDIT_PAGE, (page - 1) * AUDIT_PAGE],
  );
  return { total, page, pageSize: AUDIT_PAGE, rows: rows.map(({ d, ...r }) => ({ ...r, details: JSON.parse(d) as Record<string, unknown> })) };
}
