// `notification`: what residents (and the municipality's systems) are told, on
// which channels, with which words. One message per event (or reminder offset);
// templates are handlebars, checked at load against the variables the event
// offers and compiled once, so a typo is a load error and never a blank in an email.
import { defineBlock, type BlockRef, type CheckContext, type RawBlock } from '../../engine/core/block';
import { allEvents, variablesFor, type ChannelName, type EventSpec, type VariableContext } from '../../engine/notify/events';
import type { ReminderOffset } from '../../engine/notify/reminders';
import { checkTemplate, compileSubject, compileTemplate, type TemplateVars } from '../../engine/notify/templates';
import { defaultWebhookSecretEnv, isWebhookSecretOf } from '../../engine/notify/webhook-secret';
import type { FormBlock } from '../form/block';
import type { ServiceBlock } from '../service/block';
import type { SiteBlock } from '../site/block';
import labels from './labels.json';
import schema from './schema.json';
import './messages';

export interface NotificationMessage {
  id: string;
  /** An engine event or one a block kind contributes (engine/notify/events.ts allEvents). */
  event: string;
  channels: ChannelName[];
  before?: { days?: number; at?: string; hours?: number };
  everyDays?: number;
  subject: string;
  body: string;
}

export interface NotificationBlock extends RawBlock {
  kind: 'notification';
  title: string;
  titleEn?: string;
  services?: string[];
  safe?: string[];
  webhook?: { url: string; secretEnv?: string };
  messages: NotificationMessage[];
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

export interface CompiledMessage {
  id: string;
  event: string;
  channels: readonly ChannelName[];
  before?: ReminderOffset;
  everyDays?: number;
  render(vars: TemplateVars): RenderedMessage;
}

export interface CompiledNotification {
  id: string;
  title: string;
  /** undefined = every service of the tenant. */
  services?: readonly string[];
  webhook?: { url: string; secretEnv: string };
  messages: readonly CompiledMessage[];
}

/** Variables that depend on the tenant: the answers every targeted form has, the site's municipality keys. */
function variableContext(b: NotificationBlock, ctx: CheckContext): VariableContext {
  const site = ctx.all('site')[0] as SiteBlock | undefined;
  const municipalityKeys = site?.municipality ? Object.keys(site.municipality) : ['name'];
  const serviceIds = b.services ?? ctx.all('service').map((s) => s.id);
  let common: Set<string> | undefined;
  for (const id of serviceIds) {
    const svc = ctx.find('service', id) as ServiceBlock | undefined;
    const form = svc && (ctx.find('form', svc.form) as FormBlock | undefined);
    if (!form || !Array.isArray(form.fields)) continue;
    const ids = new Set(form.fields.map((f) => f.id));
    common = common ? new Set([...common].filter((f) => ids.has(f))) : ids;
  }
  return { answerFields: [...(common ?? [])], municipalityKeys };
}

function checkOffset(m: NotificationMessage, at: string, ctx: CheckContext): void {
  if (m.event !== 'booking.reminder') {
    if (m.before) ctx.issue(`${at}/before`, 'notification.offset_unexpected');
    return;
  }
  const b = m.before;
  const byDays = b?.days !== undefined && b.at !== undefined && b.hours === undefined;
  const byHours = b?.hours !== undefined && b.days === undefined && b.at === undefined;
  if (!byDays && !byHours) ctx.issue(b ? `${at}/before` : at, 'notification.bad_offset');
}

export const notificationBlock = defineBlock<NotificationBlock, CompiledNotification>({
  kind: 'notification',
  version: 1,
  schema,
  labels,
  cardinality: 'many',
  migrations: [],
  title: { ja: '通知', en: 'Notifications' },
  refs: (b) => (b.services ?? []).map((id, i): BlockRef => ({ kind: 'service', id, path: `/services/${i}` })),
  check(b, ctx) {
    const vctx = variableContext(b, ctx);
    const events = allEvents(ctx.behaviour);
    const safe = new Set(b.safe ?? []);
    b.safe?.forEach((v, i) => {
      const specs = Object.values(events).map((e) => e.variables[v]).filter(Boolean);
      const dynamic = v.startsWith('answers.') ? false : v.startsWith('municipality.') || v.startsWith('site.') ? true : undefined;
      if (specs.length === 0 && dynamic === undefined) ctx.issue(`/safe/${i}`, 'notification.unknown_safe', { variable: v });
      else if (dynamic === false || specs.some((s) => !s.trusted)) ctx.issue(`/safe/${i}`, 'notification.unsafe_variable', { variable: v });
    });
    // Another tenant's (or the shared) secret would let this tenant sign messages other receivers trust.
    const secretEnv = b.webhook?.secretEnv;
    if (secretEnv !== undefined && !isWebhookSecretOf(secretEnv, ctx.tenant.slug)) {
      ctx.issue('/webhook/secretEnv', 'notification.foreign_secret', { name: secretEnv, expected: defaultWebhookSecretEnv(ctx.tenant.slug) });
    }
    const ids = new Set<string>();
    b.messages.forEach((m, i) => {
      const at = `/messages/${i}`;
      if (ids.has(m.id)) ctx.issue(`${at}/id`, 'notification.duplicate_message', { id: m.id });
      ids.add(m.id);
      const spec: EventSpec | undefined = Object.prototype.hasOwnProperty.call(events, m.event) ? events[m.event] : undefined;
      if (!spec) return; // the schema reports it
      const scope = spec.scope;
      if (scope === 'member' && b.services) ctx.issue(`${at}/event`, 'notification.member_event_scoped', { event: m.event });
      const w = m.channels.indexOf('webhook');
      if (w >= 0 && !b.webhook) ctx.issue(`${at}/channels/${w}`, 'notification.webhook_missing');
      checkOffset(m, at, ctx);
      if (m.event === 'member.update_reminder' && m.everyDays === undefined) ctx.issue(at, 'notification.every_days_required');
      if (m.event !== 'member.update_reminder' && m.everyDays !== undefined) ctx.issue(`${at}/everyDays`, 'notification.every_days_unexpected');
      const known = variablesFor(spec, vctx);
      for (const field of ['subject', 'body'] as const) {
        for (const p of checkTemplate(m[field], known, safe)) ctx.issue(`${at}/${field}`, p.code, explainElsewhere(p.params, m.event, events));
      }
    });
  },
  compile: (b, ctx) => ({
    id: b.id,
    title: b.title,
    ...(b.services ? { services: b.services } : {}),
    ...(b.webhook ? { webhook: { url: b.webhook.url, secretEnv: b.webhook.secretEnv ?? defaultWebhookSecretEnv(ctx.tenant.slug) } } : {}),
    messages: b.messages.map((m): CompiledMessage => {
      const subject = compileSubject(m.subject);
      const body = compileTemplate(m.body);
      return {
        id: m.id,
        event: m.event,
        channels: m.channels,
        ...(m.before ? { before: (m.before.hours !== undefined ? { hours: m.before.hours } : { days: m.before.days!, at: m.before.at! }) as ReminderOffset } : {}),
        ...(m.everyDays !== undefined ? { everyDays: m.everyDays } : {}),
        render: (vars) => ({ subject: subject(vars), text: body.text(vars), html: body.html(vars) }),
      };
    }),
  }),
});

/** An unknown variable that other events offer (the access key outside the confirmation): say where it can be used. */
function explainElsewhere(params: Record<string, unknown>, event: string, events: Readonly<Record<string, EventSpec>>): Record<string, unknown> {
  const v = params.variable;
  if (typeof v !== 'string' || params.hint) return params;
  const where = Object.keys(events).filter((e) => e !== event && events[e]!.variables[v]);
  if (where.length === 0) return params;
  return { ...params, hint: `この変数は次の通知でだけ使えます: ${where.join(', ')}`, hintEn: `It is only offered to: ${where.join(', ')}` };
}

/** The notification blocks of a tenant that apply to a service. */
export function notificationsFor(all: readonly CompiledNotification[], serviceId: string | undefined): CompiledNotification[] {
  return all.filter((n) => !n.services || (serviceId !== undefined && n.services.includes(serviceId)));
}

declare module '../../engine/core/kinds' {
  interface CompiledKinds {
    notification: CompiledNotification;
  }
}
