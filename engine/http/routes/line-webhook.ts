// POST /api/t/:tenant/line/webhook — the LINE Messaging API webhook (engine/members/line-talk.ts).
// 401 for a missing or wrong signature, 404 where the tenant has no LINE channel; otherwise
// 200 once the events are handled (LINE redelivers on anything else).
import { Hono } from 'hono';
import { committed } from '../../db';
import { EngineError } from '../../core/errors';
import { answerEvent, reply, signatureValid, talkConfig } from '../../members/line-talk';
import type { AppEnv } from '../context';

export const lineWebhookRoutes = new Hono<AppEnv>().post('/api/t/:tenant/line/webhook', async (c) => {
  const deps = c.get('deps');
  const published = c.get('published');
  const cfg = talkConfig(deps.env ?? process.env, published.tenant.slug);
  if (!cfg) throw new EngineError('line.not_configured');
  const raw = await c.req.text();
  if (!signatureValid(cfg.channelSecret, raw, c.req.header('x-line-signature'))) return c.json({ error: { code: 'line.bad_signature' } }, 401);
  let events: unknown[] = [];
  try {
    const body = JSON.parse(raw) as { events?: unknown };
    events = Array.isArray(body.events) ? body.events : [];
  } catch {
    return c.json({ error: { code: 'http.bad_request' } }, 400);
  }
  for (const e of events as Parameters<typeof answerEvent>[2][]) {
    const messages = await committed(deps.db, () => answerEvent({ ...deps, env: deps.env ?? process.env }, published, e));
    if (e.replyToken && messages.length && !(await reply(cfg, e.replyToken, messages))) deps.logger.error('LINE reply failed', { tenant: published.tenant.slug, event: e.webhookEventId });
  }
  return c.json({ ok: true });
});
