// Runs one ledger export in its own process so its memory can be measured alone:
//   node --import tsx test/bench/csv-export-child.ts <db> <tenant> <date> engine|sql
// engine: streamLedger (all columns, UTF-8 BOM); sql: prints the SQL the sqlite3
// CLI baseline runs for the same rows. Prints one JSON line.
import { registry } from '../../blocks';
import { loadPublishedTenants } from '../../engine/config/versions';
import { openDb } from '../../engine/db';
import { streamLedger } from '../../engine/export/ledger';
import { allColumns } from '../../engine/staff/columns';
import { compileFilters, LEDGER_FROM, LEDGER_SELECT, readFilters } from '../../engine/staff/filters';

const [dbPath, slug, date, mode] = process.argv.slice(2);
const db = openDb(dbPath);
const published = loadPublishedTenants(db, registry).find((p) => p.tenant.slug === slug)!;
const filters = { ...readFilters({}), status: 'all' as const, dateField: 'visit' as const, from: date, to: date };
const cf = compileFilters(published, { scope: '*' }, filters);

if (mode === 'sql') {
  // The same rows as the engine reads, with parameters inlined for the CLI.
  let i = 0;
  const where = cf.where.replace(/\?/g, () => {
    const p = cf.params[i++];
    return typeof p === 'number' ? String(p) : `'${String(p).replace(/'/g, "''")}'`;
  });
  console.log(JSON.stringify({ sql: `${LEDGER_SELECT} ${LEDGER_FROM} WHERE ${where} ORDER BY b.slot_start, b.id;` }));
} else {
  const columns = allColumns({ services: new Map(cf.services.map((s) => [s.id, s])), timeZone: cf.timeZone });
  global.gc?.();
  const idleRss = process.memoryUsage().rss;
  let peakRss = idleRss;
  const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  const reader = streamLedger(db, cf, columns, 'utf8-bom', { chunkRows: 1000 }).getReader();
  let bytes = 0;
  let lines = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.length;
    // Native indexOf: a JS loop over every byte was charged to the engine's time.
    for (let k = value.indexOf(10); k !== -1; k = value.indexOf(10, k + 1)) lines++;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const ms = performance.now() - t0;
  clearInterval(timer);
  console.log(JSON.stringify({ rows: lines - 1, ms, bytes, idleRss, peakRss }));
}
db.$client.close();
