// Staff API of the card register (any staff role of the tenant; the month-end run for
// managers and administrators). Bodies may carry `date` (YYYY-MM-DD), the processing date.
//   GET  /api/admin/t/:tenant/cards                                   → { registers }
//   GET  /api/admin/t/:tenant/cards/:register?state=&holder=&q=         → { cards, edi }
//   GET  /api/admin/t/:tenant/cards/:register/lease/:leaseNo            → { lease, registered }
//   POST /api/admin/t/:tenant/cards/:register/contracts               { fields } → 201 { key, lease }
//   POST /api/admin/t/:tenant/cards/:register/contracts/import        { csv | csvBase64 } → { imported, issues }
//   POST /api/admin/t/:tenant/cards/:register/import                 { csv | csvBase64 } → { imported } | 422 { imported: 0, issues }
//   POST /api/admin/t/:tenant/cards/:register/issue                   { subject, cardType, date? } → 201 { card }
//   POST /api/admin/t/:tenant/cards/:register/month-end               { date } → { cancelled }
//   GET  /api/admin/t/:tenant/cards/:register/renewal-notices?month=   → { month, expiryMonth, cards }
//   GET  /api/admin/t/:tenant/cards/:register/renewal-notices/print?month=&date=  → A4 HTML
//   POST /api/admin/t/:tenant/cards/:register/edi/deliver             → { sent, target, sentAs?, error? }
//   GET  /api/admin/t/:tenant/cards/:register/:cardNo                   → { rows, previous, next }
//   POST /api/admin/t/:tenant/cards/:register/:cardNo/renew           { date? } → 201 { card }
//   POST /api/admin/t/:tenant/cards/:register/:cardNo/reissue         { reason, cardType?, date? } → 201 { card }
import { addMonths, isDate, isMonth } from '../../engine/schedule/dates';
import { Hono } from 'hono';
import { and, eq } from 'drizzle-orm';
import { EngineError } from '../../engine/core/errors';
import { makeIssue } from '../../engine/core/messages';
import { committed } from '../../engine/db';
import { records } from '../../engine/db/schema';
import { csvBytesOf, decodeCsv } from '../../engine/export/csv-import';
import { readJsonObject } from '../../engine/http/body';
import type { AppEnv } from '../../engine/http/context';
import { tenantMiddleware } from '../../engine/http/middleware/tenant';
import { guard, queryRecord, staffActor, type AdminContext, type AdminEnv } from '../../engine/http/routes/admin/guard';
import { can } from '../../engine/staff/roles';
import { importCards } from './cards-import';
import { deliverEdi, outboxStatus } from './edi';
import { lookupFor } from './lookup';
import { renewalNoticesHtml } from './print';
import { CARD_STATE_LABELS, CARD_STATES } from './states';
import {
  cardLineage,
  cardViews,
  findRegister,
  holderType,
  holdersOf,
  importContracts,
  issueCard,
  listCards,
  markNoticesPrinted,
  processingDate,
  registerContract,
  reissueCard,
  renewalNoticeCards,
  renewCard,
  runMonthEnd,
  tenantDate,
  type Ctx,
} from './store';

function ctxOf(c: AdminContext): Ctx & { lang: 'ja' | 'en'; env: Readonly<Record<string, string | undefined>> } {
  const published = c.get('published');
  const reg = findRegister(published, c.req.param('register') ?? '');
  const { db, clock, env } = c.get('deps');
  return { db, published, reg, actor: staffActor(c), at: clock.now().getTime(), lang: c.get('lang') === 'en' ? 'en' : 'ja', env };
}

const lookupOf = (x: ReturnType<typeof ctxOf>) => lookupFor(x.reg, x.published.tenant.slug, x.env);

function monthParam(raw: string | undefined, x: ReturnType<typeof ctxOf>): string {
  if (raw === undefined || raw === '') return tenantDate(x.published, x.at).slice(0, 7);
  if (!isMonth(raw)) throw new EngineError('card.bad_month', {}, { issues: [makeIssue('/month', 'card.bad_month')] });
  return raw;
}

const api = new Hono<AdminEnv>()
  .use('/api/admin/t/:tenant/cards', tenantMiddleware as never)
  .use('/api/admin/t/:tenant/cards/*', tenantMiddleware as never)
  // The registers with what the console's forms need.
  .get('/api/admin/t/:tenant/cards', guard(), (c) => {
    const published = c.get('published');
    const registers = published.tenant.list('card-register').map((reg) => {
      const { rt } = holderType(published, reg);
      return { ...reg, holderFields: rt.fields, holderKey: rt.key, states: CARD_STATES.map((s) => ({ id: s, label: CARD_STATE_LABELS[s].ja, labelEn: CARD_STATE_LABELS[s].en })) };
    });
    return c.json({ registers });
  })
  .get('/api/admin/t/:tenant/cards/:register/lease/:leaseNo', guard(), async (c) => {
    const x = ctxOf(c);
    const leaseNo = c.req.param('leaseNo');
    const lease = await lookupOf(x).contract(leaseNo);
    if (!lease) throw new EngineError('card.lease_not_found', { leaseNo }, { issues: [makeIssue('/leaseNo', 'card.lease_not_found', { leaseNo })] });
    const { rt } = holderType(x.published, x.reg);
    const [found] = await x.db.select({ id: records.id }).from(records).where(and(eq(records.tenantSlug, x.published.tenant.slug), eq(records.type, rt.id), eq(records.key, leaseNo))).limit(1);
    const registered = !!found;
    return c.json({ lease, registered });
  })
  .post('/api/admin/t/:tenant/cards/:register/contracts', guard(), async (c) => {
    const x = ctxOf(c);
    const body = await readJsonObject(c, ['fields']);
    const fields = body.fields && typeof body.fields === 'object' && !Array.isArray(body.fields) ? (body.fields as Record<string, unknown>) : {};
    const res = await registerContract(x, fields, lookupOf(x));
    return c.json(res, 201);
  })
  .post('/api/admin/t/:tenant/cards/:register/contracts/import', guard(), async (c) => {
    const x = ctxOf(c);
    const body = await readJsonObject(c, ['csv', 'csvBase64']);
    const bytes = csvBytesOf(body);
    if (!bytes) throw new EngineError('card.bad_body');
    const { imported, issues } = await importContracts(x, decodeCsv(bytes), lookupOf(x));
    if (issues.length) return c.json({ imported: 0, issues }, 422);
    return c.json({ imported, issues: [] });
  })
  // カード台帳の取込: the cards already issued, as the current ledger (all or nothing).
  .post('/api/admin/t/:tenant/cards/:register/import', guard(), async (c) => {
    const x = ctxOf(c);
    const body = await readJsonObject(c, ['csv', 'csvBase64']);
    const bytes = csvBytesOf(body);
    if (!bytes) throw new EngineError('card.bad_body');
    const { imported, issues } = await importCards(x, decodeCsv(bytes), lookupOf(x));
    if (issues.length) return c.json({ imported: 0, issues }, 422);
    return c.json({ imported, issues: [] });
  })
  .post('/api/admin/t/:tenant/cards/:register/issue', guard(), async (c) => {
    const x = ctxOf(c);
    const body = await readJsonObject(c, ['subject', 'cardType', 'date']);
    const date = processingDate(body.date, x.published, x.at);
    const card = await issueCard(x, { subject: body.subject, cardType: body.cardType, date }, lookupOf(x));
    return c.json({ card: (await cardViews(x.db, x.published.tenant.slug, x.reg, [card], x.lang))[0] }, 201);
  })
  .post('/api/admin/t/:tenant/cards/:register/month-end', guard(['system-admin', 'facility-manager']), async (c) => {
    const x = ctxOf(c);
    const body = await readJsonObject(c, ['date']);
    if (!isDate(body.date)) throw new EngineError('card.bad_date', {}, { issues: [makeIssue('/date', 'card.bad_date')] });
    const date = body.date;
    const cancelled = await committed(x.db, () => runMonthEnd(x.db, x.published, x.reg, date, x.actor, x.at));
    return c.json({ date, cancelled });
  })
  .get('/api/admin/t/:tenant/cards/:register/renewal-notices', guard(), async (c) => {
    const x = ctxOf(c);
    const month = monthParam(c.req.query('month'), x);
    const rows = await renewalNoticeCards(x.db, x.published.tenant.slug, x.reg, month);
    return c.json({ month, expiryMonth: addMonths(month, x.reg.renewalNoticeMonths), cards: await cardViews(x.db, x.published.tenant.slug, x.reg, rows, x.lang) });
  })
  .get('/api/admin/t/:tenant/cards/:register/renewal-notices/print', guard(), async (c) => {
    const x = ctxOf(c);
    const q = queryRecord(c);
    const month = monthParam(q.month, x);
    const date = processingDate(q.date, x.published, x.at);
    const rows = await committed(x.db, () => markNoticesPrinted(x, month, date));
    const tenant = x.published.tenant.slug;
    const holders = await holdersOf(x.db, tenant, x.reg, rows.map((r) => r.holderKey));
    const views = await cardViews(x.db, tenant, x.reg, rows, x.lang, holders);
    const { rt } = holderType(x.published, x.reg);
    const address = rt.fields.find((f) => f.type === 'address');
    // The customer's address is personal data of the contract: printed only for the roles allowed to see it (as the records' prints).
    const addressField = address && (!address.personal || can(c.get('staff'), rt.personalRoles)) ? address.id : undefined;
    const html = renewalNoticesHtml(x.published, x.reg, views, holders, { lang: x.lang, date, ...(addressField ? { addressField } : {}) });
    c.header('Cache-Control', 'no-store');
    return c.html(html);
  })
  .post('/api/admin/t/:tenant/cards/:register/edi/deliver', guard(), async (c) => {
    const x = ctxOf(c);
    const r = await deliverEdi({ db: x.db, now: x.at, env: x.env }, x.published.tenant.slug, x.reg);
    return c.json({ ...r, status: await outboxStatus(x.db, x.published.tenant.slug, x.reg) });
  })
  .get('/api/admin/t/:tenant/cards/:register', guard(), async (c) => {
    const x = ctxOf(c);
    const q = queryRecord(c);
    const tenant = x.published.tenant.slug;
    const rows = await listCards(x.db, tenant, x.reg, { state: q.state, holder: q.holder, q: q.q });
    return c.json({ cards: await cardViews(x.db, tenant, x.reg, rows, x.lang), edi: await outboxStatus(x.db, tenant, x.reg) });
  })
  .get('/api/admin/t/:tenant/cards/:register/:cardNo', guard(), async (c) => {
    const x = ctxOf(c);
    const tenant = x.published.tenant.slug;
    const l = await cardLineage(x.db, tenant, x.reg, c.req.param('cardNo'));
    const view = (r: typeof l.rows) => cardViews(x.db, tenant, x.reg, r, x.lang);
    return c.json({ rows: await view(l.rows), previous: l.previous ? (await view([l.previous]))[0] : null, next: l.next ? (await view([l.next]))[0] : null });
  })
  .post('/api/admin/t/:tenant/cards/:register/:cardNo/renew', guard(), async (c) => {
    const x = ctxOf(c);
    const body = await readJsonObject(c, ['date']);
    const date = processingDate(body.date, x.published, x.at);
    const card = await renewCard(x, { cardNo: c.req.param('cardNo'), date }, lookupOf(x));
    return c.json({ card: (await cardViews(x.db, x.published.tenant.slug, x.reg, [card], x.lang))[0] }, 201);
  })
  .post('/api/admin/t/:tenant/cards/:register/:cardNo/reissue', guard(), async (c) => {
    const x = ctxOf(c);
    const body = await readJsonObject(c, ['reason', 'cardType', 'date']);
    const date = processingDate(body.date, x.published, x.at);
    const card = await committed(x.db, () => reissueCard(x, { cardNo: c.req.param('cardNo'), reason: body.reason, cardType: body.cardType, date }));
    return c.json({ card: (await cardViews(x.db, x.published.tenant.slug, x.reg, [card], x.lang))[0] }, 201);
  });

export const cardRoutes = api as unknown as Hono<AppEnv>;
