// Booking in LINE talk (Messaging API webhook, seed 003): a linked resident asks for their
// upcoming bookings, cancels one after a confirmation, or is shown where to book; a LINE
// user nobody linked is shown how to link. The request is signed (x-line-signature:
// base64 HMAC-SHA256 of the body with the channel secret) and each event is handled once
// (line_events, in the transaction of its effect). Answers go back by the reply API.
// https://developers.line.biz/en/reference/messaging-api/
// Keys per tenant: LINE_CHANNEL_SECRET_<TENANT>, LINE_CHANNEL_ACCESS_TOKEN_<TENANT> (or the
// operator-wide LINE_CHANNEL_ACCESS_TOKEN); LINE_API_BASE moves the API (tests).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { cancelBooking } from '../booking/cancel';
import { CANCEL_REQUESTED, isActive, statusLabel } from '../booking/status';
import type { PublishedTenant } from '../config/tenant';
import type { Clock } from '../core/clock';
import { EngineError } from '../core/errors';
import { messageFor } from '../core/messages';
import { publicBaseFrom } from '../core/public-base';
import { sqlRun, type Db } from '../db';
import { members } from '../db/schema';
import type { NotifyDeps } from '../notify/booking-events';
import { slugToEnv } from '../notify/webhook-secret';
import { localDateTimeJa } from '../notify/format';
import { memberBookings } from './bookings';

export type Env = Readonly<Record<string, string | undefined>>;
type Message = Record<string, unknown>;

export function talkConfig(env: Env, tenant: string): { channelSecret: string; accessToken: string; apiBase: string } | undefined {
  const suffix = slugToEnv(tenant);
  const channelSecret = env[`LINE_CHANNEL_SECRET_${suffix}`];
  const accessToken = env[`LINE_CHANNEL_ACCESS_TOKEN_${suffix}`] || env.LINE_CHANNEL_ACCESS_TOKEN;
  if (!channelSecret || !accessToken) return undefined;
  return { channelSecret, accessToken, apiBase: (env.LINE_API_BASE || 'https://api.line.me').replace(/\/+$/, '') };
}

export function signatureValid(channelSecret: string, rawBody: string, signature: string | undefined): boolean {
  if (!signature) return false;
  const expected = Buffer.from(createHmac('sha256', channelSecret).update(rawBody).digest('base64'));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

interface LineEvent {
  type: string;
  webhookEventId?: string;
  replyToken?: string;
  source?: { type?: string; userId?: string };
  message?: { type?: string; text?: string };
  postback?: { data?: string };
}

type Deps = { db: Db; clock: Clock; env?: Env } & NotifyDeps;

/** The replies to one event, after its effect was committed (nothing twice for a redelivered event). */
export async function answerEvent(deps: Deps, published: PublishedTenant, e: LineEvent): Promise<Message[]> {
  const tenant = published.tenant.slug;
  const now = deps.clock.now().getTime();
  if (!e.webhookEventId || !e.source?.userId) return [];
  const fresh = (await sqlRun(deps.db, 'INSERT INTO line_events (tenant_slug, event_id, type, received_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING', [tenant, e.webhookEventId, e.type, now])).changes === 1;
  if (!fresh) return [];
  const base = `${publicBaseFrom(deps.env)}/t/${tenant}`;
  const [member] = await deps.db.select().from(members).where(and(eq(members.tenantSlug, tenant), eq(members.lineUserId, e.source.userId))).limit(1);
  const linkHelp: Message = text(`LINEでご予約の確認・取消をするには、登録とLINEの連携が必要です。こちらから連携してください。\n${base}/line/login`);
  if (e.type === 'follow') return member ? [text('友だち追加ありがとうございます。「予約確認」と送ると、ご予約の一覧をお送りします。'), menu(base)] : [linkHelp];
  if (e.type !== 'message' && e.type !== 'postback') return [];
  if (!member || member.status !== 'active') return [linkHelp];
  const tz = published.tenant.list('site')[0]?.timezone ?? 'Asia/Tokyo';
  const title = (serviceId: string) => published.tenant.get('service', serviceId)?.title ?? serviceId;
  const upcoming = async () => (await memberBookings(deps.db, tenant, member.id)).filter((b) => isActive(b.status) && b.slotEnd > now).sort((a, b) => a.slotStart - b.slotStart);

  if (e.type === 'postback') {
    const q = new URLSearchParams(e.postback?.data ?? '');
    const receiptNo = q.get('r') ?? '';
    const b = (await upcoming()).find((x) => x.receiptNo === receiptNo);
    if (q.get('action') === 'cancel-no') return [text('取消をやめました。ご予約はそのままです。')];
    if (!b) return [text(`受付番号 ${receiptNo} の予約は見つからないか、すでに取り消されています。`), menu(base)];
    const what = `${localDateTimeJa(b.slotStart, tz)} ${title(b.serviceId)}（受付番号 ${b.receiptNo}）`;
    if (q.get('action') === 'cancel') {
      return [
        {
          type: 'template',
          altText: `${what} を取り消しますか？`,
          template: {
            type: 'confirm',
            text: `${what}\nを取り消しますか？`.slice(0, 240),
            actions: [
              { type: 'postback', label: '取り消す', data: `action=cancel-yes&r=${b.receiptNo}`, displayText: '取り消す' },
              { type: 'postback', label: 'やめる', data: `action=cancel-no&r=${b.receiptNo}`, displayText: 'やめる' },
            ],
          },
        },
      ];
    }
    if (q.get('action') === 'cancel-yes') {
      try {
        const v = await cancelBooking(deps, { published, receiptNo: b.receiptNo, auth: { kind: 'member', memberId: member.id }, actor: { type: 'member', id: member.id }, reason: 'LINEで取消' });
        return [text(v.status === CANCEL_REQUESTED ? `${what} の取消の申し出を受け付けました。市の確認後にお知らせします。` : `${what} を取り消しました。`)];
      } catch (err) {
        if (!(err instanceof EngineError)) throw err;
        return [text(`${what} は取り消せませんでした。${messageFor(err.code, err.details, 'ja')}`)];
      }
    }
    return [menu(base)];
  }

  const said = (e.message?.text ?? '').normalize('NFKC').trim();
  if (/予約確認|確認|一覧|取消|キャンセル|暗証番号|パスコード/.test(said)) {
    const list = (await upcoming()).slice(0, 10);
    if (list.length === 0) return [text('これからのご予約はありません。'), menu(base)];
    const extras = published.tenant.registry.behaviour().talkLines;
    const lines: string[] = [];
    for (const b of list) {
      const more: string[] = [];
      for (const x of extras) {
        const line = await x.forBooking({ db: deps.db, published, booking: b, now });
        if (line) more.push(line);
      }
      lines.push(`・${localDateTimeJa(b.slotStart, tz)} ${title(b.serviceId)}（受付番号 ${b.receiptNo}、${statusLabel(b.status, 'ja')}）${more.map((x) => `\n　${x}`).join('')}`);
    }
    return [
      {
        ...text(`これからのご予約（${list.length}件）\n${lines.join('\n')}\n\n取り消すときは下のボタンから選んでください。`),
        quickReply: { items: list.slice(0, 12).map((b) => ({ type: 'action', action: { type: 'postback', label: `取消 ${b.receiptNo}`.slice(0, 20), data: `action=cancel&r=${b.receiptNo}`, displayText: `受付番号 ${b.receiptNo} を取り消したい` } })) },
      },
    ];
  }
  return [menu(base)];
}

const text = (t: string): Message => ({ type: 'text', text: t.slice(0, 5000) });
const menu = (base: string): Message => ({
  type: 'text',
  text: `ご用件を選んでください。\n・「予約確認」: これからのご予約と取消\n・予約する: ${base}/`,
  quickReply: { items: [{ type: 'action', action: { type: 'message', label: '予約確認', text: '予約確認' } }, { type: 'action', action: { type: 'uri', label: '予約する', uri: `${base}/` } }] },
});

/** POST …/v2/bot/message/reply; a reply token is good once, so a failure is logged, never retried. */
export async function reply(cfg: { accessToken: string; apiBase: string }, replyToken: string, messages: Message[], fetchFn: typeof fetch = fetch): Promise<boolean> {
  if (messages.length === 0) return true;
  try {
    const res = await fetchFn(`${cfg.apiBase}/v2/bot/message/reply`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${cfg.accessToken}` },
      body: JSON.stringify({ replyToken, messages: messages.slice(0, 5) }),
      signal: AbortSignal.timeout(10_000),
    });
    return res.ok;
  } catch {
    return false;
  }
}
