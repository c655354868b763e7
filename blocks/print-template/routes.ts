// Printing records (mounted by the engine from this kind's behaviour), guarded like the
// other record routes:
//   POST /api/admin/t/:tenant/records/:type/print
//        { template, sheet?, skip?, ids | all: true, state?, q? } → text/html (A4, print CSS)
// Personal fields are printed only for the roles the record type allows (blank
// otherwise), and every print is written to the access log with the records printed.
import { Hono } from 'hono';
import { writeAudit } from '../../engine/audit';
import type { PublishedTenant } from '../../engine/config/tenant';
import { tenantTimezone } from '../../engine/config/tenant';
import { EngineError } from '../../engine/core/errors';
import { readJsonObject } from '../../engine/http/body';
import type { AppEnv } from '../../engine/http/context';
import { tenantMiddleware } from '../../engine/http/middleware/tenant';
import { guard, staffActor, type AdminEnv } from '../../engine/http/routes/admin/guard';
import { publicBase } from '../../engine/http/routes/pages/context';
import { can } from '../../engine/staff/roles';
import type { CompiledRecord } from '../record/block';
import { findRecord, listRecords, visibleFields, type RecordRow } from '../record/store';
import { stateLabel, type CompiledWorkflow } from '../workflow/block';
import type { CompiledPrintTemplate } from './block';
import { renderLabels, renderNotices, type PrintItem } from './render';

const MAX_PRINT = 5000;

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

const api = new Hono<AdminEnv>().use('/api/admin/t/:tenant/records/:type/print', tenantMiddleware as never).post('/api/admin/t/:tenant/records/:type/print', guard(), async (c) => {
  const published = c.get('published');
  const type = c.req.param('type');
  const rt = published.tenant.get('record', type);
  if (!rt) throw new EngineError('record.type_not_found', { type });
  const wf = published.tenant.list('workflow').find((w) => w.record === type);
  if (!wf) throw new EngineError('record.no_workflow', { type });
  const body = await readJsonObject(c, ['template', 'sheet', 'skip', 'ids', 'all', 'state', 'q']);
  const tpl = templatesOf(published, type).find((p) => p.id === body.template);
  if (!tpl) throw new EngineError('print.template_not_found', { type, template: String(body.template ?? '') });
  const sheet = tpl.layout === 'labels' ? (body.sheet === undefined ? tpl.sheets[0] : tpl.sheets.find((s) => s.id === body.sheet)) : undefined;
  if (tpl.layout === 'labels' && !sheet) throw new EngineError('print.sheet_not_found', { sheet: String(body.sheet), sheets: tpl.sheets.map((s) => s.id).join(', ') });
  const per = sheet ? sheet.columns * sheet.rows : 1;
  const skip = body.skip === undefined ? 0 : Number(body.skip);
  if (!Number.isInteger(skip) || skip < 0 || skip >= per || (skip > 0 && !sheet)) throw new EngineError('print.bad_skip', { max: per - 1 });

  const { db, clock } = c.get('deps');
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  let rows: RecordRow[];
  if (body.all === true) rows = listRecords(db, published.tenant.slug, rt, { state: str(body.state), q: str(body.q), limit: MAX_PRINT + 1, offset: 0 }).rows;
  else {
    const ids = Array.isArray(body.ids) ? body.ids.filter((v): v is string => typeof v === 'string') : [];
    rows = ids.slice(0, MAX_PRINT + 1).map((id) => findRecord(db, published.tenant.slug, rt, id));
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
  const html = sheet ? renderLabels(tpl, sheet, items, skip) : renderNotices(tpl, items, { date: wareki(today), lines: [m?.organization ?? m?.name ?? '', m?.phone ? `電話 ${m.phone}` : ''].filter(Boolean) });
  const pages = sheet ? Math.ceil((items.length + skip) / per) : items.length;
  writeAudit(db, {
    tenant: published.tenant.slug,
    at: now.getTime(),
    actor: staffActor(c),
    action: 'record.printed',
    target: { type: 'record-type', id: rt.id },
    details: { template: tpl.id, ...(sheet ? { sheet: sheet.id } : {}), records: rows.map((r) => r.id), personal: can(staff, rt.personalRoles) && rt.personal.length > 0 },
  });
  return new Response(html, {
    status: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
      'x-print-pages': String(pages),
      'x-record-rows': String(rows.length),
    },
  });
});

export const printRoutes = api as unknown as Hono<AppEnv>;
