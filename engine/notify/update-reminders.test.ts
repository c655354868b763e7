import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
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
    const add = (id: string, updatedAt: number, status: 'active' | 'suspended' = 'active') =>
      t.db.insert(members).values({ id, tenantSlug: 'test-town', memberNo: id, name: `会員${id}`, email: `${id}@example.jp`, status, createdAt: updatedAt, updatedAt }).run();
    add('old', now - 400 * DAY);
    add('fresh', now - 10 * DAY);
    add('gone', now - 400 * DAY, 'suspended');
    const deps = { db: t.db, clock: t.clock, tenants: t.tenants };
    expect(sendUpdateReminders(deps)).toBe(1);
    const rows = () => t.db.all<{ m: string; r: string }>(sql`SELECT member_id AS m, recipient AS r FROM notification_outbox WHERE event = 'member.update_reminder'`);
    expect(rows()).toEqual([{ m: 'old', r: 'old@example.jp' }]);
    expect(sendUpdateReminders(deps)).toBe(0);
    t.clock.advance(366 * DAY);
    expect(sendUpdateReminders(deps)).toBe(2); // 'old' again a year later, and now 'fresh' too
    expect(rows().map((r) => r.m).sort()).toEqual(['fresh', 'old', 'old']);
  });
});
