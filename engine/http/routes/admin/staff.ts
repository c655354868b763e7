// 操作職員権限設定 and the access log: system administrators only.
import { Hono } from 'hono';
import { createStaff, findStaff, listStaff, resetStaffPassword, toStaffView, updateStaff } from '../../../staff/accounts';
import { writeAudit } from '../../../audit';
import { auditCsv, queryAudit } from '../../../staff/audit-log';
import { epochToLocal } from '../../../schedule/time';
import { readPageParam } from '../../../staff/filters';
import { PERMISSIONS } from '../../../staff/roles';
import { tenantTimezone } from '../../../config/tenant';
import { readJsonObject } from '../../body';
import { guard, queryRecord, staffActor, type AdminEnv } from './guard';

export const staffRoutes = new Hono<AdminEnv>()
  .get('/api/admin/t/:tenant/staff', guard(PERMISSIONS.manageStaff), async (c) => c.json({ staff: await listStaff(c.get('deps').db, c.get('published').tenant.slug) }))
  .post('/api/admin/t/:tenant/staff', guard(PERMISSIONS.manageStaff), async (c) => {
    const body = await readJsonObject(c, ['loginId', 'name', 'email', 'organization', 'role', 'scope', 'validFrom', 'validUntil', 'suspended', 'password', 'temporary']);
    const r = await createStaff(c.get('deps'), { published: c.get('published'), actor: staffActor(c), body });
    return c.json(r, 201);
  })
  .get('/api/admin/t/:tenant/staff/:loginId', guard(PERMISSIONS.manageStaff), async (c) =>
    c.json(toStaffView(await findStaff(c.get('deps').db, c.get('published').tenant.slug, c.req.param('loginId')))),
  )
  .patch('/api/admin/t/:tenant/staff/:loginId', guard(PERMISSIONS.manageStaff), async (c) => {
    const body = await readJsonObject(c, ['name', 'email', 'organization', 'role', 'scope', 'validFrom', 'validUntil', 'suspended']);
    return c.json(await updateStaff(c.get('deps'), { published: c.get('published'), actor: staffActor(c), loginId: c.req.param('loginId'), body }));
  })
  .post('/api/admin/t/:tenant/staff/:loginId/password', guard(PERMISSIONS.manageStaff), async (c) => {
    const body = await readJsonObject(c, ['password']);
    const r = await resetStaffPassword(c.get('deps'), { tenant: c.get('published').tenant.slug, actor: staffActor(c), loginId: c.req.param('loginId'), password: body.password });
    return c.json(r);
  })
  .get('/api/admin/t/:tenant/audit.csv', guard(PERMISSIONS.viewAudit), async (c) => {
    const q = queryRecord(c);
    const date = (s: string | undefined) => (s && /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : undefined);
    const published = c.get('published');
    const tz = tenantTimezone(published);
    const query = { from: date(q.from), to: date(q.to), actor: q.actor || undefined, action: q.action || undefined, target: q.target || undefined, ip: q.ip || undefined };
    const { db, clock } = c.get('deps');
    const now = clock.now().getTime();
    const { text, rows } = await auditCsv(db, published.tenant.slug, query, tz);
    // The export itself is recorded, after the rows were read (it is not in its own file).
    await writeAudit(db, { tenant: published.tenant.slug, at: now, actor: staffActor(c), action: 'audit.exported', target: { type: 'audit', id: '*' }, details: { rows } });
    const name = `アクセス履歴_${epochToLocal(now, tz).date}_UTF-8.csv`;
    return new Response(text, {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="audit_${epochToLocal(now, tz).date}_UTF-8.csv"; filename*=UTF-8''${encodeURIComponent(name)}`,
        'cache-control': 'no-store',
      },
    });
  })
  .get('/api/admin/t/:tenant/audit', guard(PERMISSIONS.viewAudit), async (c) => {
    const q = queryRecord(c);
    const date = (s: string | undefined) => (s && /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : undefined);
    return c.json(
      await queryAudit(
        c.get('deps').db,
        c.get('published').tenant.slug,
        { from: date(q.from), to: date(q.to), actor: q.actor || undefined, action: q.action || undefined, target: q.target || undefined, ip: q.ip || undefined, page: readPageParam(q, 'page') ?? 1 },
        tenantTimezone(c.get('published')),
      ),
    );
  });
