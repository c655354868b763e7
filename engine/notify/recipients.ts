// Where a resident can be reached. The email address comes from the booking's
// answers (first email field), else from the member record; the LINE user id
// from the member's LINE link (members.line_user_id, seed 004). Injectable, so
// tests and other account stores can supply their own.
import { and, eq } from 'drizzle-orm';
import type { FormField } from '../../blocks/form/block';
import type { Tx } from '../audit';
import type { Db } from '../db';
import { members } from '../db/schema';
import type { ChannelName } from './events';
import { RESIDENT_CHANNELS } from './events';

/** Callers await the answers; a resolver that reads nothing may answer at once. */
export interface RecipientResolver {
  /** The LINE user id linked to a member (called inside the use case's transaction). */
  lineUserIdOf(tx: Tx | Db, tenant: string, memberId: string): Promise<string | undefined> | string | undefined;
  /** The member's own email address, used when the booking's answers have none. */
  emailOf?(tx: Tx | Db, tenant: string, memberId: string): Promise<string | undefined> | string | undefined;
}

/** Knows no LINE links and no member addresses: LINE messages fall back to the answers' email. */
export const noLineLinks: RecipientResolver = { lineUserIdOf: () => undefined };

/** Reads the members table (active members only): the default of the engine. */
export const memberContacts: RecipientResolver = {
  lineUserIdOf: async (tx, tenant, memberId) => (await activeMember(tx, tenant, memberId))?.lineUserId ?? undefined,
  emailOf: async (tx, tenant, memberId) => (await activeMember(tx, tenant, memberId))?.email ?? undefined,
};

async function activeMember(tx: Tx | Db, tenant: string, memberId: string) {
  const [m] = await tx
    .select({ lineUserId: members.lineUserId, email: members.email })
    .from(members)
    .where(and(eq(members.id, memberId), eq(members.tenantSlug, tenant), eq(members.status, 'active')))
    .limit(1);
  return m;
}

/** First field of type email with an answer. */
export function emailOf(fields: readonly FormField[] | undefined, answers: Record<string, unknown>): string | undefined {
  for (const f of fields ?? []) {
    const v = answers[f.id];
    if (f.type === 'email' && typeof v === 'string' && v.trim() !== '') return v.trim();
  }
  return undefined;
}

export interface Addresses {
  line?: string;
  email?: string;
}

/** The first resident channel, in the configured order, that has an address. */
export function pickResidentRoute(channels: readonly ChannelName[], addr: Addresses): { channel: ChannelName; recipient: string } | undefined {
  for (const c of channels) {
    if (!RESIDENT_CHANNELS.includes(c)) continue;
    const recipient = c === 'line' ? addr.line : c === 'email' ? addr.email : undefined;
    if (recipient) return { channel: c, recipient };
  }
  return undefined;
}
