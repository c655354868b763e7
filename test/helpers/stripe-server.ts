// A local server that speaks the subset of Stripe's API the fee kind's adapter uses, for
// tests (DESIGN §10). Shapes follow the API reference (https://docs.stripe.com/api) and the
// `stripe` package's types:
//   POST /v1/checkout/sessions  form-encoded (mode, line_items[0][price_data][unit_amount],
//        allowed_payment_method_types[0], success_url, cancel_url, metadata[…], expires_at, …)
//        → a checkout.session object { id: "cs_test_…", url, status: "open", payment_status:
//        "unpaid", amount_total, currency: "jpy", metadata, payment_intent: null, expires_at }
//   POST /v1/refunds  (payment_intent, amount, metadata[…]) → a refund object { id: "re_…",
//        status, amount, payment_intent, metadata }
//   Idempotency-Key: the same key replays the first answer; the same key with other
//        parameters is a 400 idempotency_error, as Stripe answers.
//   Errors: { error: { type, message, code?, param? } } with Stripe's statuses (401, 400, 404).
// Webhooks are signed as Stripe signs them: Stripe-Signature: t=<unix seconds>,v1=<hex
// HMAC-SHA256(secret, `${t}.${payload}`)>. The browser page /c/pay/:id stands in for the
// hosted Checkout page: its button completes the session, delivers the webhook, then sends
// the browser to success_url.
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSession {
  id: string;
  object: 'checkout.session';
  mode: string;
  status: 'open' | 'complete' | 'expired';
  payment_status: 'unpaid' | 'paid';
  amount_total: number;
  currency: string;
  metadata: Record<string, string>;
  payment_intent: string | null;
  payment_method_types: string[];
  success_url: string;
  cancel_url: string;
  url: string | null;
  expires_at: number;
  customer_email: string | null;
  client_reference_id: string | null;
  livemode: false;
}

export interface FakeRefund {
  id: string;
  object: 'refund';
  amount: number;
  currency: 'jpy';
  status: 'pending' | 'succeeded' | 'failed' | 'requires_action';
  payment_intent: string;
  metadata: Record<string, string>;
  reason: string | null;
  created: number;
}

export interface StripeRequestLog {
  method: string;
  path: string;
  params: Record<string, unknown>;
  idempotencyKey: string | undefined;
  authorization: string | undefined;
}

export interface FakeStripe {
  /** http://127.0.0.1:<port> (STRIPE_API_BASE). */
  base: string;
  secretKey: string;
  webhookSecret: string;
  sessions: Map<string, FakeSession>;
  refunds: Map<string, FakeRefund>;
  requests: StripeRequestLog[];
  /** What refunds.create answers with next (Stripe: succeeded for most cards, pending or requires_action otherwise). */
  refundStatus: FakeRefund['status'];
  /** The next N API calls fail with HTTP 500 (a provider outage). */
  failNext: number;
  /** An event as Stripe would send it. */
  event(type: string, object: object): { id: string; payload: string };
  /** Stripe-Signature for a payload (signed now, or at `t` seconds). */
  sign(payload: string, opts?: { t?: number; secret?: string }): string;
  /** Marks a session paid (card, or a konbini payment arriving) and returns the event. */
  pay(sessionId: string, type?: 'checkout.session.completed' | 'checkout.session.async_payment_succeeded'): { id: string; payload: string };
  /** Where the browser page delivers webhooks (the app's endpoint). */
  webhookUrl?: string;
  /** Delivers an event to webhookUrl, signed; resolves with the app's status. */
  deliver(e: { payload: string }): Promise<number>;
  /** Forgets everything (each test's fresh database numbers its rows from 1 again, so idempotency keys repeat). */
  reset(): void;
  close(): Promise<void>;
}

/** Sets bracketed form keys (a[b][0][c]=v) into nested objects, as Stripe reads them. */
function parseForm(body: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const path = k.replace(/\]/g, '').split('[');
    let o = out as Record<string, unknown>;
    path.forEach((p, i) => {
      if (i === path.length - 1) o[p] = v;
      else o = (o[p] ??= {}) as Record<string, unknown>;
    });
  }
  return out;
}

const id = (prefix: string) => `${prefix}_test_${randomBytes(12).toString('hex')}`;

export async function startFakeStripe(opts: { now: () => number; secretKey?: string; webhookSecret?: string }): Promise<FakeStripe> {
  const secretKey = opts.secretKey ?? 'sk_test_local_0123456789';
  const webhookSecret = opts.webhookSecret ?? 'whsec_local_0123456789';
  const sessions = new Map<string, FakeSession>();
  const refunds = new Map<string, FakeRefund>();
  const requests: StripeRequestLog[] = [];
  const idem = new Map<string, { params: string; status: number; body: unknown }>();
  const seconds = () => Math.floor(opts.now() / 1000);
  let base = '';

  const fake: FakeStripe = {
    base: '',
    secretKey,
    webhookSecret,
    sessions,
    refunds,
    requests,
    refundStatus: 'succeeded',
    failNext: 0,
    event(type, object) {
      const evId = id('evt');
      const payload = JSON.stringify({ id: evId, object: 'event', api_version: '2026-11-18.endive', created: seconds(), type, livemode: false, pending_webhooks: 1, request: { id: null, idempotency_key: null }, data: { object } }, null, 2);
      return { id: evId, payload };
    },
    sign(payload, o = {}) {
      const t = o.t ?? seconds();
      const v1 = createHmac('sha256', o.secret ?? webhookSecret).update(`${t}.${payload}`, 'utf8').digest('hex');
      return `t=${t},v1=${v1}`;
    },
    pay(sessionId, type = 'checkout.session.completed') {
      const s = sessions.get(sessionId);
      if (!s) throw new Error(`no session ${sessionId}`);
      s.status = 'complete';
      s.payment_status = 'paid';
      s.payment_intent ??= id('pi');
      return fake.event(type, { ...s });
    },
    async deliver(e) {
      if (!fake.webhookUrl) throw new Error('webhookUrl is not set');
      const res = await fetch(fake.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': fake.sign(e.payload) }, body: e.payload });
      await res.text();
      return res.status;
    },
    reset() {
      sessions.clear();
      refunds.clear();
      requests.length = 0;
      idem.clear();
      fake.refundStatus = 'succeeded';
      fake.failNext = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  function send(res: ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req') });
    res.end(JSON.stringify(body));
  }
  const error = (res: ServerResponse, status: number, type: string, message: string, extra: Record<string, string> = {}) => send(res, status, { error: { type, message, ...extra } });

  async function api(req: IncomingMessage, res: ServerResponse, raw: string) {
    const url = new URL(req.url ?? '/', base);
    const params = parseForm(raw);
    const key = req.headers['idempotency-key'] as string | undefined;
    requests.push({ method: req.method ?? '', path: url.pathname, params, idempotencyKey: key, authorization: req.headers.authorization });
    if (req.headers.authorization !== `Bearer ${secretKey}`) return error(res, 401, 'invalid_request_error', 'Invalid API Key provided');
    if (fake.failNext > 0) {
      fake.failNext--;
      return error(res, 500, 'api_error', 'Something went wrong on our end.');
    }
    if (key) {
      const seen = idem.get(key);
      if (seen) {
        if (seen.params !== raw) return error(res, 400, 'idempotency_error', 'Keys for idempotent requests can only be used with the same parameters they were first used with.');
        res.setHeader('idempotent-replayed', 'true');
        return send(res, seen.status, seen.body);
      }
    }
    const answer = (status: number, body: unknown) => {
      if (key) idem.set(key, { params: raw, status, body });
      send(res, status, body);
    };
    if (req.method === 'POST' && url.pathname === '/v1/checkout/sessions') {
      const item = (params.line_items as Record<string, { price_data?: { unit_amount?: string; currency?: string }; quantity?: string }> | undefined)?.['0'];
      const amount = Number(item?.price_data?.unit_amount);
      if (!Number.isInteger(amount) || String(amount) !== item?.price_data?.unit_amount) return error(res, 400, 'invalid_request_error', 'Invalid integer: unit_amount', { param: 'line_items[0][price_data][unit_amount]' });
      if (item?.price_data?.currency !== 'jpy') return error(res, 400, 'invalid_request_error', 'This test server takes JPY only', { param: 'line_items[0][price_data][currency]' });
      const types = Object.values((params.allowed_payment_method_types as Record<string, string> | undefined) ?? {});
      const s: FakeSession = {
        id: id('cs'),
        object: 'checkout.session',
        mode: String(params.mode),
        status: 'open',
        payment_status: 'unpaid',
        amount_total: amount * Number(item?.quantity ?? 1),
        currency: 'jpy',
        metadata: (params.metadata as Record<string, string>) ?? {},
        payment_intent: null,
        payment_method_types: types,
        success_url: String(params.success_url),
        cancel_url: String(params.cancel_url),
        url: null,
        expires_at: Number(params.expires_at ?? seconds() + 86_400),
        customer_email: (params.customer_email as string) ?? null,
        client_reference_id: (params.client_reference_id as string) ?? null,
        livemode: false,
      };
      s.url = `${base}/c/pay/${s.id}`;
      sessions.set(s.id, s);
      return answer(200, s);
    }
    if (req.method === 'POST' && url.pathname === '/v1/refunds') {
      const pi = String(params.payment_intent ?? '');
      const paid = [...sessions.values()].find((s) => s.payment_intent === pi && s.payment_status === 'paid');
      if (!paid) return answer(404, { error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such payment_intent: '${pi}'`, param: 'payment_intent' } });
      const amount = Number(params.amount ?? paid.amount_total);
      const already = [...refunds.values()].filter((r) => r.payment_intent === pi && r.status !== 'failed').reduce((a, r) => a + r.amount, 0);
      if (!Number.isInteger(amount) || amount < 1 || amount + already > paid.amount_total) return answer(400, { error: { type: 'invalid_request_error', code: 'amount_too_large', message: `Refund amount (¥${amount}) is greater than unrefunded amount on charge`, param: 'amount' } });
      const r: FakeRefund = { id: id('re'), object: 'refund', amount, currency: 'jpy', status: fake.refundStatus, payment_intent: pi, metadata: (params.metadata as Record<string, string>) ?? {}, reason: (params.reason as string) ?? null, created: seconds() };
      refunds.set(r.id, r);
      return answer(200, r);
    }
    return error(res, 404, 'invalid_request_error', `Unrecognized request URL (${req.method}: ${url.pathname}).`);
  }

  /** The stand-in for Stripe's hosted Checkout page. */
  async function page(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', base);
    const s = sessions.get(url.pathname.split('/')[3] ?? '');
    if (!s) {
      res.writeHead(404).end('no such session');
      return;
    }
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        `<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><title>テスト決済</title></head><body><main><h1>テスト決済（${s.payment_method_types.join(', ')}）</h1>` +
          `<p id="amount">¥${s.amount_total.toLocaleString('ja-JP')}</p><form method="post"><button type="submit" id="pay-now">支払う</button></form>` +
          `<p><a href="${s.cancel_url.replace('{CHECKOUT_SESSION_ID}', s.id)}" id="cancel">戻る</a></p></main></body></html>`,
      );
      return;
    }
    const e = fake.pay(s.id);
    const status = await fake.deliver(e);
    if (status !== 200) {
      res.writeHead(502, { 'content-type': 'text/plain' }).end(`webhook answered ${status}`);
      return;
    }
    res.writeHead(303, { location: s.success_url.replace('{CHECKOUT_SESSION_ID}', s.id) }).end();
  }

  const server: Server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (raw += d));
    req.on('end', () => {
      const run = (req.url ?? '').startsWith('/c/pay/') ? page(req, res) : api(req, res, raw);
      run.catch((e: unknown) => {
        res.writeHead(500).end(String(e));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.base = base;
  return fake;
}
