// Staff member management: search (any role; needed for proxy booking), view
// (audited), edit / suspend / LINE unlink (facility managers and administrators).
import { Hono } from 'hono';
import { writeAudit } from '../../../audit';
import { searchMembers, findMember, toMemberView, readMemberPatch, updateMember, setMemberStatus, unlinkLine } from '../../../staff/members';
import { PERMISSIONS, servicesInScope } from '../../../staff/roles';
import { EngineError } from '../../../core/errors';
import { makeIssue } from '../../../core/messages';
import { readJsonObject } from '../../body';
import { guard, staffActor, type AdminEnv } from './guard';

export const memberRoutes = new Hono<AdminEnv>()
  .get('/api/admin/t/:tenant/members', guard(), (c) => {
    const { db, clock } = c.get('deps');
    const tenant = c.get('published').tenant.slug;
    const r = searchMembers(db, tenant, { memberNo: c.req.query('memberNo'), keyword: c.req.query('q'), status: c.req.query('status') });
    writeAudit(db, {
      tenant,
      at: clock.now().getTime(),
      actor: staffActor(c),
      action: 'pii.listed',
      target: { type: 'members', id: '*' },
      details: { conditions: { memberNo: !!c.req.query('memberNo'), keyword: !!c.req.query('q') }, total: r.total },
    });
    return c.json(r);
  })
  .get('/api/admin/t/:tenant/members/:id', guard(), (c) => {
    const { db, clock } = c.get('deps');
    const published = c.get('published');
    const tenant = published.tenant.slug;
    const m = toMemberView(findMember(db, tenant, c.req.param('id')));
    const services = servicesInScope(published, c.get('staff')).map((s) => s.id);
    const bookings = services.length
      ? (db.$client
          .prepare(`SELECT receipt_no AS receiptNo, service_id AS service, resource_id AS resource, slot_date AS date, slot_start_local AS time, status FROM bookings
                    WHERE tenant_slug = ? AND member_id = ? AND service_id IN (${services.map(() => '?').join(',')}) ORDER BY slot_start DESC LIMIT 200`)
          .all(tenant, m.id, ...services) as Record<string, unknown>[])
      : [];
    writeAudit(db, { tenant, at: clock.now().getTime(), actor: staffActor(c), action: 'pii.viewed', target: { type: 'member', id: m.memberNo } });
    return c.json({ ...m, bookings });
  })
  .patch('/api/admin/t/:tenant/members/:id', guard(PERMISSIONS.editMembers), async (c) => {
    const body = await readJsonObject(c, ['name', 'nameKana', 'phone', 'email']);
    return c.json(updateMember(c.get('deps'), { tenant: c.get('published').tenant.slug, id: c.req.param('id'), actor: staffActor(c), patch: readMemberPatch(body) }));
  })
  .put('/api/admin/t/:tenant/members/:id/status', guard(PERMISSIONS.editMembers), async (c) => {
    const body = await readJsonObject(c, ['status']);
    if (body.status !== 'active' && body.status !== 'suspended') throw new EngineError('input.invalid', {}, { issues: [makeIssue('/status', 'schema.enum', { allowed: 'active, suspended' })] });
    return c.json(setMemberStatus(c.get('deps'), { tenant: c.get('published').tenant.slug, id: c.req.param('id'), actor: staffActor(c), suspended: body.status === 'suspended' }));
  })
  .delete('/api/admin/t/:tenant/members/:id/line-link', guard(PERMISSIONS.editMembers), (c) =>
    c.json(unlinkLine(c.get('deps'), { tenant: c.get('published').tenant.slug, id: c.req.param('id'), actor: staffActor(c) })),
  );
