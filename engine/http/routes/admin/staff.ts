// 操作職員権限設定 and the access log: system administrators only.
import { Hono } from 'hono';
import { createStaff, findStaff, listStaff, resetStaffPassword, toStaffView, updateStaff } from '../../../staff/accounts';
import { queryAudit } from '../../../staff/audit-log';
import { readPageParam } from '../../../staff/filters';
import { PERMISSIONS } from '../../../staff/roles';
import { tenantTimezone } from '../../../config/tenant';
import { readJsonObject } from '../../body';
import { guard, queryRecord, staffActor, type AdminEnv } from './guard';

export const staffRoutes = new Hono<AdminEnv>()
  .get('/api/admin/t/:tenant/staff', guard(PERMISSIONS.manageStaff), (c) => c.json({ staff: listStaff(c.get('deps').db, c.get('published').tenant.slug) }))
  .post('/api/admin/t/:tenant/staff', guard(PERMISSIONS.manageStaff), async (c) => {
    const body = await readJsonObject(c, ['loginId', 'name', 'email', 'organization', 'role', 'scope', 'validFrom', 'validUntil', 'suspended', 'password', 'temporary']);
    const r = await createStaff(c.get('deps'), { published: c.get('published'), actor: staffActor(c), body });
    return c.json(r, 201);
  })
  .get('/api/admin/t/:tenant/staff/:loginId', guard(PERMISSIONS.manageStaff), (c) =>
    c.json(toStaffView(findStaff(c.get('deps').db, c.get('published').tenant.slug, c.req.param('loginId')))),
  )
  .patch('/api/admin/t/:tenant/staff/:loginId', guard(PERMISSIONS.manageStaff), async (c) => {
    const body = await readJsonObject(c, ['name', 'email', 'organization', 'role', 'scope', 'validFrom', 'validUntil', 'suspended']);
    return c.json(updateStaff(c.get('deps'), { published: c.get('published'), actor: staffActor(c), loginId: c.req.param('loginId'), body }));
  })
  .post('/api/admin/t/:tenant/staff/:loginId/password', guard(PERMISSIONS.manageStaff), async (c) => {
    const body = await readJsonObject(c, ['password']);
    const r = await resetStaffPassword(c.get('deps'), { tenant: c.get('published').tenant.slug, actor: staffActor(c), loginId: c.req.param('loginId'), password: body.password });
    return c.json(r);
  })
  .get('/api/admin/t/:tenant/audit', guard(PERMISSIONS.viewAudit), (c) => {
    const q = queryRecord(c);
    const date = (s: string | undefined) => (s && /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : undefined);
    return c.json(
      queryAudit(
        c.get('deps').db,
        c.get('published').tenant.slug,
        { from: date(q.from), to: date(q.to), actor: q.actor || undefined, action: q.action || undefined, target: q.target || undefined, ip: q.ip || undefined, page: readPageParam(q, 'page') ?? 1 },
        tenantTimezone(c.get('published')),
      ),
    );
  });
