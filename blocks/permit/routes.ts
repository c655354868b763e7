// HTTP API of the permit kind. Resident: the permits on offer (and the member's own),
// and applying (a logged-in member). Staff: the list (queue, expiry), 窓口登録, and
// approve / reject / revoke. Facility scope: a permit belongs to the services it unlocks.
import { Hono, type Context } from 'hono';
import { memberOfSession, sessionCookie } from '../../engine/auth/member-session';
import { EngineError } from '../../engine/core/errors';
import { makeIssue } from '../../engine/core/messages';
import { committed } from '../../engine/db';
import { readJsonObject } from '../../engine/http/body';
import type { AppEnv } from '../../engine/http/context';
import { clientAddress } from '../../engine/http/middleware/rate-limit';
import { guard, staffActor, type AdminContext, type AdminEnv } from '../../engine/http/routes/admin/guard';
import { tenantTimezone, type PublishedTenant } from '../../engine/config/tenant';
import { writeAudit } from '../../engine/audit';
import { findMember } from '../../engine/staff/members';
import { inScope, type StaffPrincipal } from '../../engine/staff/roles';
import type { CompiledPermit } from './block';
import { permitCardHtml } from './card';
import { permitPages } from './pages';
import { decidePermit, findPermit, tenantToday, grantOrApply, listPermits, memberPermits, permitByNo, PERMIT_STATUS_LABELS, type Decision, type PermitStatus } from './store';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What a resident (or an API client) needs to know about a permit before applying. */
export function permitSummary(published: PublishedTenant, p: CompiledPermit, en: boolean) {
  const tenant = published.tenant;
  return {
    id: p.id,
    title: en ? p.titleEn : p.title,
    description: en ? p.descriptionEn : p.description,
    unlocks: p.unlocks.map((u) => {
      const s = tenant.get('service', u.service);
      const res = s?.calendar.resources ?? [];
      return {
        service: u.service,
        serviceTitle: s ? (en ? s.titleEn : s.title) : u.service,
        resources: u.resources ? u.resources.map((r) => ({ id: r, title: (en ? res.find((x) => x.id === r)?.titleEn : res.find((x) => x.id === r)?.title) ?? r })) : null,
        times: u.times,
      };
    }),
    validity: p.validity,
    requiresApproval: p.requiresApproval,
    holders: p.holders,
    remindDaysBefore: p.remindDaysBefore,
    ...(p.form ? { form: { id: p.form.id, schema: p.form.answersSchema, fields: p.form.fields } } : {}),
  };
}

async function sessionMember(c: Context<AppEnv>) {
  const { db, clock } = c.get('deps');
  return memberOfSession(db, c.get('published').tenant.slug, sessionCookie.read(c), clock.now().getTime());
}

const resident = new Hono<AppEnv>()
  .get('/api/t/:tenant/permits', async (c) => {
    const published = c.get('published');
    const en = c.get('lang') === 'en';
    const m = await sessionMember(c);
    return c.json({
      permits: published.tenant.list('permit').map((p) => permitSummary(published, p, en)),
      ...(m ? { mine: await memberPermits(c.get('deps'), published, m.id) } : {}),
    });
  })
  .post('/api/t/:tenant/permits/:id/applications', async (c) => {
    const body = await readJsonObject(c, ['answers']);
    const published = c.get('published');
    findPermit(published, c.req.param('id'));
    const m = await sessionMember(c);
    if (!m) throw new EngineError('permit.login_required');
    const deps = c.get('deps');
    const view = await committed(deps.db, () =>
      grantOrApply(deps, { published, permitId: c.req.param('id'), member: m, answers: body.answers ?? {}, actor: { type: 'member', id: m.id, ip: clientAddress(c) }, channel: 'web' }),
    );
    return c.json(view, 201);
  });

const permitInScope = (staff: Pick<StaffPrincipal, 'scope'>) => (p: CompiledPermit) => p.unlocks.some((u) => inScope(staff, u.service));

/** The permit row of this tenant, if its permit is in the staff member's scope (otherwise 404, as for bookings). */
async function scopedRow(c: AdminContext, permitNo: string) {
  const published = c.get('published');
  const row = await permitByNo(c.get('deps').db, published.tenant.slug, permitNo);
  const permit = row ? published.tenant.get('permit', row.permitId) : undefined;
  if (!row || !permit || !permitInScope(c.get('staff'))(permit)) throw new EngineError('permit.grant_not_found', { permitNo });
  return row;
}

async function decideRoute(c: AdminContext, decision: Decision) {
  const body = await readJsonObject(c, ['reason']);
  const row = await scopedRow(c, c.req.param('permitNo') ?? '');
  const deps = c.get('deps');
  const reason = typeof body.reason === 'string' ? body.reason : undefined;
  return c.json(await committed(deps.db, () => decidePermit(deps, { published: c.get('published'), row, decision, ...(reason ? { reason } : {}), actor: staffActor(c) })));
}

const STATUSES = Object.keys(PERMIT_STATUS_LABELS) as PermitStatus[];

const staff = new Hono<AdminEnv>()
  .get('/api/admin/t/:tenant/permits', guard(), async (c) => {
    const published = c.get('published');
    const { status, permit, expiringBy, memberId } = c.req.query();
    const issues = [
      ...(status !== undefined && status !== 'all' && !STATUSES.includes(status as PermitStatus) ? [makeIssue('/status', 'schema.enum', { allowed: ['all', ...STATUSES].join(', ') })] : []),
      ...(expiringBy !== undefined && !DATE.test(expiringBy) ? [makeIssue('/expiringBy', 'schema.format', { format: 'YYYY-MM-DD' })] : []),
    ];
    if (issues.length) throw new EngineError('input.invalid', {}, { issues });
    const en = c.get('lang') === 'en';
    const mine = permitInScope(c.get('staff'));
    const rows = await listPermits(c.get('deps'), published, mine, {
      ...(status ? { status: status as PermitStatus | 'all' } : {}),
      ...(permit ? { permit } : {}),
      ...(expiringBy ? { expiringBy } : {}),
      ...(memberId ? { memberId } : {}),
    });
    return c.json({ permits: published.tenant.list('permit').filter(mine).map((p) => permitSummary(published, p, en)), rows, total: rows.length });
  })
  .post('/api/admin/t/:tenant/permits', guard(), async (c) => {
    const body = await readJsonObject(c, ['permit', 'memberId', 'answers']);
    const published = c.get('published');
    const issues = [
      ...(typeof body.permit !== 'string' ? [makeIssue('/permit', 'schema.required', { property: 'permit' })] : []),
      ...(typeof body.memberId !== 'string' ? [makeIssue('/memberId', 'schema.required', { property: 'memberId' })] : []),
    ];
    if (issues.length) throw new EngineError('input.invalid', {}, { issues });
    const permit = findPermit(published, body.permit as string);
    if (!permitInScope(c.get('staff'))(permit)) throw new EngineError('staff.out_of_scope', { service: permit.unlocks.map((u) => u.service).join(', ') });
    const deps = c.get('deps');
    const member = await findMember(deps.db, published.tenant.slug, body.memberId as string);
    const view = await committed(deps.db, () => grantOrApply(deps, { published, permitId: permit.id, member, answers: body.answers ?? {}, actor: staffActor(c), channel: 'staff' }));
    return c.json(view, 201);
  })
  // 施設利用登録証 (A4 or card size), print-ready HTML; a permit in force only.
  .get('/api/admin/t/:tenant/permits/:permitNo/card', guard(), async (c) => {
    const { db, clock } = c.get('deps');
    const published = c.get('published');
    const size = c.req.query('size') ?? 'a4';
    if (size !== 'a4' && size !== 'card') throw new EngineError('input.invalid', {}, { issues: [makeIssue('/size', 'schema.enum', { allowed: 'a4, card' })] });
    const row = await scopedRow(c, c.req.param('permitNo'));
    const now = clock.now().getTime();
    const html = await permitCardHtml(db, published, row, { size, lang: c.get('lang') === 'en' ? 'en' : 'ja', now, timeZone: tenantTimezone(published), today: tenantToday(published, now) });
    await writeAudit(db, { tenant: published.tenant.slug, at: now, actor: staffActor(c), action: 'permit.card_printed', target: { type: 'permit', id: row.permitNo }, details: { size } });
    c.header('Cache-Control', 'no-store');
    return c.html(html);
  })
  .post('/api/admin/t/:tenant/permits/:permitNo/approve', guard(), (c) => decideRoute(c, 'approve'))
  .post('/api/admin/t/:tenant/permits/:permitNo/reject', guard(), (c) => decideRoute(c, 'reject'))
  .post('/api/admin/t/:tenant/permits/:permitNo/revoke', guard(), (c) => decideRoute(c, 'revoke'));

// The resident pages (/t/:tenant/permits…) carry their own page context and error pages.
export const permitRoutes = new Hono<AppEnv>()
  .route('/', resident)
  .route('/', staff as unknown as Hono<AppEnv>)
  .route('/', permitPages as unknown as Hono<AppEnv>);
