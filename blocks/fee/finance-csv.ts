// 財務会計 hand-over: approved refunds of cash and 納付書 payments (which the provider
// cannot refund) are handed to the city's finance system in numbered batches. Export
// marks them `exported` in one transaction and numbers the batch; the CSV of a batch can
// be downloaded again at any time. The CSV is written as the ledger is: UTF-8 with BOM
// (default) or CP932 (refused, naming each character, when one cannot be written),
// formula-safe cells, phone numbers kept as text, amounts as integer yen.
import type { Context } from 'hono';
import { writeAudit, type Actor } from '../../engine/audit';
import type { PublishedTenant } from '../../engine/config/tenant';
import type { Clock } from '../../engine/core/clock';
import { EngineError } from '../../engine/core/errors';
import { sqlAll, sqlGet, sqlRun, transaction, type Db } from '../../engine/db';
import { csvLinesKeepingText } from '../../engine/export/csv';
import { csvDownload, refuseUnencodable } from '../../engine/export/cp932';
import { LEDGER_ENCODINGS, type LedgerEncoding } from '../../engine/export/ledger';
import type { AdminEnv } from '../../engine/http/routes/admin/guard';
import { staffActor } from '../../engine/http/routes/admin/guard';
import { epochToLocal } from '../../engine/schedule/time';
import type { Cell } from '../../engine/staff/columns';
import { inScope, ROLE_LABELS, type StaffPrincipal } from '../../engine/staff/roles';
import { methodLabel } from './online';
import { nameOf, REFUND_APPROVERS } from './refunds';

function requireApprover(staff: StaffPrincipal) {
  if (!REFUND_APPROVERS.includes(staff.role)) throw new EngineError('refund.forbidden', { roles: REFUND_APPROVERS.map((r) => ROLE_LABELS[r].ja).join('・') });
}

/** Marks the approved finance refunds in the staff member's scope as handed over, as batch N. */
export async function exportFinanceBatch(deps: { db: Db; clock: Clock }, input: { published: PublishedTenant; staff: StaffPrincipal; actor: Actor }): Promise<{ batch: number; count: number; total: number }> {
  requireApprover(input.staff);
  const tenant = input.published.tenant.slug;
  const now = deps.clock.now().getTime();
  return transaction(deps.db, async (tx) => {
    const rows = (
      await sqlAll<{
        id: number;
        amount: number;
        receiptNo: string;
        serviceId: string;
      }>(tx, `SELECT r.id, r.amount, b.receipt_no AS "receiptNo", b.service_id AS "serviceId" FROM refunds r JOIN bookings b ON b.id = r.booking_id WHERE r.tenant_slug = ? AND r.route = 'finance' AND r.state = 'approved' ORDER BY r.id`, [tenant])
    ).filter((r) => inScope(input.staff, r.serviceId));
    if (rows.length === 0) throw new EngineError('refund.nothing_to_export');
    const batch = Number((await sqlGet<{ n: number }>(tx, 'SELECT COALESCE(MAX(export_batch), 0) + 1 AS n FROM refunds WHERE tenant_slug = ?', [tenant]))!.n);
    for (const r of rows) {
      await sqlRun(tx, `UPDATE refunds SET state = 'exported', export_batch = ?, done_at = ?, updated_at = ? WHERE id = ?`, [batch, now, now, r.id]);
      await writeAudit(tx, { tenant, at: now, actor: input.actor, action: 'refund.exported', target: { type: 'booking', id: r.receiptNo }, details: { refund: r.id, amount: r.amount, batch } });
    }
    const total = rows.reduce((a, r) => a + r.amount, 0);
    await writeAudit(tx, { tenant, at: now, actor: input.actor, action: 'refund.batch_exported', target: { type: 'refund-batch', id: String(batch) }, details: { count: rows.length, total } });
    return { batch, count: rows.length, total };
  });
}

/** GET refunds.csv?batch=N[&encoding=cp932]: one batch for 財務会計. */
export async function financeCsv(c: Context<AdminEnv>): Promise<Response> {
  const staff = c.get('staff');
  requireApprover(staff);
  const encoding = (c.req.query('encoding') ?? 'utf8-bom') as LedgerEncoding;
  if (!LEDGER_ENCODINGS.includes(encoding)) throw new EngineError('export.bad_encoding');
  const batch = Number(c.req.query('batch'));
  const published = c.get('published');
  const { db, clock } = c.get('deps');
  const tenant = published.tenant.slug;
  const rows = (
    Number.isSafeInteger(batch) && batch > 0
      ? await sqlAll<{
          id: number; amount: number; basis: string; reason: string | null; requestedAt: number; decidedBy: string | null; decidedAt: number | null;
          method: string; paid: number; paidAt: number; receiptNo: string; serviceId: string; resourceId: string; slotStart: number; answers: string;
        }>(
          db,
          `SELECT r.id, r.amount, r.basis, r.reason, r.requested_at AS "requestedAt", r.decided_by AS "decidedBy", r.decided_at AS "decidedAt",
             p.method, p.amount AS paid, p.at AS "paidAt", b.receipt_no AS "receiptNo", b.service_id AS "serviceId", b.resource_id AS "resourceId", b.slot_start AS "slotStart", b.answers_json AS answers
           FROM refunds r JOIN bookings b ON b.id = r.booking_id JOIN booking_payments p ON p.id = r.payment_id
           WHERE r.tenant_slug = ? AND r.export_batch = ? ORDER BY r.id`,
          [tenant, batch],
        )
      : []
  ).filter((r) => inScope(staff, r.serviceId));
  if (rows.length === 0) throw new EngineError('refund.batch_not_found', { batch: c.req.query('batch') ?? '' });
  const header = ['引渡番号', '還付番号', '受付番号', '施設', '場所', '利用日時', '氏名', '電話番号', '支払方法', '入金日', '入金額', '還付額', '還付の根拠', '理由', '申請日', '承認者', '承認日'];
  const PHONE = header.indexOf('電話番号');
  const local = (ms: number, tz: string, withTime = true) => {
    const l = epochToLocal(ms, tz);
    return withTime ? `${l.date} ${l.time}` : l.date;
  };
  const body: Cell[][] = rows.map((r) => {
    const service = published.tenant.get('service', r.serviceId);
    const tz = service?.calendar.timezone ?? 'Asia/Tokyo';
    const answers = JSON.parse(r.answers) as Record<string, unknown>;
    const phoneField = service?.form.fields.find((f) => f.type === 'phone');
    const phone = phoneField && typeof answers[phoneField.id] === 'string' ? (answers[phoneField.id] as string) : null;
    const resource = service?.calendar.resources.find((x) => x.id === r.resourceId);
    return [
      batch,
      r.id,
      r.receiptNo,
      service?.title ?? r.serviceId,
      resource?.title ?? r.resourceId,
      local(r.slotStart, tz),
      nameOf(service, answers),
      phone,
      methodLabel(r.method),
      local(r.paidAt, tz, false),
      r.paid,
      r.amount,
      r.basis,
      r.reason,
      local(r.requestedAt, tz, false),
      r.decidedBy,
      r.decidedAt ? local(r.decidedAt, tz, false) : null,
    ];
  });
  const all = [header, ...body];
  if (encoding === 'cp932') refuseUnencodable(all, 2);
  const text = csvLinesKeepingText(all, new Set([PHONE]));
  await writeAudit(db, { tenant, at: clock.now().getTime(), actor: staffActor(c), action: 'refund.csv_downloaded', target: { type: 'refund-batch', id: String(batch) }, details: { rows: rows.length, encoding } });
  const enc = encoding === 'cp932' ? 'SJIS' : 'UTF-8';
  const ascii = `refunds-${tenant}-${batch}_${enc}.csv`;
  const name = `還付_財務会計_${batch}_${enc}.csv`;
  return csvDownload(text, encoding, name, ascii);
}
