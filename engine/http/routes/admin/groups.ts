// Groups (団体): the approval queue and a group's people and 減免区分. Viewing: any role;
// deciding and editing: facility managers and administrators (as for members).
import { Hono } from 'hono';
import { writeAudit } from '../../../audit';
import { addGroupPerson, decideGroup, GROUP_STATUS_LABELS, listGroups, reductionCategoriesOf, removeGroupPerson, setGroupReduction } from '../../../members/groups';
import { toMemberView } from '../../../staff/members';
import { PERMISSIONS } from '../../../staff/roles';
import { readJsonObject } from '../../body';
import { guard, staffActor, type AdminEnv } from './guard';

export const groupRoutes = new Hono<AdminEnv>()
  // 団体一覧 ?status=applied|approved|rejected&q=: 申請中 first, oldest first; with the 減免区分 staff may choose.
  .get('/api/admin/t/:tenant/groups', guard(), async (c) => {
    const { db, clock } = c.get('deps');
    const published = c.get('published');
    const tenant = published.tenant.slug;
    const rows = await listGroups(db, tenant, { status: c.req.query('status'), keyword: c.req.query('q') });
    await writeAudit(db, { tenant, at: clock.now().getTime(), actor: staffActor(c), action: 'pii.listed', target: { type: 'groups', id: '*' }, details: { conditions: { status: c.req.query('status') ?? '', keyword: !!c.req.query('q') }, total: rows.length } });
    return c.json({ rows, statuses: GROUP_STATUS_LABELS, reductions: reductionCategoriesOf(published.tenant) });
  })
  // 承認 / 却下: { decision: "approved" | "rejected", reason } (a rejection needs its reason).
  .post('/api/admin/t/:tenant/groups/:id/decision', guard(PERMISSIONS.editMembers), async (c) => {
    const body = await readJsonObject(c, ['decision', 'reason']);
    const g = await decideGroup(c.get('deps'), { tenant: c.get('published').tenant.slug, id: c.req.param('id'), decision: body.decision, reason: body.reason, actor: staffActor(c) });
    return c.json(toMemberView(g));
  })
  // 減免区分: { reduction: id | null } on an approved group.
  .put('/api/admin/t/:tenant/groups/:id/reduction', guard(PERMISSIONS.editMembers), async (c) => {
    const body = await readJsonObject(c, ['reduction']);
    return c.json(toMemberView(await setGroupReduction(c.get('deps'), { published: c.get('published'), id: c.req.param('id'), reduction: body.reduction ?? null, actor: staffActor(c) })));
  })
  // 代表者・構成員: { memberNo, role: "representative" | "member" }.
  .post('/api/admin/t/:tenant/groups/:id/people', guard(PERMISSIONS.editMembers), async (c) => {
    const body = await readJsonObject(c, ['memberNo', 'role']);
    const tenant = c.get('published').tenant.slug;
    return c.json({ people: await addGroupPerson(c.get('deps'), { tenant, groupId: c.req.param('id'), memberNo: body.memberNo, role: body.role ?? 'member', actor: staffActor(c) }) });
  })
  .delete('/api/admin/t/:tenant/groups/:id/people/:memberId', guard(PERMISSIONS.editMembers), async (c) =>
    c.json({ people: await removeGroupPerson(c.get('deps'), { tenant: c.get('published').tenant.slug, groupId: c.req.param('id'), memberId: c.req.param('memberId'), actor: staffActor(c) }) }),
  );
