// GET /api/admin/t/:tenant/ledger.csv — the ledger (台帳) of a day or of any search.
//   date=YYYY-MM-DD (visit date) or the search conditions of GET /bookings
//   receipts=1,2,3 (selected rows)   columns=id,id (displayed ones; default all)
//   encoding=utf8-bom (default) | cp932
// CP932: the rows are checked first; characters Shift_JIS cannot hold are answered
// as 422 export.unencodable listing each (receipt no., column, character) — the file
// is never written with '?'. Every export writes its audit row before streaming.
import { Hono } from 'hono';
import { writeAudit } from '../../../audit';
import { EngineError } from '../../../core/errors';
import { countLedger, findUnencodable, LEDGER_ENCODINGS, streamLedger, type LedgerEncoding } from '../../../export/ledger';
import { allColumns, pickColumns } from '../../../staff/columns';
import { compileFilters, readFilters } from '../../../staff/filters';
import { conditionNames } from '../../../staff/search';
import { epochToLocal } from '../../../schedule/time';
import { guard, queryRecord, staffActor, type AdminEnv } from './guard';

export const ledgerRoutes = new Hono<AdminEnv>().get('/api/admin/t/:tenant/ledger.csv', guard(), async (c) => {
  const q = queryRecord(c);
  const encoding = (q.encoding ?? 'utf8-bom') as LedgerEncoding;
  if (!LEDGER_ENCODINGS.includes(encoding)) throw new EngineError('export.bad_encoding');
  const { db, clock } = c.get('deps');
  const published = c.get('published');
  const staff = c.get('staff');
  const filters = readFilters(q);
  const query = compileFilters(published, staff, filters);
  const all = allColumns({ services: new Map(query.services.map((s) => [s.id, s])), timeZone: query.timeZone, tenant: published.tenant, db });
  const columns = pickColumns(all, q.columns ? q.columns.split(',').filter(Boolean) : undefined);
  if (encoding === 'cp932') {
    const bad = await findUnencodable(db, query, columns);
    if (bad.count > 0) {
      const sample = [...new Set(bad.places.map((p) => `「${p.char}」(${p.codePoint})`))].slice(0, 5).join('、');
      throw new EngineError('export.unencodable', { count: bad.count, sample, places: bad.places });
    }
  }
  const rows = await countLedger(db, query);
  const now = clock.now().getTime();
  await writeAudit(db, {
    tenant: published.tenant.slug,
    at: now,
    actor: staffActor(c),
    action: 'ledger.exported',
    target: { type: 'ledger', id: filters.from && filters.from === filters.to ? filters.from : filters.service ?? '*' },
    details: { conditions: conditionNames(filters), columns: columns.map((x) => x.id), allColumns: !q.columns, encoding, rows },
  });
  // 台帳_<dates>_<encoding>.csv: the period searched, or the day of the export.
  const dates = filters.from ? `${filters.from}${filters.to && filters.to !== filters.from ? `_${filters.to}` : ''}` : epochToLocal(now, query.timeZone).date;
  const enc = encoding === 'cp932' ? 'SJIS' : 'UTF-8';
  const name = `台帳_${dates}_${enc}.csv`;
  const ascii = `ledger_${dates}_${enc}.csv`;
  return new Response(streamLedger(db, query, columns, encoding, { lang: c.get('lang') }), {
    status: 200,
    headers: {
      'content-type': `text/csv; charset=${encoding === 'cp932' ? 'Shift_JIS' : 'utf-8'}`,
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'cache-control': 'no-store',
      'x-ledger-rows': String(rows),
    },
  });
});
