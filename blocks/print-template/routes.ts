// Printing records (mounted by the engine from this kind's behaviour), guarded like the
// other record routes:
//   GET /api/admin/t/:tenant/records/:type/print?template=&sheet=&skip=&(ids=a,b,… | all=1&state=&q=)
//       → text/html (A4 pages, page breaks), linking
//   GET /api/admin/t/:tenant/records/:type/print.css?template=&sheet=  → its @page and label geometry
// Personal fields are printed only for the roles the record type allows (blank
// otherwise), and every print is written to the access log with the records printed.
import { Hono } from 'hono';
import { writeAudit } from '../../engine/audit';
import type { PublishedTenant } from '../../engine/config/tenant';
import { tenantTimezone } from '../../engine/config/tenant';
import { EngineError } from '../../engine/core/errors';
import type { AppEnv } from '../../engine/http/context';
import { tenantMiddleware } from '../../engine/http/middleware/tenant';
import { guard, queryRecord, staffActor, type AdminEnv } from '../../engine/http/routes/admin/guard';
import { publicBase } from '../../engine/http/routes/pages/context';
import { can } from '../../engine/staff/roles';
import type { CompiledRecord } from '../record/block';
import { findRecord, listRecords, visibleFields, type RecordRow } from '../record/store';
import { stateLabel, type CompiledWorkflow } from '../workflow/block';
import type { CompiledPrintTemplate } from './block';
import { labelsCss, noticeCss, renderLabels, renderNotices, type PrintItem } from './render';

const MAX_PRINT = 5000;
/** A selection travels in the URL; more than this is printed by the list's filter instead. */
const MAX_IDS = 200;

export function templatesOf(published: PublishedTenant, type: string): readonly CompiledPrintTemplate[] {
  return published.tenant.list('print-template').filter((p) => p.record === type);
}

const warekiFmt = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { era: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
/** 2026-12-01 → 令和8年12月1日 (a date field holds a calendar date, no time zone). */
export function wareki(iso: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(iso) ? warekiFmt.format(new Date(`${iso}T00:00:00Z`)) : iso;
}

interface PrintContext {
  published: PublishedTenant;
  rt: CompiledRecord;
  wf: CompiledWorkflow;
  tpl: CompiledPrintTemplate;
  shown: readonly string[];
  today: string;
}

function itemOf(x: PrintContext, row: RecordRow): PrintItem {
  const values = JSON.parse(row.fieldsJson) as Record<string, string>;
  const fields: Record<string, string> = {};
  const wa: Record<string, string> = {};
  for (const f of x.rt.fields) {
    // Strict templates need every variable present: a field the role may not see prints blank.
    const v = x.shown.includes(f.id) ? values[f.id] ?? '' : '';
    fields[f.id] = v;
    if (f.type === 'date') wa[f.id] = wareki(v);
  }
  const service = x.tpl.bookingService ?? x.wf.follow?.service;
  const slug = x.published.tenant.slug;
  const bookingUrl = `${publicBase()}/t/${encodeURIComponent(slug)}/${service ? `s/${encodeURIComponent(service)}` : ''}`;
  const municipality = x.published.tenant.list('site')[0]?.municipality ?? { name: '' };
  return {
    linkCode: row.linkCode,
    bookingUrl,
    vars: {
      title: x.tpl.title,
      key: x.shown.includes(x.rt.key) ? row.key : '',
      linkCode: row.linkCode ?? '',
      state: stateLabel(x.wf, row.state),
      bookingUrl,
      today: wareki(x.today),
      todayIso: x.today,
      municipality,
      fields,
      wareki: wa,
    },
  };
}

/** The template and, for labels, the sheet a request names. */
function templateAndSheet(published: PublishedTenant, type: string, q: Record<string, string | undefined>) {
  const tpl = templatesOf(published, type).find((p) => p.id === q.template);
  if (!tpl) throw new EngineError('print.template_not_found', { type, template: q.template ?? '' });
  if (tpl.layout !== 'labels') return { tpl, sheet: undefined };
  const sheet = q.sheet === undefined || q.sheet === '' ? tpl.sheets[0] : tpl.sheets.find((s) => s.id === q.sheet);
  if (!sheet) throw new EngineError('print.sheet_not_found', { sheet: q.sheet, sheets: tpl.sheets.map((s) => s.id).join(', ') });
  return { tpl, sheet };
}

const api = new Hono<AdminEnv>()
  .use('/api/admin/t/:tenant/records/:type/print', tenantMiddleware as never)
  .use('/api/admin/t/:tenant/records/:type/print.css', tenantMiddleware as never)
  // A GET the console opens in a new window: a real document, so it gets the site's CSP
  // and its stylesheet from the same origin (a blob or about:blank page would inherit the
  // console's CSP and lose its styles either way).
  .get('/api/admin/t/:tenant/records/:type/print', guard(), async (c) => {
    const published = c.get('published');
    const type = c.req.param('type');
    const rt = published.tenant.get('record', type);
    if (!rt) throw new EngineError('record.type_not_found', { type });
    const wf = published.tenant.list('workflow').find((w) => w.record === type);
    if (!wf) throw new EngineError('record.no_workflow', { type });
    const q = queryRecord(c);
    const { tpl, sheet } = templateAndSheet(published, type, q);
    const per = sheet ? sheet.columns * sheet.rows : 1;
    const skip = q.skip === undefined || q.skip === '' ? 0 : Number(q.skip);
    if (!Number.isInteger(skip) || skip < 0 || skip >= per || (skip > 0 && !sheet)) throw new EngineError('print.bad_skip', { max: per - 1 });

    const { db, clock } = c.get('deps');
    let rows: RecordRow[];
    if (q.all === '1' || q.all === 'true') rows = (await listRecords(db, published.tenant.slug, rt, { state: q.state || undefined, q: q.q || undefined, limit: MAX_PRINT + 1, offset: 0 })).rows;
    else {
      const ids = (q.ids ?? '').split(',').filter(Boolean);
      if (ids.length > MAX_IDS) throw new EngineError('record.bad_selection', { max: MAX_IDS });
      rows = [];
      for (const id of ids) rows.push(await findRecord(db, published.tenant.slug, rt, id));
    }
    if (!rows.length || rows.length > MAX_PRINT) throw new EngineError('record.bad_selection', { max: MAX_PRINT });

    const staff = c.get('staff');
    const now = clock.now();
    const tz = tenantTimezone(published);
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
    const shown = visibleFields(rt, staff);
    const x: PrintContext = { published, rt, wf, tpl, shown, today };
    const items = rows.map((r) => itemOf(x, r));
    const m = published.tenant.list('site')[0]?.municipality;
    const cssHref = `print.css?template=${encodeURIComponent(tpl.id)}${sheet ? `&sheet=${encodeURIComponent(sheet.id)}` : ''}&v=${encodeURIComponent(published.versionId)}`;
    const html = sheet
      ? renderLabels(tpl, sheet, items, skip, cssHref)
      : renderNotices(tpl, items, { date: wareki(today), lines: [m?.organization ?? m?.name ?? '', m?.phone ? `電話 ${m.phone}` : ''].filter(Boolean) }, cssHref);
    const pages = sheet ? Math.ceil((items.length + skip) / per) : items.length;
    await writeAudit(db, {
      tenant: published.tenant.slug,
      at: now.getTime(),
      actor: staffActor(c),
      action: 'record.printed',
      target: { type: 'record-type', id: rt.id },
      details: { template: tpl.id, ...(sheet ? { sheet: sheet.id } : {}), records: rows.map((r) => r.id), personal: can(staff, rt.personalRoles) && rt.personal.length > 0 },
    });
    return new Response(html, {
      status: 200,
      headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-print-pages': String(pages), 'x-record-rows': String(rows.length) },
    });
  })
  // The stylesheet: sheet geometry and font sizes only, no record data.
  .get('/api/admin/t/:tenant/records/:type/print.css', guard(), (c) => {
    const { tpl, sheet } = templateAndSheet(c.get('published'), c.req.param('type'), queryRecord(c));
    return new Response(sheet ? labelsCss(sheet) : noticeCss(tpl), { status: 200, headers: { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'private, max-age=3600' } });
  });

export const printRoutes = api as unknown as Hono<AppEnv>;
