import { describe, expect, it } from 'vitest';
import { captureChannel } from '../../test/helpers/notify';
import { sqlAll, sqlGet } from '../db';
import { createTestApp, silentLogger } from '../../test/helpers/test-app';
import { answers, notifyBlocks, NOW, slot } from '../../test/integration/fixtures/notify-blocks';
import { createChannelsFromEnv, redactUrl } from './channels';
import { lineText } from './channels/line';
import { DeliveryError, type Channel } from './channels/types';
import { createNotifier, defaultBackoff } from './worker';

async function booked() {
  const t = await createTestApp(notifyBlocks(), { now: NOW });
  await t.json('POST', '/api/t/test-town/services/pickup/reservations', { resource: 'main', start: slot('2026-12-03', '10:00'), answers: answers('a@example.jp') });
  const row = async () => (await sqlGet<{ status: string; attempts: number; provider_ref: string | null; last_error: string | null }>(t.db, "SELECT * FROM notification_outbox WHERE event = 'booking.confirmed'"))!;
  const attempts = () => sqlAll<{ attempt: number; outcome: string }>(t.db, 'SELECT attempt, outcome FROM notification_attempts ORDER BY id');
  return { t, row, attempts };
}

describe('notifier', () => {
  it('backs off 30 s, 1 min, 2 min … up to an hour', () => {
    expect([1, 2, 3, 4, 8, 20].map(defaultBackoff)).toEqual([30_000, 60_000, 120_000, 240_000, 3_600_000, 3_600_000]);
  });

  it('gives up after the last attempt, keeping the last reason', async () => {
    const { t, row, attempts } = await booked();
    const flaky: Channel = { name: 'email', send: async () => Promise.reject(new DeliveryError('421 busy', false)) };
    const n = createNotifier({ db: t.db, clock: t.clock, channels: { email: flaky }, logger: silentLogger, maxAttempts: 3, backoffMs: () => 1000 });
    for (let i = 0; i < 3; i++) {
      await n.runOnce();
      t.clock.advance(1000);
    }
    expect(await row()).toMatchObject({ status: 'failed', attempts: 3, last_error: '421 busy' });
    expect((await attempts()).map((a) => a.outcome)).toEqual(['retry', 'retry', 'failed']);
  });

  it('does not let a worker that lost its lease overwrite the outcome of the one that took over', async () => {
    const { t, row, attempts } = await booked();
    let release!: () => void;
    const slow: Channel = { name: 'email', send: () => new Promise((resolve) => (release = () => resolve({ ref: 'stale worker' }))) };
    const stale = createNotifier({ db: t.db, clock: t.clock, channels: { email: slow }, logger: silentLogger }).runOnce();
    await new Promise((r) => setTimeout(r, 10));
    t.clock.advance(120_000);
    const fresh = captureChannel('email');
    expect(await createNotifier({ db: t.db, clock: t.clock, channels: { email: fresh }, logger: silentLogger }).runOnce()).toMatchObject({ sent: 1 });
    release();
    await stale;
    expect(await row()).toMatchObject({ status: 'sent', attempts: 2, provider_ref: 'captured 1' });
    expect(await attempts()).toEqual([
      { attempt: 2, outcome: 'sent' },
      { attempt: 1, outcome: 'sent' }, // recorded in the history, but the row was not touched
    ]);
  });

  it('start() polls and stop() waits for the run in progress', async () => {
    const { t, row } = await booked();
    const email = captureChannel('email');
    const n = createNotifier({ db: t.db, clock: t.clock, channels: { email }, logger: silentLogger, pollMs: 5 });
    n.start();
    for (let i = 0; i < 100 && (await row()).status !== 'sent'; i++) await new Promise((r) => setTimeout(r, 5));
    await n.stop();
    expect((await row()).status).toBe('sent');
    expect(email.sent).toHaveLength(1);
  });
});

describe('channel configuration', () => {
  it("reads the environment, never logs the SMTP password, and signs only with the tenant's WEBHOOK_SECRET_<TENANT> variables", async () => {
    const { channels, report } = createChannelsFromEnv({ SMTP_URL: 'smtp://u:hunter2@mail.example.jp:587', MAIL_FROM: 'a@example.jp', WEBHOOK_SECRET_T: 'w', WEBHOOK_SECRET_U: 'u', SMTP_PASSWORD: 'x' });
    expect(Object.keys(channels).sort()).toEqual(['email', 'webhook']);
    expect(report.join('\n')).not.toContain('hunter2');
    expect(redactUrl('smtp://u:hunter2@h:25')).toBe('smtp://u:***@h:25');
    const d = { id: 1, deliveryKey: 'k', tenant: 't', event: 'e', channel: 'webhook' as const, recipient: 'http://x', subject: '', text: '', data: {}, attempt: 1 };
    expect(channels.webhook!.unavailable!({ ...d, signingSecretName: 'WEBHOOK_SECRET_T' })).toBeUndefined();
    expect(channels.webhook!.unavailable!({ ...d, signingSecretName: 'WEBHOOK_SECRET_T__CRM' })).toBe('WEBHOOK_SECRET_T__CRM is not set');
    // Not this tenant's: failed for good (not held until someone sets it), before any request.
    for (const name of ['SMTP_PASSWORD', 'WEBHOOK_SECRET_U', 'WEBHOOK_SECRET']) {
      await expect(channels.webhook!.send({ ...d, signingSecretName: name })).rejects.toMatchObject({ permanent: true, message: expect.stringContaining('is not a signing secret of tenant "t"') });
    }
  });

  it('fits LINE text into 5000 characters', () => {
    expect(lineText({ subject: '件名', text: '本文' })).toBe('件名\n\n本文');
    const long = lineText({ subject: '', text: 'あ'.repeat(6000) });
    expect([...long]).toHaveLength(5000);
    expect(long.endsWith('…')).toBe(true);
  });
});
