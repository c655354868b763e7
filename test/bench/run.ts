// npm run bench: one JSON line per figure, then a table for people.
// Each figure is a ratio against a baseline measured in the same run.
//
// The figures run on the embedded default, SQLite. With DATABASE_URL=postgres://… the
// PostgreSQL figures run too (on databases they create there and drop); the URL is taken
// out of the environment first, so the SQLite figures' servers stay on SQLite.
import type { Figure } from './common';

const pgUrl = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? '') ? process.env.DATABASE_URL! : undefined;
delete process.env.DATABASE_URL;

const { benchAvailabilityGrid } = await import('./availability');
const { benchBookingHttp, benchBookingRush } = await import('./booking');
const { benchCsvExport } = await import('./csv-export');
const { benchFormValidate } = await import('./form-validate');
const { benchPageJs } = await import('./page-js');
const { benchResidentJs } = await import('./resident-js');
const { benchPgBookingHttp, benchPgBookingRush } = await import('./pg-booking');

const benches: Record<string, () => Promise<Figure>> = {
  'booking-http': benchBookingHttp,
  'booking-rush': benchBookingRush,
  'availability-grid': benchAvailabilityGrid,
  'form-validate': benchFormValidate,
  'csv-export': benchCsvExport,
  'page-js': benchPageJs,
  'resident-js': benchResidentJs,
};
if (pgUrl) {
  Object.assign(benches, {
    'pg-booking-http': () => benchPgBookingHttp(pgUrl, 1),
    'pg-booking-http-2': () => benchPgBookingHttp(pgUrl, 2),
    'pg-booking-http-spread': () => benchPgBookingHttp(pgUrl, 1, true),
    'pg-booking-http-spread-2': () => benchPgBookingHttp(pgUrl, 2, true),
    'pg-booking-rush': () => benchPgBookingRush(pgUrl, 1),
    'pg-booking-rush-2': () => benchPgBookingRush(pgUrl, 2),
  });
}

const only = process.argv.slice(2);
if (only.some((n) => n.startsWith('pg-')) && !pgUrl) {
  console.error('the pg-… figures need DATABASE_URL=postgres://user:password@host:port/database (a role allowed to create databases)');
  process.exit(2);
}
const figures: Figure[] = [];
for (const [name, run] of Object.entries(benches)) {
  if (only.length && !only.includes(name)) continue;
  const f = await run();
  figures.push(f);
  const { notes: _notes, ...json } = f;
  console.log(JSON.stringify(json));
}
if (!pgUrl && !only.length) console.error('(PostgreSQL figures not run: set DATABASE_URL=postgres://… to include them)');
console.log('');
console.log('| figure | value | baseline | ratio | target | pass | notes |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const f of figures) console.log(`| ${f.name} | ${f.value} ${f.unit} | ${f.baseline} | ${f.ratio} | ${f.target} | ${f.pass ? 'yes' : 'NO'} | ${f.notes ?? ''} |`);
process.exitCode = figures.every((f) => f.pass) ? 0 : 1;
