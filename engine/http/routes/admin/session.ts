// Staff login, logout, who am I, own password, own preferences.
import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { endStaffSession, staffCookiePath, STAFF_COOKIE, ABSOLUTE_MS } from '../../../auth/staff-session';
import { writeAudit } from '../../../audit';
import { transaction } from '../../../db';
import { changeOwnPassword } from '../../../staff/accounts';
import { loginStaff } from '../../../staff/login';
import { getPreferences, setPreference } from '../../../staff/preferences';
import { PERMISSIONS, ROLE_LABELS, can, servicesInScope } from '../../../staff/roles';
import { tenantTimezone } from '../../../config/tenant';
import { clientAddress, trustedProxyHops } from '../../middleware/rate-limit';
import { readJsonObject } from '../../body';
import { checkOrigin, guard, staffActor, type AdminEnv } from './guard';

const secure = (url: string) => url.startsWith('https:') || trustedProxyHops() > 0;

export function sessionRoutes() {
  return new Hono<AdminEnv>()
    .post('/api/admin/t/:tenant/login', async (c) => {
      checkOrigin(c);
      const body = await readJsonObject(c, ['loginId', 'password']);
      const published = c.get('published');
      const tenant = published.tenant.slug;
      const deps = c.get('deps');
      const r = await loginStaff(deps, { tenant, timeZone: tenantTimezone(published), loginId: body.loginId, password: body.password, ip: clientAddress(c) });
      setCookie(c, STAFF_COOKIE, r.token, { path: staffCookiePath(tenant), httpOnly: true, sameSite: 'Strict', secure: secure(c.req.url), maxAge: ABSOLUTE_MS / 1000 });
      return c.json({ loginId: r.loginId, mustChangePassword: r.mustChangePassword });
    })
    .post('/api/admin/t/:tenant/logout', guard(undefined, { passwordChange: true }), async (c) => {
      const staff = c.get('staff');
      const { db, clock } = c.get('deps');
      await transaction(db, async (tx) => {
        await endStaffSession(tx, staff.sessionHash);
        await writeAudit(tx, { tenant: staff.tenant, at: clock.now().getTime(), actor: staffActor(c), action: 'staff.logout', target: { type: 'staff', id: staff.loginId } });
      });
      deleteCookie(c, STAFF_COOKIE, { path: staffCookiePath(staff.tenant) });
      return c.body(null, 204);
    })
    .get('/api/admin/t/:tenant/me', guard(undefined, { passwordChange: true }), async (c) => {
      const staff = c.get('staff');
      const published = c.get('published');
      const site = published.tenant.list('site')[0];
      const en = c.get('lang') === 'en';
      return c.json({
        loginId: staff.loginId,
        name: staff.name,
        role: staff.role,
        roleLabel: ROLE_LABELS[staff.role][en ? 'en' : 'ja'],
        scope: staff.scope,
        mustChangePassword: staff.mustChangePassword,
        can: Object.fromEntries(Object.entries(PERMISSIONS).map(([k, roles]) => [k, can(staff, roles)])),
        // kinds: which block kinds the tenant uses, so the console shows the pages of those it has.
        tenant: { slug: published.tenant.slug, title: en ? site?.titleEn : site?.title, timeZone: tenantTimezone(published), kinds: [...new Set(published.tenant.blocks.map((b) => b.kind))].sort() },
        today: new Intl.DateTimeFormat('sv-SE', { timeZone: tenantTimezone(published) }).format(c.get('deps').clock.now()),
        services: servicesInScope(published, staff).map((s) => ({ id: s.id, title: en ? s.titleEn : s.title })),
        preferences: await getPreferences(c.get('deps').db, staff.id),
      });
    })
    .post('/api/admin/t/:tenant/password', guard(undefined, { passwordChange: true }), async (c) => {
      const body = await readJsonObject(c, ['currentPassword', 'newPassword']);
      await changeOwnPassword(c.get('deps'), c.get('staff'), clientAddress(c), body.currentPassword, body.newPassword);
      return c.body(null, 204);
    })
    .put('/api/admin/t/:tenant/preferences/:key', guard(), async (c) => {
      const body = await readJsonObject(c, ['value']);
      await setPreference(c.get('deps'), c.get('staff'), clientAddress(c), c.req.param('key'), body.value);
      return c.json({ key: c.req.param('key'), value: body.value });
    });
}
