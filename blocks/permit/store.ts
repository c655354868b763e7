// Permits and their use cases: apply (resident), register at the desk (staff),
// approve / reject / revoke (staff), the admission check, and the expiry and
// renewal sweep. Each change runs in one transaction with its audit row (the
// permit's history) and its notice.
import { and, asc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { writeAudit, type Actor, type Tx } from '../../engine/audit';
import type { AdmissionContext } from '../../engine/booking/admission';
import { tenantTimezone, type PublishedTenant } from '../../engine/config/tenant';
import type { Clock } from '../../engine/core/clock';
import { EngineError } from '../../engine/core/errors';
import { makeIssue } from '../../engine/core/messages';
import { affected, transaction, type Db } from '../../engine/db';
import { members, permits } from '../../engine/db/schema';
import type { NotifyDeps } from '../../engine/notify/booking-events';
import { addDays, epochToLocal, instantIso } from '../../engine/schedule/time';
import { DEFAULT_RENEWAL_DAYS, permitsCovering, type CompiledPermit } from './block';
import { emitPermitEvent } from './events';
import { dateText } from '../../engine/http/routes/pages/format';
import { renewalStart, validUntil } from './validity';
import { PERMIT } from './states';

type Deps = { db: Db; clock: Clock } & NotifyDeps;
export type PermitRow = typeof permits.$inferSelect;
export type PermitStatus = PermitRow['status'];

export const PERMIT_STATUS_LABELS: Record<PermitStatus, { ja: string; en: string }> = {
  applied: { ja: '申請中', en: 'Applied' },
  approved: { ja: '承認', en: 'Approved' },
  rejected: { ja: '却下', en: 'Rejected' },
  expired: { ja: '失効', en: 'Expired' },
  revoked: { ja: '取消', en: 'Revoked' },
};

const HOLDER_LABELS = { individual: { ja: '個人', en: 'individual' }, group: { ja: '団体', en: 'group' } } as const;

const todayOf = (published: PublishedTenant, now: number) => epochToLocal(now, tenantTimezone(published)).date;

export function findPermit(published: PublishedTenant, id: string): CompiledPermit {
  const p = published.tenant.get('permit', id);
  if (!p) throw new EngineError('permit.not_found', { permit: id });
  return p;
}

/** An approved permit of one of `ids` valid on `date`, if the member holds one. */
export async function heldOn(db: Db | Tx, tenant: string, memberId: string, ids: readonly string[], date: string): Promise<PermitRow | undefined> {
  const [row] = await db
    .select()
    .from(permits)
    .where(and(eq(permits.tenantSlug, tenant), eq(permits.memberId, memberId), inArray(permits.permitId, [...ids]), eq(permits.status, 'approved'), lte(permits.validFrom, date), gte(permits.validUntil, date)))
    .limit(1);
  return row;
}

async function pendingOf(db: Db | Tx, tenant: string, memberId: string, ids: readonly string[]): Promise<PermitRow | undefined> {
  const [row] = await db
    .select()
    .from(permits)
    .where(and(eq(permits.tenantSlug, tenant), eq(permits.memberId, memberId), inArray(permits.permitId, [...ids]), eq(permits.status, 'applied')))
    .orderBy(asc(permits.id))
    .limit(1);
  return row;
}

/** The last day of the member's approved permits of this kind that are still running (or start later), if any. */
async function currentUntil(db: Db | Tx, tenant: string, memberId: string, permitId: string, today: string): Promise<string | undefined> {
  const [r] = await db
    .select({ until: sql<string | null>`MAX(${permits.validUntil})` })
    .from(permits)
    .where(and(eq(permits.tenantSlug, tenant), eq(permits.memberId, memberId), eq(permits.permitId, permitId), eq(permits.status, 'approved'), gte(permits.validUntil, today)))
    .limit(1);
  return r?.until ?? undefined;
}

/**
 * The admission step: a slot that a permit covers needs the member to hold one valid on
 * the day of use. Staff are held to it too (a permit is granted to a member, 利用者ごと):
 * they register it at the desk first, then book. The refusal says which permit and how to apply.
 */
export async function requirePermit(ctx: AdmissionContext): Promise<void> {
  const slot = ctx.slot;
  if (!slot) return;
  const p = ctx.previous;
  if (p && slot.startMs === p.slotStart && slot.resource === p.resourceId) return; // not moved: checked when booked
  const needed = permitsCovering(ctx.published.tenant, ctx.service.id, slot);
  if (needed.length === 0) return;
  const slug = ctx.published.tenant.slug;
  const memberId = ctx.request.memberId ?? p?.memberId ?? undefined;
  const ids = needed.map((x) => x.id);
  const held = memberId ? await heldOn(ctx.tx ?? ctx.deps.db, slug, memberId, ids, slot.date) : undefined;
  if (held) {
    ctx.auditDetails.permit = held.permitNo;
    return;
  }
  const pending = memberId ? await pendingOf(ctx.deps.db, slug, memberId, ids) : undefined;
  throw permitRequired(ctx.published, needed.find((x) => x.id === pending?.permitId) ?? needed[0]!, slot.date, pending, ctx.audience);
}

function permitRequired(published: PublishedTenant, permit: CompiledPermit, date: string, pending: PermitRow | undefined, audience: 'resident' | 'staff'): EngineError {
  const slug = published.tenant.slug;
  const [howJa, howEn] =
    audience === 'staff'
      ? pending
        ? [`この会員の申請（登録番号 ${pending.permitNo}）は審査中です。「施設利用登録」で承認してから予約してください。`, `This member's application ${pending.permitNo} is waiting: approve it under Permits, then book.`]
        : ['会員を選び、「施設利用登録」の窓口登録で登録してから予約してください。', 'Choose the member and register the permit at the desk (Permits), then book.']
      : pending
        ? [`申請中の登録 ${pending.permitNo} は審査中です。承認されると予約できます。`, `Your application ${pending.permitNo} is under review; you can book once it is approved.`]
        : permit.requiresApproval
          ? ['ログインして「施設利用登録」のページから申請してください。職員が確認して承認すると予約できます。', 'Log in and apply on the facility-use permit page; once staff approve it you can book.']
          : ['ログインして「施設利用登録」のページから申請してください。申請するとすぐに登録され、予約できます。', 'Log in and apply on the facility-use permit page; the permit is granted at once.'];
  const params = { permit: permit.title, permitEn: permit.titleEn, permitId: permit.id, date, dayJa: dateText(date, 'ja'), dayEn: dateText(date, 'en'), howJa, howEn };
  return new EngineError(
    'booking.permit_required',
    {
      ...params,
      ...(pending ? { pending: pending.permitNo } : {}),
      applyUrl: `/t/${slug}/permits/${permit.id}`,
      applyApi: `/api/t/${slug}/permits/${permit.id}/applications`,
      next: pending
        ? { path: '/permits', label: '施設利用登録の状況を見る', labelEn: 'See your permits' }
        : { path: `/permits/${permit.id}`, label: `「${permit.title}」を申請する`, labelEn: `Apply for "${permit.titleEn}"` },
    },
    { issues: [makeIssue('/start', 'booking.permit_required', params)] },
  );
}

async function nextPermitNo(tx: Tx, tenant: string): Promise<string> {
  const [r] = await tx
    .select({ n: sql<number>`COALESCE(MAX(CAST(SUBSTR(${permits.permitNo}, 2) AS INTEGER)), 0)` })
    .from(permits)
    .where(eq(permits.tenantSlug, tenant))
    .limit(1);
  return `P${String((r?.n ?? 0) + 1).padStart(6, '0')}`;
}

/** Whether this member may hold the permit at all (active; an individual or a group as the permit says). */
export function checkHolder(permit: CompiledPermit, member: MemberFacts): void {
  if (member.status !== 'active') throw new EngineError('permit.member_inactive');
  if (!permit.holders.includes(member.kind)) {
    throw new EngineError('permit.holder_not_allowed', {
      permit: permit.title,
      permitEn: permit.titleEn,
      holders: permit.holders.map((h) => HOLDER_LABELS[h].ja).join('・'),
      holdersEn: permit.holders.map((h) => HOLDER_LABELS[h].en).join(' or '),
    });
  }
}

/**
 * Refuses a second application while one is under review, and a new one while the member holds a permit
 * beyond its renewal window; returns the last day of the permit in force (a renewal starts after it).
 */
export async function checkCanApply(db: Db | Tx, tenant: string, permit: CompiledPermit, memberId: string, today: string): Promise<string | undefined> {
  const pending = await pendingOf(db, tenant, memberId, [permit.id]);
  if (pending) throw new EngineError('permit.already_applied', { permit: permit.title, permitEn: permit.titleEn, permitNo: pending.permitNo });
  const until = await currentUntil(db, tenant, memberId, permit.id, today);
  if (until) {
    const renewFrom = addDays(until, -(permit.remindDaysBefore ?? DEFAULT_RENEWAL_DAYS));
    if (today < renewFrom) {
      const dates = { untilJa: dateText(until, 'ja'), untilEn: dateText(until, 'en'), renewFromJa: dateText(renewFrom, 'ja'), renewFromEn: dateText(renewFrom, 'en') };
      throw new EngineError('permit.already_held', { permit: permit.title, permitEn: permit.titleEn, until, renewFrom, ...dates });
    }
  }
  return until;
}

/** Today in the tenant's time zone (local date). */
export const tenantToday = (published: PublishedTenant, now: number) => todayOf(published, now);

export interface MemberFacts {
  id: string;
  kind: 'individual' | 'group';
  status: string;
}

export interface GrantInput {
  published: PublishedTenant;
  permitId: string;
  member: MemberFacts;
  answers: unknown;
  actor: Actor;
  /** web: the member applies online; staff: registered at the desk (granted at once). */
  channel: 'web' | 'staff';
}

/** 施設利用登録の申請 (web) or 窓口登録 (staff): one transaction, its audit row and notices. */
export async function grantOrApply(deps: Deps, input: GrantInput): Promise<PermitView> {
  const { published, member } = input;
  const permit = findPermit(published, input.permitId);
  const slug = published.tenant.slug;
  checkHolder(permit, member);
  let answers: Record<string, unknown> = {};
  if (permit.form) {
    const v = permit.form.validate(input.answers ?? {}, input.channel === 'staff' ? 'staff' : 'resident');
    if (!v.ok) throw new EngineError('input.invalid', {}, { issues: v.issues });
    answers = v.value;
  }
  const now = deps.clock.now().getTime();
  const today = todayOf(published, now);
  const row = await transaction(deps.db, async (tx) => {
    const until = await checkCanApply(tx, slug, permit, member.id, today);
    const grantNow = input.channel === 'staff' || !permit.requiresApproval;
    const from = grantNow ? renewalStart(today, until) : null;
    const values = {
      tenantSlug: slug,
      permitNo: await nextPermitNo(tx, slug),
      permitId: permit.id,
      memberId: member.id,
      status: grantNow ? ('approved' as const) : ('applied' as const),
      answersJson: JSON.stringify(answers),
      validFrom: from,
      validUntil: from ? validUntil(permit.validity, from) : null,
      channel: input.channel,
      appliedAt: now,
      decidedAt: grantNow ? now : null,
      decidedBy: grantNow ? (input.channel === 'staff' ? input.actor.id ?? 'staff' : 'system') : null,
      versionId: published.versionId,
      updatedAt: now,
    };
    const [inserted] = await tx.insert(permits).values(values).returning();
    if (!inserted) throw new Error('permit: insert returned no row');
    const action = input.channel === 'staff' ? 'permit.registered' : grantNow ? 'permit.approved' : 'permit.applied';
    await audit(tx, slug, now, input.actor, action, inserted, { permit: permit.id, member: member.id, ...(from ? { validFrom: from, validUntil: values.validUntil, renewal: !!until } : {}) });
    if (input.channel === 'web') await emitPermitEvent(tx, deps, published, 'permit.applied', permit, inserted);
    if (grantNow) await emitPermitEvent(tx, deps, published, 'permit.approved', permit, inserted);
    return inserted;
  });
  return permitView(published, row, today);
}

export type Decision = 'approve' | 'reject' | 'revoke';

/** Staff decide an application (approve / reject with a reason) or revoke a granted permit (with a reason). */
export async function decidePermit(deps: Deps, input: { published: PublishedTenant; row: PermitRow; decision: Decision; reason?: string; actor: Actor }): Promise<PermitView> {
  const { published } = input;
  const slug = published.tenant.slug;
  const now = deps.clock.now().getTime();
  const today = todayOf(published, now);
  const reason = input.reason?.trim().slice(0, 500) || undefined;
  const row = await transaction(deps.db, async (tx) => {
    // Read again inside the write lock: another member of staff may have decided it meanwhile.
    const r = (await tx.select().from(permits).where(eq(permits.id, input.row.id)).limit(1))[0]!;
    const permit = findPermit(published, r.permitId);
    const wrongState = () => new EngineError('permit.nothing_to_decide', { permitNo: r.permitNo, status: PERMIT_STATUS_LABELS[r.status].ja, statusEn: PERMIT_STATUS_LABELS[r.status].en });
    let patch: Partial<PermitRow>;
    if (input.decision === 'approve') {
      if (r.status !== PERMIT.applied) throw wrongState();
      const from = renewalStart(today, await currentUntil(tx, slug, r.memberId, r.permitId, today));
      patch = { status: 'approved', validFrom: from, validUntil: validUntil(permit.validity, from), reason: reason ?? null };
    } else if (input.decision === 'reject') {
      if (r.status !== PERMIT.applied) throw wrongState();
      if (!reason) throw new EngineError('permit.reason_required');
      patch = { status: 'rejected', reason };
    } else {
      if (r.status !== 'approved' || (r.validUntil !== null && r.validUntil < today)) throw wrongState();
      if (!reason) throw new EngineError('permit.reason_required');
      patch = { status: 'revoked', reason };
    }
    const [updated] = await tx
      .update(permits)
      .set({ ...patch, decidedAt: now, decidedBy: input.actor.id ?? input.actor.type, updatedAt: now })
      .where(eq(permits.id, r.id))
      .returning();
    if (!updated) throw new Error('permit: update returned no row');
    const action = { approve: 'permit.approved', reject: 'permit.rejected', revoke: 'permit.revoked' }[input.decision];
    await audit(tx, slug, now, input.actor, action, updated, { from: r.status, to: updated.status, ...(updated.validFrom ? { validFrom: updated.validFrom, validUntil: updated.validUntil } : {}) });
    if (input.decision === 'approve') await emitPermitEvent(tx, deps, published, 'permit.approved', permit, updated);
    if (input.decision === 'reject') await emitPermitEvent(tx, deps, published, 'permit.rejected', permit, updated);
    return updated;
  });
  return permitView(published, row, today);
}

function audit(tx: Tx, tenant: string, at: number, actor: Actor, action: string, row: PermitRow, details: Record<string, unknown>): Promise<void> {
  return writeAudit(tx, { tenant, at, actor, action, target: { type: 'permit', id: row.permitNo }, details });
}

/** 失効: approved permits past their last day. Idempotent (run by the kind's job). */
export async function expirePermits(deps: Deps, published: PublishedTenant): Promise<number> {
  const slug = published.tenant.slug;
  const now = deps.clock.now().getTime();
  const today = todayOf(published, now);
  return transaction(deps.db, async (tx) => {
    const due = await tx
      .select()
      .from(permits)
      .where(and(eq(permits.tenantSlug, slug), eq(permits.status, 'approved'), sql`${permits.validUntil} < ${today}`));
    for (const r of due) {
      await tx.update(permits).set({ status: 'expired', updatedAt: now }).where(eq(permits.id, r.id));
      await audit(tx, slug, now, { type: 'system' }, 'permit.expired', r, { validUntil: r.validUntil });
    }
    return due.length;
  });
}

/**
 * 更新のお知らせ (seed 000: 定期的に更新を勧奨): once per permit, `remindDaysBefore` days
 * before its last day, unless the member has already applied again or been renewed.
 */
export async function remindRenewals(deps: Deps, published: PublishedTenant): Promise<number> {
  const slug = published.tenant.slug;
  const now = deps.clock.now().getTime();
  const today = todayOf(published, now);
  let sent = 0;
  for (const permit of published.tenant.list('permit')) {
    if (permit.remindDaysBefore === null) continue;
    const due = await deps.db
      .select()
      .from(permits)
      .where(
        and(
          eq(permits.tenantSlug, slug),
          eq(permits.permitId, permit.id),
          eq(permits.status, 'approved'),
          sql`${permits.remindedAt} IS NULL`,
          gte(permits.validUntil, today),
          lte(permits.validUntil, addDays(today, permit.remindDaysBefore)),
          sql`NOT EXISTS (SELECT 1 FROM permits n WHERE n.tenant_slug = ${permits.tenantSlug} AND n.member_id = ${permits.memberId} AND n.permit_id = ${permits.permitId}
                AND n.id <> ${permits.id} AND (n.status = ${PERMIT.applied} OR (n.status = ${PERMIT.approved} AND n.valid_from > ${permits.validUntil})))`,
        ),
      );
    for (const r of due) {
      await transaction(deps.db, async (tx) => {
        // Claimed by the update: a second run (or server) finds reminded_at set and sends nothing.
        const claimed = affected(await tx.update(permits).set({ remindedAt: now }).where(and(eq(permits.id, r.id), sql`${permits.remindedAt} IS NULL`))) === 1;
        if (!claimed) return;
        await emitPermitEvent(tx, deps, published, 'permit.renewal_due', permit, r);
        sent++;
      });
    }
  }
  return sent;
}

export interface PermitView {
  permitNo: string;
  permit: string;
  title: string;
  titleEn: string;
  /** The state as of today: an approved permit past its last day reads 失効 even before the sweep. */
  status: PermitStatus;
  statusLabel: string;
  statusLabelEn: string;
  validFrom: string | null;
  validUntil: string | null;
  channel: 'web' | 'staff';
  appliedAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
  reason: string | null;
  /** Renewal may be applied for from this day (approved permits only). */
  renewFrom: string | null;
  memberId: string;
  answers: Record<string, unknown>;
}

export function permitView(published: PublishedTenant, r: PermitRow, today: string): PermitView {
  const permit = published.tenant.get('permit', r.permitId);
  const tz = tenantTimezone(published);
  const status: PermitStatus = r.status === 'approved' && r.validUntil !== null && r.validUntil < today ? 'expired' : r.status;
  return {
    permitNo: r.permitNo,
    permit: r.permitId,
    title: permit?.title ?? r.permitId,
    titleEn: permit?.titleEn ?? r.permitId,
    status,
    statusLabel: PERMIT_STATUS_LABELS[status].ja,
    statusLabelEn: PERMIT_STATUS_LABELS[status].en,
    validFrom: r.validFrom,
    validUntil: r.validUntil,
    channel: r.channel,
    appliedAt: instantIso(r.appliedAt, tz),
    decidedAt: r.decidedAt !== null ? instantIso(r.decidedAt, tz) : null,
    decidedBy: r.decidedBy,
    reason: r.reason,
    renewFrom: status === 'approved' && r.validUntil ? addDays(r.validUntil, -(permit?.remindDaysBefore ?? DEFAULT_RENEWAL_DAYS)) : null,
    memberId: r.memberId,
    answers: JSON.parse(r.answersJson) as Record<string, unknown>,
  };
}

/** A member's permits and applications, newest first (照会). */
export async function memberPermits(deps: { db: Db; clock: Clock }, published: PublishedTenant, memberId: string): Promise<PermitView[]> {
  const today = todayOf(published, deps.clock.now().getTime());
  const rows = await deps.db
    .select()
    .from(permits)
    .where(and(eq(permits.tenantSlug, published.tenant.slug), eq(permits.memberId, memberId)))
    .orderBy(sql`${permits.id} DESC`);
  return rows.map((r) => permitView(published, r, today));
}

export async function permitByNo(db: Db, tenant: string, permitNo: string): Promise<PermitRow | undefined> {
  const [row] = await db
    .select()
    .from(permits)
    .where(and(eq(permits.tenantSlug, tenant), eq(permits.permitNo, permitNo)))
    .limit(1);
  return row;
}

export interface ListFilter {
  /** applied (the queue), approved, rejected, expired, revoked, or all. */
  status?: PermitStatus | 'all';
  permit?: string;
  /** Approved permits whose last day is on or before this date. */
  expiringBy?: string;
  memberId?: string;
}

export type StaffPermitRow = PermitView & { memberNo: string; memberName: string; memberKind: string };

/** Staff list: the application queue (oldest first) or the permits (soonest expiry first), for the permits in scope. */
export async function listPermits(deps: { db: Db; clock: Clock }, published: PublishedTenant, inScope: (permit: CompiledPermit) => boolean, f: ListFilter): Promise<StaffPermitRow[]> {
  const today = todayOf(published, deps.clock.now().getTime());
  const ids = published.tenant
    .list('permit')
    .filter(inScope)
    .map((p) => p.id)
    .filter((id) => f.permit === undefined || f.permit === id);
  if (ids.length === 0) return [];
  const where: SQL[] = [eq(permits.tenantSlug, published.tenant.slug), inArray(permits.permitId, ids)];
  // 失効 includes approved permits past their last day that the hourly sweep has not marked yet.
  if (f.status === PERMIT.expired) where.push(sql`(${permits.status} = ${PERMIT.expired} OR (${permits.status} = ${PERMIT.approved} AND ${permits.validUntil} < ${today}))`);
  else if (f.status === 'approved') where.push(eq(permits.status, 'approved'), gte(permits.validUntil, today));
  else if (f.status && f.status !== 'all') where.push(eq(permits.status, f.status));
  if (f.expiringBy) where.push(eq(permits.status, 'approved'), lte(permits.validUntil, f.expiringBy), gte(permits.validUntil, today));
  if (f.memberId) where.push(eq(permits.memberId, f.memberId));
  const rows = await deps.db
    .select({ p: permits, memberNo: members.memberNo, memberName: members.name, memberKind: members.kind })
    .from(permits)
    .leftJoin(members, and(eq(members.id, permits.memberId), eq(members.tenantSlug, permits.tenantSlug)))
    .where(and(...where))
    .orderBy(f.status === PERMIT.applied ? asc(permits.appliedAt) : sql`${permits.validUntil} IS NULL, ${permits.validUntil}`, asc(permits.id))
    .limit(1000);
  return rows.map((r) => ({ ...permitView(published, r.p, today), memberNo: r.memberNo ?? '', memberName: r.memberName ?? '', memberKind: r.memberKind ?? '' }));
}
