import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/helpers/test-app';
import { answers, notifyBlocks, NOW, slot } from '../../test/integration/fixtures/notify-blocks';
import { bookSlot } from '../booking/book';
import { members } from '../db/schema';
import { deliveriesOf } from './deliveries';
import { emailOf, pickResidentRoute } from './recipients';

describe('recipients', () => {
  it('takes the first answered email field and the first resident channel with an address', () => {
    const fields = [
      { id: 'a', type: 'text' as const, label: 'A' },
      { id: 'e1', type: 'email' as const, label: 'E1' },
      { id: 'e2', type: 'email' as const, label: 'E2' },
    ];
    expect(emailOf(fields, { a: 'x@example.jp', e1: '  ', e2: 'second@example.jp' })).toBe('second@example.jp');
    expect(pickResidentRoute(['line', 'email', 'webhook'], { email: 'm@example.jp' })).toEqual({ channel: 'email', recipient: 'm@example.jp' });
    expect(pickResidentRoute(['email', 'line'], { line: 'U1', email: 'm@example.jp' })).toEqual({ channel: 'email', recipient: 'm@example.jp' });
    expect(pickResidentRoute(['webhook'], { line: 'U1' })).toBeUndefined();
  });

  it('by default reads the LINE link and the email of active members from the members table', async () => {
    const t = await createTestApp(notifyBlocks(), { now: NOW });
    const at = Date.parse(NOW);
    const member = async (id: string, lineUserId: string | null, email: string | null, status: 'active' | 'suspended' = 'active') => {
      await t.db.insert(members).values({ id, tenantSlug: 'test-town', memberNo: id, lineUserId, email, status, createdAt: at, updatedAt: at });
    };
    await member('m-line', 'U0123456789abcdef0123456789abcdef', 'line@example.jp');
    await member('m-mail', null, 'member@example.jp');
    await member('m-off', 'U1111111111abcdef0123456789abcdef', null, 'suspended');
    // createApp's default resolver is the one bookSlot gets from the routes; here it is bookSlot's own default.
    const book = async (memberId: string, time: string) =>
      (
        await bookSlot(
          { db: t.db, clock: t.clock },
          { published: t.published, serviceId: 'pickup', resource: 'main', start: slot('2026-12-03', time), answers: answers(undefined, `0900000${time.replace(':', '')}`), actor: { type: 'member', id: memberId }, memberId, channel: 'web' },
        )
      ).body.receiptNo;
    const first = async (receiptNo: Promise<string>) => (await deliveriesOf(t.db, 'test-town', await receiptNo))[0];
    expect(await first(book('m-line', '10:00'))).toMatchObject({ channel: 'line', recipient: 'U0123456789abcdef0123456789abcdef', status: 'pending' });
    expect(await first(book('m-mail', '10:30'))).toMatchObject({ channel: 'email', recipient: 'member@example.jp', status: 'pending' });
    expect(await first(book('m-off', '11:00'))).toMatchObject({ status: 'skipped', reason: 'notification.no_recipient' });
  });
});
