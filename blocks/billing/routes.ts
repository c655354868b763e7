// Staff API of the billing kind (mounted from its behaviour, behind the admin tenant middleware):
//   GET  /api/admin/t/:tenant/invoices?month=YYYY-MM[&billing=]            → { month, billing, issued, invoices, imports }
//   POST /api/admin/t/:tenant/billing/:billing/usage/import               { month, csv | csvBase64, fileName? } (managers)
//   POST /api/admin/t/:tenant/billing/:billing/invoices                   { month } issues the month (managers; idempotent)
//   GET  /api/admin/t/:tenant/billing/:billing/invoices.csv?month=[&encoding=utf8-bom|cp932]
//   GET  /api/admin/t/:tenant/billing/:billing/invoices/:customer/print?month=   A4 HTML
//   GET  /api/admin/t/:tenant/billing/:billing/reports/:report?month=[&customer=][&format=json|csv|print][&encoding=]
//        report = off-days (利用日確認帳票) | other-vehicles (利用車両確認帳票)
//   GET  /billing/print.css
import { isMonth } from '../../engine/schedule/dates';
import { and, asc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { writeAudit } from '../../engine/audit';
import { tenantTimezone } from '../../engine/config/tenant';
import { EngineError } from '../../engine/core/errors';
import { makeIssue } from '../../engine/core/messages';
import { committed } from '../../engine/db';
import { usageImports } from '../../engine/db/schema';
import { csvDownload, refuseUnencodable } from '../../engine/export/cp932';
import { csvBytesOf, decodeCsv } from '../../engine/export/csv-import';
import { LEDGER_ENCODINGS, type LedgerEncoding } from '../../engine/export/ledger';
import { readJsonObject } from '../../engine/http/body';
import type { AppEnv } from '../../engine/http/context';
import { errorBody } from '../../engine/http/on-error';
import { guard, queryRecord, staffActor, type AdminContext, type AdminEnv } from '../../engine/http/routes/admin/guard';
import type { Role } from '../../engine/staff/roles';
import { findBilling } from './block';
import { invoiceCsvRows, invoicesCsv, reportCsv, reportCsvRows } from './csv';
import { issueInvoices, monthInvoices } from './invoice';
import { BILLING_PRINT_CSS, BILLING_PRINT_CSS_PATH, invoiceHtml, reportHtml } from './print';
import { buildReport, REPORT_IDS, REPORT_TITLES, type ReportId } from './reports';
import { importUsage } from './usage-import';

const MANAGERS: readonly Role[] = ['system-admin', 'facility-manager'];

function monthOf(v: unknown): string {
  if (!isMonth(v)) throw new EngineError('billing.bad_month', {}, { issues: [makeIssue('/month', 'billing.bad_month')] });
  return v;
}

function encodingOf(v: string | undefined): LedgerEncoding {
  const e = (v || 'utf8-bom') as LedgerEncoding;
  if (!LEDGER_ENCODINGS.includes(e)) throw new EngineError('export.bad_encoding');
  return e;
}

function ctxOf(c: AdminContext, id: string | undefined) {
  const published = c.get('published');
  const billing = findBilling(published, id);
  const { db, clock } = c.get('deps');
  const lang: 'ja' | 'en' = c.get('lang') === 'en' ? 'en' : 'ja';
  return { published, billing, db, tenant: published.tenant.slug, at: clock.now().getTime(), actor: staffActor(c), lang, tz: tenantTimezone(published) };
}

function html(body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, { status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers } });
}

const api = new Hono<AdminEnv>()
  .get('/api/admin/t/:tenant/invoices', guard(), async (c) => {
    const q = queryRecord(c);
    const x = ctxOf(c, q.billing);
    const month = monthOf(q.month);
    const { issued, invoices } = await monthInvoices(x.db, x.published, x.billing, month);
    const importRows = await x.db
      .select()
      .from(usageImports)
      .where(and(eq(usageImports.tenantSlug, x.tenant), eq(usageImports.billing, x.billing.id), eq(usageImports.month, month)))
      .orderBy(asc(usageImports.importedAt));
    const imports = importRows.map((r) => ({ id: r.id, fileName: r.fileName, rows: r.rows, added: r.added, duplicates: r.duplicates, importedAt: new Date(r.importedAt).toISOString(), importedBy: r.importedBy }));
    const b = x.billing;
    return c.json({
      month,
      billing: { id: b.id, title: x.lang === 'en' ? b.titleEn : b.title, usageLabel: x.lang === 'en' ? b.usage.labelEn : b.usage.label, pointLabel: b.usage.pointLabel, annualFee: b.annualFee },
      billings: x.published.tenant.list('billing').map((o) => ({ id: o.id, title: x.lang === 'en' ? o.titleEn : o.title })),
      issued,
      invoices,
      total: invoices.reduce((s, i) => s + i.total, 0),
      imports,
    });
  })
  .post('/api/admin/t/:tenant/billing/:billing/usage/import', guard(MANAGERS), async (c) => {
    const body = await readJsonObject(c, ['month', 'csv', 'csvBase64', 'fileName']);
    const x = ctxOf(c, c.req.param('billing'));
    const month = monthOf(body.month);
    const bytes = csvBytesOf(body);
    if (!bytes) throw new EngineError('billing.bad_body');
    const fileName = typeof body.fileName === 'string' ? body.fileName.slice(0, 200) : undefined;
    const out = await committed(x.db, () => importUsage(x.db, { tenant: x.tenant, billing: x.billing, month, text: decodeCsv(bytes), ...(fileName ? { fileName } : {}), at: x.at, actor: x.actor }));
    if (!out.result) {
      const err = new EngineError('billing.import_invalid', { count: out.issues.length });
      return c.json({ ...errorBody(err, x.lang), report: out.issues.map(({ row, column, field, code, message, messageEn }) => ({ row, column, ...(field ? { field } : {}), code, message, messageEn })) }, 422);
    }
    const res = out.result;
    return c.json({ ...res, report: [] });
  })
  .post('/api/admin/t/:tenant/billing/:billing/invoices', guard(MANAGERS), async (c) => {
    const body = await readJsonObject(c, ['month']);
    const x = ctxOf(c, c.req.param('billing'));
    const month = monthOf(body.month);
    const res = await committed(x.db, () => issueInvoices(x.db, { published: x.published, billing: x.billing, month, at: x.at, actor: x.actor }));
    return c.json({ month, issued: true, created: res.created, invoices: res.invoices, total: res.invoices.reduce((s, i) => s + i.total, 0) }, res.created ? 201 : 200);
  })
  .get('/api/admin/t/:tenant/billing/:billing/invoices.csv', guard(), async (c) => {
    const q = queryRecord(c);
    const x = ctxOf(c, c.req.param('billing'));
    const month = monthOf(q.month);
    const encoding = encodingOf(q.encoding);
    const { issued, invoices } = await monthInvoices(x.db, x.published, x.billing, month);
    const rows = invoiceCsvRows(x.billing, month, invoices, x.lang);
    if (encoding === 'cp932') refuseUnencodable(rows, 1);
    await writeAudit(x.db, { tenant: x.tenant, at: x.at, actor: x.actor, action: 'billing.invoices_exported', target: { type: 'billing', id: x.billing.id }, details: { month, issued, invoices: invoices.length, encoding } });
    const enc = encoding === 'cp932' ? 'SJIS' : 'UTF-8';
    return csvDownload(invoicesCsv(rows), encoding, `請求書_${month}${issued ? '' : '_未発行'}_${enc}.csv`, `invoices_${month}_${enc}.csv`);
  })
  .get('/api/admin/t/:tenant/billing/:billing/invoices/:customer/print', guard(), async (c) => {
    const q = queryRecord(c);
    const x = ctxOf(c, c.req.param('billing'));
    const month = monthOf(q.month);
    const customer = c.req.param('customer');
    const { issued, invoices } = await monthInvoices(x.db, x.published, x.billing, month);
    const inv = invoices.find((i) => i.customer === customer);
    if (!inv) throw new EngineError('billing.invoice_not_found', { customer, month });
    await writeAudit(x.db, { tenant: x.tenant, at: x.at, actor: x.actor, action: 'billing.invoice_printed', target: { type: 'billing', id: x.billing.id }, details: { month, customer, issued } });
    const issuedAt = 'issuedAt' in inv ? inv.issuedAt : null;
    return html(invoiceHtml({ published: x.published, billing: x.billing, month, invoice: inv, issuedAt, timeZone: x.tz, lang: x.lang }), { 'x-invoice-cards': String(inv.cards.length) });
  })
  .get('/api/admin/t/:tenant/billing/:billing/reports/:report', guard(), async (c) => {
    const q = queryRecord(c);
    const x = ctxOf(c, c.req.param('billing'));
    const month = monthOf(q.month);
    const report = c.req.param('report') as ReportId;
    if (!REPORT_IDS.includes(report)) throw new EngineError('billing.report_not_found', { report, reports: REPORT_IDS.join(', ') });
    const format = q.format || 'json';
    if (!['json', 'csv', 'print'].includes(format)) throw new EngineError('billing.bad_format', { allowed: 'json, csv, print' });
    const customer = q.customer || undefined;
    const rows = await buildReport(x.db, x.published, x.billing, report, month, customer);
    const [ja, en] = REPORT_TITLES[report];
    if (format === 'json') return c.json({ month, report, title: x.lang === 'en' ? en : ja, ...(customer ? { customer } : {}), rows });
    await writeAudit(x.db, { tenant: x.tenant, at: x.at, actor: x.actor, action: format === 'csv' ? 'billing.report_exported' : 'billing.report_printed', target: { type: 'billing', id: x.billing.id }, details: { report, month, customer: customer ?? null, rows: rows.length } });
    if (format === 'print') return html(reportHtml({ published: x.published, billing: x.billing, report, month, rows, lang: x.lang }));
    const encoding = encodingOf(q.encoding);
    const table = reportCsvRows(x.billing, report, rows, x.lang);
    if (encoding === 'cp932') refuseUnencodable(table, 0);
    const enc = encoding === 'cp932' ? 'SJIS' : 'UTF-8';
    return csvDownload(reportCsv(table), encoding, `${ja}_${month}_${enc}.csv`, `${report}_${month}_${enc}.csv`);
  });

export const billingRoutes = new Hono<AppEnv>()
  .get(BILLING_PRINT_CSS_PATH, (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=300');
    return c.body(BILLING_PRINT_CSS);
  })
  .route('/', api as unknown as Hono<AppEnv>);
