// The card printer's issuance EDI. Each issued card (new, renewal, re-issue) writes one
// edi_outbox row in the transaction that issues it; deliverEdi sends the pending rows of a
// register, oldest first, as one batch: POSTed to the URL in the register's edi.urlEnv, or
// else written as one file per run into the folder in edi.folderEnv; with neither set the
// rows stay pending (shown in the console). Fixed layout, one CSV line per card, CRLF, no header:
//   区分 (1 新規 / 2 更新 / 3 再発行), 顧客アルファベット名, 自動車登録番号, カード種類, カード番号, 有効期限年月 (YYYYMM)
import { randomBytes } from 'node:crypto';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, asc, eq, lte, sql } from 'drizzle-orm';
import { transaction, type Db } from '../../engine/db';
import { ediOutbox } from '../../engine/db/schema';
import { csvCell } from '../../engine/export/csv';
import { encodeCp932 } from '../../engine/export/cp932';
import type { CompiledCardRegister } from './block';

export interface EdiPayload {
  kind: 'new' | 'renewal' | 'reissue';
  alphaName: string;
  subject: string;
  cardType: string;
  cardNo: string;
  /** YYYYMM */
  expiry: string;
}

const KIND_CODE: Record<EdiPayload['kind'], string> = { new: '1', renewal: '2', reissue: '3' };

export function ediPayload(reg: CompiledCardRegister, card: { subject: string; cardType: string; cardNo: string; expiryMonth: string }, holder: Record<string, string>, kind: EdiPayload['kind']): EdiPayload {
  return { kind, alphaName: holder[reg.holderAlphaName] ?? '', subject: card.subject, cardType: card.cardType, cardNo: card.cardNo, expiry: card.expiryMonth.replace('-', '') };
}

/** One line of the layout (without its CRLF). Cells are plain CSV cells: the printer reads them as data. */
export function ediLine(p: EdiPayload): string {
  return [KIND_CODE[p.kind], p.alphaName, p.subject, p.cardType, p.cardNo, p.expiry].map((v) => csvCell(v)).join(',');
}

export const channelOf = (reg: { id: string }) => `card-register/${reg.id}`;

/** Retry after 1, 2, 4 … minutes, at most 6 hours; after MAX_ATTEMPTS the row is 'failed' (shown, kept). */
export const MAX_ATTEMPTS = 12;
const backoffMs = (attempts: number) => Math.min(60_000 * 2 ** (attempts - 1), 6 * 3_600_000);

export interface EdiDeps {
  db: Db;
  now: number;
  env: Readonly<Record<string, string | undefined>>;
  /** fetch, for tests and proxies; default the global one. */
  fetch?: typeof fetch;
}

export type DeliveryResult = { sent: number; target: 'url' | 'folder' | 'none'; sentAs?: string; error?: string };

/** Sends the due pending rows of one register; idempotent (rows sent are marked in the same step). */
export async function deliverEdi(deps: EdiDeps, tenant: string, reg: CompiledCardRegister): Promise<DeliveryResult> {
  const url = reg.edi.urlEnv ? deps.env[reg.edi.urlEnv] : undefined;
  const folder = reg.edi.folderEnv ? deps.env[reg.edi.folderEnv] : undefined;
  if (!url && !folder) return { sent: 0, target: 'none' };
  const rows = await deps.db
    .select()
    .from(ediOutbox)
    .where(and(eq(ediOutbox.tenantSlug, tenant), eq(ediOutbox.channel, channelOf(reg)), eq(ediOutbox.status, 'pending'), lte(ediOutbox.nextAt, deps.now)))
    .orderBy(asc(ediOutbox.id))
    .limit(1000);
  if (!rows.length) return { sent: 0, target: url ? 'url' : 'folder' };
  const text = rows.map((r) => `${ediLine(JSON.parse(r.payload) as EdiPayload)}\r\n`).join('');
  const bytes = reg.edi.encoding === 'cp932' ? encodeCp932(text) : new TextEncoder().encode(text);
  const stamp = new Date(deps.now).toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const ids = rows.map((r) => r.id);
  let sentAs: string;
  try {
    if (url) {
      const res = await (deps.fetch ?? fetch)(url, {
        method: 'POST',
        headers: { 'content-type': `text/csv; charset=${reg.edi.encoding === 'cp932' ? 'Shift_JIS' : 'utf-8'}`, 'x-edi-rows': String(rows.length), 'x-edi-batch': `${reg.id}-${stamp}-${ids[0]}` },
        body: bytes as Uint8Array<ArrayBuffer>,
        signal: AbortSignal.timeout(30_000),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const reply = await res.text();
      let id: unknown;
      try {
        id = (JSON.parse(reply) as { id?: unknown }).id;
      } catch {
        id = undefined;
      }
      sentAs = typeof id === 'string' || typeof id === 'number' ? String(id) : `HTTP ${res.status}`;
    } else {
      // Temp name first, then rename: the printer's pick-up never sees half a file.
      const name = `${reg.id}-${stamp}-${ids[0]}.csv`;
      const tmp = join(folder!, `.${name}.${randomBytes(4).toString('hex')}.tmp`);
      writeFileSync(tmp, bytes);
      renameSync(tmp, join(folder!, name));
      sentAs = name;
    }
  } catch (e) {
    const error = String((e as Error).message ?? e).slice(0, 500);
    for (const r of rows) {
      const attempts = r.attempts + 1;
      await deps.db
        .update(ediOutbox)
        .set({ attempts, lastError: error, nextAt: deps.now + backoffMs(attempts), status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending' })
        .where(eq(ediOutbox.id, r.id));
    }
    return { sent: 0, target: url ? 'url' : 'folder', error };
  }
  await transaction(deps.db, async (tx) => {
    for (let i = 0; i < ids.length; i += 500) {
      await tx
        .update(ediOutbox)
        .set({ status: 'sent', sentAt: deps.now, sentAs, attempts: sql`${ediOutbox.attempts} + 1`, lastError: null })
        .where(sql`${ediOutbox.id} IN (${sql.join(ids.slice(i, i + 500).map((id) => sql`${id}`), sql`, `)})`);
    }
  });
  return { sent: rows.length, target: url ? 'url' : 'folder', sentAs };
}

export interface OutboxStatus {
  pending: number;
  failed: number;
  sent: number;
  lastSentAt: number | null;
  lastError: string | null;
}

export async function outboxStatus(db: Db, tenant: string, reg: CompiledCardRegister): Promise<OutboxStatus> {
  const rows = await db
    .select({ status: ediOutbox.status, n: sql<number>`count(*)`.mapWith(Number), last: sql<number | null>`max(${ediOutbox.sentAt})`.mapWith(Number) })
    .from(ediOutbox)
    .where(and(eq(ediOutbox.tenantSlug, tenant), eq(ediOutbox.channel, channelOf(reg))))
    .groupBy(ediOutbox.status);
  const [err] = await db
    .select({ e: ediOutbox.lastError })
    .from(ediOutbox)
    .where(and(eq(ediOutbox.tenantSlug, tenant), eq(ediOutbox.channel, channelOf(reg)), sql`${ediOutbox.lastError} IS NOT NULL`))
    .orderBy(sql`${ediOutbox.id} DESC`)
    .limit(1);
  const n = (s: string) => rows.find((r) => r.status === s)?.n ?? 0;
  return { pending: n('pending'), failed: n('failed'), sent: n('sent'), lastSentAt: rows.find((r) => r.status === 'sent')?.last ?? null, lastError: err?.e ?? null };
}
