// Turns one configured message into outbox rows: render (at enqueue time, under
// the tenant version of the event), pick the resident's channel, add the webhook.
import type { CompiledMessage, CompiledNotification } from '../../blocks/notification/block';
import type { CompiledSite } from '../../blocks/site/block';
import type { Tx } from '../audit';
import type { PublishedTenant } from '../config/tenant';
import { RESIDENT_CHANNELS } from './events';
import { enqueue, secretToken, type Enqueued } from './outbox';
import { pickResidentRoute, type Addresses } from './recipients';
import type { TemplateVars } from './templates';

export interface DispatchContext {
  tx: Tx;
  published: PublishedTenant;
  now: number;
  vars: TemplateVars;
  /** token → secret value, for the secrets placed in `vars`. */
  secrets: Record<string, string>;
  addresses: Addresses;
  bookingId?: number;
  memberId?: string;
  /** References for the webhook payload. */
  data: Record<string, unknown>;
}

/** Site-wide variables every template may use. */
export function siteVariables(published: PublishedTenant): TemplateVars {
  const site = published.tenant.list('site')[0];
  return {
    site: { title: site?.title ?? published.tenant.slug, titleEn: site?.titleEn ?? site?.title ?? published.tenant.slug },
    municipality: { ...(site?.municipality ?? { name: published.tenant.slug }) },
  };
}

/** Replaces a secret value in the variables by a token; the value goes to `secrets`. */
export function hideSecret(secrets: Record<string, string>, value: string | undefined): string | null {
  if (!value) return null;
  const token = secretToken();
  secrets[token] = value;
  return token;
}

/** What every row of a message records: where it came from and what it is about. */
function refs(ctx: DispatchContext, block: CompiledNotification, msg: CompiledMessage) {
  return {
    tenant: ctx.published.tenant.slug,
    event: msg.event,
    source: `${block.id}/${msg.id}`,
    versionId: ctx.published.versionId,
    ...(ctx.bookingId !== undefined ? { bookingId: ctx.bookingId } : {}),
    ...(ctx.memberId !== undefined ? { memberId: ctx.memberId } : {}),
  };
}

/** Every message of `blocks` for `event`, due now. */
export async function dispatchMessagesOf(ctx: DispatchContext, blocks: readonly CompiledNotification[], event: string): Promise<Enqueued[]> {
  const out: Enqueued[] = [];
  for (const b of blocks) for (const m of b.messages) if (m.event === event) out.push(...(await dispatch(ctx, b, m, ctx.now)));
  return out;
}

export async function dispatch(ctx: DispatchContext, block: CompiledNotification, msg: CompiledMessage, dueAt: number, notAfter?: number): Promise<Enqueued[]> {
  let r: ReturnType<CompiledMessage['render']>;
  try {
    r = msg.render(ctx.vars);
  } catch (e) {
    // Templates are checked at load, so this means data the check could not foresee. The state
    // change must still commit: the message is recorded as failed, with the reason, for staff to see.
    const reason = `notification.render_failed: ${e instanceof Error ? e.message : String(e)}`;
    const channel = msg.channels.find((c) => RESIDENT_CHANNELS.includes(c)) ?? msg.channels[0];
    return [await enqueue(ctx.tx, { ...refs(ctx, block, msg), channel, recipient: null, subject: '', text: '', dueAt, status: 'failed', reason }, ctx.now)];
  }
  const used = Object.fromEntries(Object.entries(ctx.secrets).filter(([tok]) => r.text.includes(tok) || r.html.includes(tok) || r.subject.includes(tok)));
  const base = {
    ...refs(ctx, block, msg),
    subject: r.subject,
    text: r.text,
    data: ctx.data,
    dueAt,
    ...(notAfter !== undefined ? { notAfter } : {}),
  };
  const out: Enqueued[] = [];
  const resident = msg.channels.filter((c) => RESIDENT_CHANNELS.includes(c));
  if (resident.length > 0) {
    const route = pickResidentRoute(msg.channels, ctx.addresses);
    if (route) {
      out.push(await enqueue(ctx.tx, { ...base, channel: route.channel, recipient: route.recipient, ...(route.channel === 'email' ? { html: r.html } : {}), secrets: used }, ctx.now));
    } else {
      // Nowhere to send it: recorded, so the delivery log says so instead of showing nothing.
      out.push(await enqueue(ctx.tx, { ...base, channel: resident[resident.length - 1], recipient: null, status: 'skipped', reason: 'notification.no_recipient' }, ctx.now));
    }
  }
  if (msg.channels.includes('webhook') && block.webhook) {
    // The webhook goes to the municipality's own system: secrets stay masked there.
    out.push(await enqueue(ctx.tx, { ...base, channel: 'webhook', recipient: block.webhook.url, signingSecretName: block.webhook.secretEnv }, ctx.now));
  }
  return out;
}
