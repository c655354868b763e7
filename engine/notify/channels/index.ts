// Channels from the environment (composition root). A channel that is not
// configured is simply absent: its messages are held, visible, never dropped.
import { createLineChannel } from './line';
import { createSmtpChannel } from './smtp';
import type { Channels } from './types';
import { createWebhookChannel } from './webhook';
import { parseAllowHosts } from './webhook-target';
import { slugToEnv } from '../webhook-secret';

const LINE_TOKEN_PREFIX = 'LINE_CHANNEL_ACCESS_TOKEN_';

export type { Channel, Channels, Delivery, SendResult } from './types';
export { DeliveryError } from './types';

export interface ChannelSetup {
  channels: Channels;
  /** One line per channel: configured or why not (for the start-up log). */
  report: string[];
}

export function createChannelsFromEnv(env: Record<string, string | undefined>): ChannelSetup {
  const channels: Channels = {};
  const report: string[] = [];
  if (env.SMTP_URL && env.MAIL_FROM) {
    channels.email = createSmtpChannel({ url: env.SMTP_URL, from: env.MAIL_FROM });
    report.push(`email: SMTP ${redactUrl(env.SMTP_URL)} from ${env.MAIL_FROM}`);
  } else {
    report.push(`email: not configured (${env.SMTP_URL ? 'MAIL_FROM' : 'SMTP_URL'} is not set) — emails are held in the outbox`);
  }
  // A tenant's own Messaging API channel (as the LINE talk uses it) before the operator-wide one:
  // LINE user ids differ per provider, so a push must go through the channel the member linked with.
  const tenantLineTokens = Object.keys(env).filter((k) => k.startsWith(LINE_TOKEN_PREFIX) && env[k]);
  if (env.LINE_CHANNEL_ACCESS_TOKEN || tenantLineTokens.length) {
    channels.line = createLineChannel({
      channelAccessToken: (tenant) => env[`${LINE_TOKEN_PREFIX}${slugToEnv(tenant)}`] || env.LINE_CHANNEL_ACCESS_TOKEN || undefined,
      baseUrl: env.LINE_API_BASE || 'https://api.line.me',
    });
    const which = [...(env.LINE_CHANNEL_ACCESS_TOKEN ? ['operator-wide token'] : []), ...tenantLineTokens.map((k) => k.slice(LINE_TOKEN_PREFIX.length))].join(', ');
    report.push(`line: ${env.LINE_API_BASE || 'https://api.line.me'} (${which})`);
  } else {
    report.push('line: not configured (neither LINE_CHANNEL_ACCESS_TOKEN nor LINE_CHANNEL_ACCESS_TOKEN_<TENANT> is set) — LINE messages are held in the outbox');
  }
  // Always present: each block names its secret variable; a webhook whose secret is missing is held.
  // Only WEBHOOK_SECRET* names: a tenant's configuration must not be able to pick any other variable
  // (the channel also refuses a name that belongs to another tenant).
  const allowHosts = parseAllowHosts(env.WEBHOOK_ALLOW_HOSTS);
  channels.webhook = createWebhookChannel({ secret: (name) => (/^WEBHOOK_SECRET(_|$)/.test(name) ? env[name] || undefined : undefined), allowHosts });
  report.push(
    `webhook: public addresses only${allowHosts.size ? ` (also allowed: ${[...allowHosts].join(', ')})` : ''}; signed with the tenant's WEBHOOK_SECRET_<TENANT> variable`,
  );
  return { channels, report };
}

/** smtp://user:pass@host → smtp://user:***@host */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}
