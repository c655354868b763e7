// 申込者チェック: the engine's default sender writes the tenant's guest.verification
// message to the outbox in the application's transaction; the link is a secret
// (not in the stored message) and reaches the applicant when the worker sends it.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { registry } from '../../blocks';
import { loadTenantSources, readTenantDir } from '../../engine/config/load-tenant';
import { EngineError } from '../../engine/core/errors';
import { requestGuestVerification } from '../../engine/members/guest-verification';
import { createVerificationSender } from '../../engine/notify/guest-verification';
import { createNotifier } from '../../engine/notify/worker';
import { captureChannel } from '../helpers/notify';
import { createTestApp } from '../helpers/test-app';
import { sqlAll, sqlGet } from '../../engine/db';

const demo = loadTenantSources('demo-city', readTenantDir('tenants/demo-city'), registry).tenant!;
// The card-pickup service alone, with its email made required (the site check demands it when verification is on).
const withVerification = demo.blocks
  .filter((b) => ['site', 'member-fields'].includes(b.kind) || b.id.startsWith('card-pickup') || b.id === 'member-notices')
  .map((b) => {
    if (b.kind === 'site') return { ...b, modes: { ...(b.modes as object), guestEmailVerification: true } };
    if (b.kind === 'form') return { ...b, fields: (b.fields as { id: string }[]).map((f) => (f.id === 'email' ? { ...f, required: true } : f)) };
    return b;
  });
const application = {
  serviceId: 'card-pickup',
  resource: 'honcho',
  start: '2026-12-03T10:00:00+09:00',
  answers: { name: '確認 花子', phone: '0312345678', jukiCard: 'なし', email: 'hanako@example.jp' },
  linkFor: (token: string) => `https://yoyaku.example.jp/t/demo-city/verify/${token}`,
};

describe('guest email verification', () => {
  it('emails the confirmation link through the outbox, keeping the link out of the stored message', async () => {
    const t = await createTestApp(withVerification, { slug: 'demo-city' });
    const send = createVerificationSender({ clock: t.clock, tenants: t.tenants });
    const r = await requestGuestVerification({ db: t.db, clock: t.clock, send }, { published: t.published, ...application });
    expect(r.expiresAt).toBe(t.clock.now().getTime() + 7 * 86_400_000);
    const rows = (await sqlAll<{ event: string; recipient: string; body: string }>(t.db, `SELECT event, recipient, body_text AS body FROM notification_outbox`));
    expect(rows).toEqual([{ event: 'guest.verification', recipient: 'hanako@example.jp', body: expect.stringContaining('マイナンバーカード交付予約') }]);
    expect(rows[0].body).not.toContain('https://yoyaku.example.jp/t/demo-city/verify/');
    const email = captureChannel('email');
    await createNotifier({ db: t.db, clock: t.clock, channels: { email }, logger: { info() {}, error() {} } }).runOnce();
    expect(email.sent).toHaveLength(1);
    expect(email.sent[0].text).toMatch(/https:\/\/yoyaku\.example\.jp\/t\/demo-city\/verify\/[A-Za-z0-9_-]{20,}/);
    expect((await sqlGet<{ s: string | null }>(t.db, `SELECT secrets_json AS s FROM notification_outbox`))!.s).toBeNull();
  });

  it('refuses the application when the tenant has no guest.verification message, holding nothing', async () => {
    const noMessage = withVerification.map((b) =>
      b.kind === 'notification' && b.id === 'member-notices' ? { ...b, messages: (b.messages as { event: string }[]).filter((m) => m.event !== 'guest.verification') } : b,
    );
    const t = await createTestApp(noMessage, { slug: 'demo-city' });
    const send = createVerificationSender({ clock: t.clock, tenants: t.tenants });
    await expect(requestGuestVerification({ db: t.db, clock: t.clock, send }, { published: t.published, ...application })).rejects.toThrowError(EngineError);
    expect((await sqlGet<{ n: number }>(t.db, `SELECT COUNT(*) AS n FROM member_tokens`))!.n).toBe(0);
  });
});
