import { describe, expect, it } from 'vitest';
import { sqlAll } from '../db';
import { members } from '../db/schema';
import { createTestApp } from '../../test/helpers/test-app';
import { sendUpdateReminders } from './update-reminders';

const DAY = 86_400_000;
const blocks = [
  { kind: 'site', id: 'test-town', title: 'テスト町' },
  {
    kind: 'notification', id: 'n', title: '会員向け',
    messages: [{ id: 'update', event: 'member.update_reminder', channels: ['email'], everyDays: 365, subject: '登録情報のご確認', body: '{{member.name}} 様 最終更新: {{member.updatedAt}}' }],
  },
];

describe('update reminders', () => {
  it('reminds members not updated for everyDays, once per period', async () => {
    const t = await createTestApp(blocks);
    const now = t.clock.now().getTime();
    const add = async (id: string, updatedAt: number, status: 'active' | 'suspended' = 'active') => {
      await t.db.insert(members).values({ id, tenantSlug: 'test-town', memberNo: id, name: `会員${id}`, email: `${id}@example.jp`, status, createdAt: updatedAt, updatedAt });
    };
    await add('old', now - 400 * DAY);
    await add('fresh', now - 10 * DAY);
    await add('gone', now - 400 * DAY, 'suspended');
    const deps = { db: t.db, clock: t.clock, tenants: t.tenants };
    expect(await sendUpdateReminders(deps)).toBe(1);
    const rows = () => sqlAll<{ m: string; r: string }>(t.db, "SELECT member_id AS m, recipient AS r FROM notification_outbox WHERE event = 'member.update_reminder'");
    expect(await rows()).toEqual([{ m: 'old', r: 'old@example.jp' }]);
    expect(await sendUpdateReminders(deps)).toBe(0);
    t.clock.advance(366 * DAY);
    expect(await sendUpdateReminders(deps)).toBe(2); // 'old' again a year later, and now 'fresh' too
    expect((await rows()).map((r) => r.m).sort()).toEqual(['fresh', 'old', 'old']);
  });
});
