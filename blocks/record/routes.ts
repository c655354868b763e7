// Staff API of records (mounted by the engine from this kind's behaviour). Guarded like
// engine/http/routes/admin/*: the tenant's staff session, role checks per transition.
//   GET  /api/admin/t/:tenant/records                           → { types } (record types with their workflows and print templates)
//   POST /api/admin/t/:tenant/records/:type/import            { csv } | { csvBase64 } → { imported, issues }
//   GET  /api/admin/t/:tenant/records/:type?state=&q=&limit=&offset=  → { records, total }
//   GET  /api/admin/t/:tenant/records/:type/export.csv?state=&q=&encoding=utf8-bom|cp932
//   POST /api/admin/t/:tenant/records/:type/transitions       { ids | all: true, state?, q?, to, inputs?, note? } (one transaction)
//   POST /api/admin/t/:tenant/records/:type/:id/transitions   { to, inputs?, note? }
//   GET  /api/admin/t/:tenant/records/:type/:id/history       → { record, history }
//   POST /api/admin/t/:tenant/records/:type/history/:entryId/undo  { note? }
import { Hono } from 'hono';
import { and, eq, inArray } from 'drizzle-orm';
import { writeAudit } from '../../engine/audit';
import type { PublishedTenant } from '../../engine/config/tenant';
import { tenantTimezone } from '../../engine/config/tenant';
import { EngineError } from '../../engine/core/errors';
import { committed, transaction } from '../../engine/db';
import { records } from '../../engine/db/schema';
import { csvRow } from '../../engine/export/csv';
import { codePointLabel, encodeCp932, unencodableChars } from '../../engine/export/cp932';
import { readJsonObject } from '../../engine/http/body';
import type { AppEnv } from '../../engine/http/context';
import { tenantMiddleware } from '../../engine/http/middleware/tenant';
import { guard, queryRecord, staffActor, type AdminContext, type AdminEnv } from '../../engine/http/routes/admin/guard';
import { can } from '../../engine/staff/roles';
import { stateLabel } from '../workflow/block';
import { csvBytesOf } from '../../engine/export/csv-import';
import { decodeCsv, parseImport } from './import';
import { applyTransition, findRecord, historyOf, historyView, insertRecords, iterateRecords, listRecords, recordView, undoEntry, visibleFields, type RecordRow } from './store';

const MAX_PAGE = 500;
const MAX_BULK = 5000;

function recordType(published: PublishedTenant, type: string) {
  const rt = published.tenant.get('record', type);
  if (!rt) throw new EngineError('record.type_not_found', { type });
  const wf = published.tenant.list('workflow').find((w) => w.record === type);
  if (!wf) throw new EngineError('record.no_workflow', { type });
  return { rt, wf };
}

function ctxOf(c: AdminContext) {
  const published = c.get('published');
  const { rt, wf } = recordType(published, c.req.param('type') ?? '');
  const { db, clock } = c.get('deps');
  return { published, tenant: published.tenant.slug, rt, wf, db, at: clock.now().getTime(), staff: c.get('staff'), actor: staffActor(c), lang: c.get('lang') };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function inputsOf(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function localTime(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(ms));
}

const api = new Hono<AdminEnv>()
  .use('/api/admin/t/:tenant/records', tenantMiddleware as never)
  .use('/api/admin/t/:tenant/records/*', tenantMiddleware as never)
  // The record types with their workflows, for the console.
  .get('/api/admin/t/:tenant/records', guard(), (c) => {
    const t = c.get('published').tenant;
    const types = t.list('record').flatMap((rt) => {
      const wf = t.list('workflow').find((w) => w.record === rt.id);
      // Print templates (blocks/print-template) of the type, with their label sheets.
      const templates = t.list('print-template').filter((p) => p.record === rt.id).map((p) => ({ id: p.id, title: p.title, titleEn: p.titleEn, layout: p.layout, sheets: p.layout === 'labels' ? p.sheets.map((s) => ({ id: s.id, title: s.title, titleEn: s.titleEn ?? s.title, perSheet: s.columns * s.rows })) : [] }));
      return wf ? [{ id: rt.id, title: rt.title, titleEn: rt.titleEn ?? rt.title, fields: rt.fields, states: wf.states, transitions: wf.transitions.map((x) => ({ from: x.from, to: x.to, label: x.label, labelEn: x.labelEn ?? x.label, roles: x.roles ?? null, inputs: x.inputs ?? [] })), templates }] : [];
    });
    return c.json({ types });
  })
  .post('/api/admin/t/:tenant/records/:type/import', guard(), async (c) => {
    const x = ctxOf(c);
    const body = await readJsonObject(c, ['csv', 'csvBase64']);
    const bytes = csvBytesOf(body);
    if (!bytes) throw new EngineError('record.bad_body');
    const parsed = await parseImport(x.rt, decodeCsv(bytes), async (keys) => {
      const found = new Set<string>();
      for (let i = 0; i < keys.length; i += 500) {
        const rows = await x.db.select({ key: records.key }).from(records).where(and(eq(records.tenantSlug, x.tenant), eq(records.type, x.rt.id), inArray(records.key, keys.slice(i, i + 500))));
        for (const r of rows) found.add(r.key);
      }
      return found;
    });
    if (parsed.issues.length) return c.json({ imported: 0, issues: parsed.issues }, 422);
    const imported = await committed(x.db, () => transaction(x.db, (tx) => insertRecords(tx, { ...x, rows: parsed.rows })));
    return c.json({ imported, issues: [] });
  })
  .get('/api/admin/t/:tenant/records/:type/export.csv', guard(), async (c) => {
    const x = ctxOf(c);
    const q = queryRecord(c);
    const encoding = q.encoding ?? 'utf8-bom';
    if (encoding !== 'utf8-bom' && encoding !== 'cp932') throw new EngineError('export.bad_encoding');
    const shown = visibleFields(x.rt, x.staff);
    const tz = tenantTimezone(x.published);
    const fields = x.rt.fields.filter((f) => shown.includes(f.id));
    const en = x.lang === 'en';
    const header = [...fields.map((f) => (en ? f.labelEn ?? f.label : f.label)), en ? 'State' : '進捗状況', en ? 'Link code' : '引換番号', en ? 'Updated' : '更新日時', en ? 'History' : '履歴'];
    let text = `${csvRow(header)}\r\n`;
    let count = 0;
    for await (const row of iterateRecords(x.db, x.tenant, x.rt, { state: q.state, q: q.q })) {
      count++;
      const values = JSON.parse(row.fieldsJson) as Record<string, string>;
      const hist = historyView(x.wf, await historyOf(x.db, [row.id]), x.lang)
        .map((h) => `${localTime(Date.parse(h.at), tz)} ${h.from ? `${h.fromLabel}→` : ''}${h.toLabel}${h.reverses !== null ? (en ? ' (undo)' : '（取消）') : ''} ${h.operator}`)
        .join(' / ');
      text += `${csvRow([...fields.map((f) => values[f.id] ?? ''), stateLabel(x.wf, row.state, x.lang), row.linkCode ?? '', localTime(row.updatedAt, tz), hist])}\r\n`;
    }
    if (encoding === 'cp932') {
      const bad = unencodableChars(text);
      if (bad.length) {
        const sample = bad.slice(0, 5).map((ch) => `「${ch}」(${codePointLabel(ch)})`).join('、');
        throw new EngineError('export.unencodable', { count: bad.length, sample, places: [] });
      }
    }
    await writeAudit(x.db, { tenant: x.tenant, at: x.at, actor: x.actor, action: 'record.exported', target: { type: 'record-type', id: x.rt.id }, details: { state: q.state ?? null, q: q.q ? true : false, rows: count, encoding, personal: can(x.staff, x.rt.personalRoles) && x.rt.personal.length > 0 } });
    const bytes = encoding === 'cp932' ? encodeCp932(text) : new TextEncoder().encode(`\uFEFF${text}`);
    const name = `records-${x.tenant}-${x.rt.id}.csv`;
    return new Response(bytes as Uint8Array<ArrayBuffer>, {
      status: 200,
      headers: {
        'content-type': `text/csv; charset=${encoding === 'cp932' ? 'Shift_JIS' : 'utf-8'}`,
        'content-disposition': `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(name)}`,
        'cache-control': 'no-store',
        'x-record-rows': String(count),
      },
    });
  })
  .get('/api/admin/t/:tenant/records/:type', guard(), async (c) => {
    const x = ctxOf(c);
    const q = queryRecord(c);
    const limit = Math.min(Math.max(Number(q.limit) || 100, 1), MAX_PAGE);
    const offset = Math.max(Number(q.offset) || 0, 0);
    const { rows, total } = await listRecords(x.db, x.tenant, x.rt, { state: q.state, q: q.q, limit, offset });
    const shown = visibleFields(x.rt, x.staff);
    // Every view of personal data is written to the access log.
    if (rows.length && x.rt.personal.some((f) => shown.includes(f))) {
      await writeAudit(x.db, { tenant: x.tenant, at: x.at, actor: x.actor, action: 'record.viewed', target: { type: 'record-type', id: x.rt.id }, details: { records: rows.map((r) => r.id) } });
    }
    return c.json({ records: rows.map((r) => recordView(x.rt, x.wf, r, shown, x.lang)), total, states: x.wf.states });
  })
  .post('/api/admin/t/:tenant/records/:type/transitions', guard(), async (c) => {
    const x = ctxOf(c);
    const body = await readJsonObject(c, ['ids', 'all', 'state', 'q', 'to', 'inputs', 'note']);
    const to = str(body.to) ?? '';
    const res = await committed(x.db, () =>
      transaction(x.db, async (tx) => {
        let rows: RecordRow[];
        if (body.all === true) {
          const found = await listRecords(tx, x.tenant, x.rt, { state: str(body.state), q: str(body.q), limit: MAX_BULK + 1, offset: 0 });
          rows = found.rows;
        } else {
          const ids = Array.isArray(body.ids) ? body.ids.filter((v): v is string => typeof v === 'string') : [];
          rows = [];
          for (const id of ids) rows.push(await findRecord(tx, x.tenant, x.rt, id));
        }
        if (!rows.length || rows.length > MAX_BULK) throw new EngineError('record.bad_selection', { max: MAX_BULK });
        const entries = [];
        for (const row of rows) entries.push(await applyTransition(tx, { ...x, row, input: { to, inputs: inputsOf(body.inputs), note: str(body.note) } }));
        return { moved: entries.length, entries: entries.map((e) => e.id) };
      }),
    );
    return c.json(res);
  })
  .post('/api/admin/t/:tenant/records/:type/:id/transitions', guard(), async (c) => {
    const x = ctxOf(c);
    const body = await readJsonObject(c, ['to', 'inputs', 'note']);
    const entry = await committed(x.db, () =>
      transaction(x.db, async (tx) => {
        const row = await findRecord(tx, x.tenant, x.rt, c.req.param('id'));
        return applyTransition(tx, { ...x, row, input: { to: str(body.to) ?? '', inputs: inputsOf(body.inputs), note: str(body.note) } });
      }),
    );
    const row = await findRecord(x.db, x.tenant, x.rt, entry.recordId);
    return c.json({ record: recordView(x.rt, x.wf, row, visibleFields(x.rt, x.staff), x.lang), entry: historyView(x.wf, [entry], x.lang)[0] });
  })
  .get('/api/admin/t/:tenant/records/:type/:id/history', guard(), async (c) => {
    const x = ctxOf(c);
    const row = await findRecord(x.db, x.tenant, x.rt, c.req.param('id'));
    const shown = visibleFields(x.rt, x.staff);
    if (x.rt.personal.some((f) => shown.includes(f))) {
      await writeAudit(x.db, { tenant: x.tenant, at: x.at, actor: x.actor, action: 'record.viewed', target: { type: 'record', id: row.id }, details: { type: x.rt.id } });
    }
    return c.json({ record: recordView(x.rt, x.wf, row, shown, x.lang), history: historyView(x.wf, await historyOf(x.db, [row.id]), x.lang) });
  })
  .post('/api/admin/t/:tenant/records/:type/history/:entryId/undo', guard(), async (c) => {
    const x = ctxOf(c);
    const body = await readJsonObject(c, ['note']);
    const entryId = Number(c.req.param('entryId'));
    if (!Number.isInteger(entryId)) throw new EngineError('record.entry_not_found', { entry: c.req.param('entryId') });
    const rev = await committed(x.db, () => transaction(x.db, (tx) => undoEntry(tx, { ...x, entryId, note: str(body.note) })));
    const row = await findRecord(x.db, x.tenant, x.rt, rev.recordId);
    return c.json({ record: recordView(x.rt, x.wf, row, visibleFields(x.rt, x.staff), x.lang), entry: historyView(x.wf, [rev], x.lang)[0] });
  });

export const recordRoutes = api as unknown as Hono<AppEnv>;
