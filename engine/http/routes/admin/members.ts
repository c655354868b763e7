// Staff member management: search (any role; needed for proxy booking), view
// (audited), 窓口登録 (one at a time or a CSV of pre-issued login ids), edit every
// item, suspend / resume, 登録抹消, LINE unlink (facility managers and administrators),
// and the printable 利用者登録証 (any role).
import { Hono } from 'hono';
import { writeAudit } from '../../../audit';
import { sqlAll } from '../../../db';
import { tenantTimezone } from '../../../config/tenant';
import { EngineError } from '../../../core/errors';
import { makeIssue } from '../../../core/messages';
import { csvBytesOf } from '../../../export/csv-import';
import { memberCardHtml } from '../../../members/card';
import { createMemberAtDesk, deregisterMember, updateMemberAtDesk, usesPassword } from '../../../members/desk';
import { answersOfMember, memberFieldsOf } from '../../../members/fields';
import { groupPeople, groupsOfPerson, reductionCategoriesOf } from '../../../members/groups';
import { importMembers, MAX_IMPORT_ROWS } from '../../../members/import';
import { searchMembers, findMember, toMemberView, readMemberPatch, updateMember, setMemberStatus, unlinkLine } from '../../../staff/members';
import { PERMISSIONS, servicesInScope } from '../../../staff/roles';
import { readJsonObject } from '../../body';
import { guard, staffActor, type AdminEnv } from './guard';

const confirmed = (v: unknown) => v === true;

export const memberRoutes = new Hono<AdminEnv>()
  // The member items of each kind as the desk form shows them (the member-fields block's staff form).
  .get('/api/admin/t/:tenant/member-fields', guard(), (c) => {
    const published = c.get('published');
    const mf = memberFieldsOf(published.tenant);
    return c.json({
      kinds: mf.kinds.map((kind) => ({ kind, fields: mf.staffForm(kind).fields })),
      password: usesPassword(published),
      maxImportRows: MAX_IMPORT_ROWS,
      retentionDays: mf.retentionDays,
    });
  })
  .get('/api/admin/t/:tenant/members', guard(), async (c) => {
    const { db, clock } = c.get('deps');
    const tenant = c.get('published').tenant.slug;
    const r = await searchMembers(db, tenant, { memberNo: c.req.query('memberNo'), keyword: c.req.query('q'), status: c.req.query('status'), kind: c.req.query('kind') });
    await writeAudit(db, {
      tenant,
      at: clock.now().getTime(),
      actor: staffActor(c),
      action: 'pii.listed',
      target: { type: 'members', id: '*' },
      details: { conditions: { memberNo: !!c.req.query('memberNo'), keyword: !!c.req.query('q') }, total: r.total },
    });
    return c.json(r);
  })
  .post('/api/admin/t/:tenant/members', guard(PERMISSIONS.editMembers), async (c) => {
    const body = await readJsonObject(c, ['kind', 'answers', 'password', 'confirmDuplicates']);
    const deps = c.get('deps');
    const r = await createMemberAtDesk(deps, { published: c.get('published'), kind: body.kind, answers: body.answers ?? {}, password: body.password, confirmDuplicates: confirmed(body.confirmDuplicates), actor: staffActor(c) });
    return c.json({ member: toMemberView(r.member), ...(r.initialPassword ? { initialPassword: r.initialPassword } : {}) }, 201);
  })
  // 一括登録: { csv } or { csvBase64 } (UTF-8 with or without BOM, or CP932); any problem imports nothing.
  .post('/api/admin/t/:tenant/members/import', guard(PERMISSIONS.editMembers), async (c) => {
    const body = await readJsonObject(c, ['csv', 'csvBase64', 'kind', 'confirmDuplicates']);
    const deps = c.get('deps');
    const r = await importMembers(deps, { published: c.get('published'), bytes: csvBytesOf(body), kind: body.kind, confirmDuplicates: confirmed(body.confirmDuplicates), actor: staffActor(c) });
    return c.json(r, 201);
  })
  .get('/api/admin/t/:tenant/members/:id', guard(), async (c) => {
    const { db, clock } = c.get('deps');
    const published = c.get('published');
    const tenant = published.tenant.slug;
    const row = await findMember(db, tenant, c.req.param('id'), { deregistered: true });
    const m = toMemberView(row);
    const services = servicesInScope(published, c.get('staff')).map((s) => s.id);
    const bookings = services.length
      ? await sqlAll<Record<string, unknown>>(
          db,
          `SELECT receipt_no AS "receiptNo", service_id AS service, resource_id AS resource, slot_date AS date, slot_start_local AS time, status FROM bookings
                    WHERE tenant_slug = ? AND member_id = ? AND service_id IN (${services.map(() => '?').join(',')}) ORDER BY slot_start DESC LIMIT 200`,
          [tenant, m.id, ...services],
        )
      : [];
    await writeAudit(db, { tenant, at: clock.now().getTime(), actor: staffActor(c), action: 'pii.viewed', target: { type: 'member', id: m.memberNo } });
    const group = row.kind === 'group' ? { people: await groupPeople(db, tenant, row.id), reductions: reductionCategoriesOf(published.tenant) } : undefined;
    // answers: the member as the desk form's answers (every item, for editing).
    return c.json({ ...m, answers: answersOfMember(row), bookings, groups: await groupsOfPerson(db, tenant, row.id), ...(group ? { group } : {}) });
  })
  // { answers, confirmDuplicates? }: every item of the member's kind; the four base fields { name, nameKana, phone, email } still work alone.
  .patch('/api/admin/t/:tenant/members/:id', guard(PERMISSIONS.editMembers), async (c) => {
    const body = await readJsonObject(c, ['name', 'nameKana', 'phone', 'email', 'answers', 'confirmDuplicates']);
    const deps = c.get('deps');
    const published = c.get('published');
    const tenant = published.tenant.slug;
    if (body.answers !== undefined) {
      const member = await findMember(deps.db, tenant, c.req.param('id'));
      return c.json(toMemberView(await updateMemberAtDesk(deps, { published, member, answers: body.answers, confirmDuplicates: confirmed(body.confirmDuplicates), actor: staffActor(c) })));
    }
    return c.json(await updateMember(deps, { tenant, id: c.req.param('id'), actor: staffActor(c), patch: readMemberPatch(body) }));
  })
  .put('/api/admin/t/:tenant/members/:id/status', guard(PERMISSIONS.editMembers), async (c) => {
    const body = await readJsonObject(c, ['status']);
    if (body.status !== 'active' && body.status !== 'suspended') throw new EngineError('input.invalid', {}, { issues: [makeIssue('/status', 'schema.enum', { allowed: 'active, suspended' })] });
    return c.json(await setMemberStatus(c.get('deps'), { tenant: c.get('published').tenant.slug, id: c.req.param('id'), actor: staffActor(c), suspended: body.status === 'suspended' }));
  })
  // 登録抹消 { reason? }: kept for the member-fields block's retentionDays, then purged.
  .post('/api/admin/t/:tenant/members/:id/deregister', guard(PERMISSIONS.editMembers), async (c) => {
    const body = await readJsonObject(c, ['reason']);
    const deps = c.get('deps');
    const published = c.get('published');
    const member = await findMember(deps.db, published.tenant.slug, c.req.param('id'), { deregistered: true });
    return c.json(toMemberView(await deregisterMember(deps, { published, member, reason: body.reason, actor: staffActor(c) })));
  })
  .delete('/api/admin/t/:tenant/members/:id/line-link', guard(PERMISSIONS.editMembers), async (c) =>
    c.json(await unlinkLine(c.get('deps'), { tenant: c.get('published').tenant.slug, id: c.req.param('id'), actor: staffActor(c) })),
  )
  // 利用者登録証 ?size=a4|card: print-ready HTML (the page's print button, or Chromium's PDF).
  .get('/api/admin/t/:tenant/members/:id/card', guard(), async (c) => {
    const { db, clock } = c.get('deps');
    const published = c.get('published');
    const tenant = published.tenant.slug;
    const size = c.req.query('size') ?? 'a4';
    if (size !== 'a4' && size !== 'card') throw new EngineError('input.invalid', {}, { issues: [makeIssue('/size', 'schema.enum', { allowed: 'a4, card' })] });
    const m = await findMember(db, tenant, c.req.param('id'));
    const now = clock.now().getTime();
    await writeAudit(db, { tenant, at: now, actor: staffActor(c), action: 'member.card_printed', target: { type: 'member', id: m.memberNo }, details: { size } });
    c.header('Cache-Control', 'no-store');
    return c.html(await memberCardHtml(db, published, m, { size, lang: c.get('lang') === 'en' ? 'en' : 'ja', now, timeZone: tenantTimezone(published) }));
  });
