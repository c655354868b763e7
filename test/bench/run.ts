// npm run bench: one JSON line per figure, then a table for people.
// Each figure is a ratio against a baseline measured in the same run.
import { benchAvailabilityGrid } from './availability';
import { benchBookingHttp, benchBookingRush } from './booking';
import { benchCsvExport } from './csv-export';
import { benchFormValidate } from './form-validate';
import { benchPageJs } from './page-js';
import { benchResidentJs } from './resident-js';
import type { Figure } from './common';

const benches: Record<string, () => Promise<Figure>> = {
  'booking-http': benchBookingHttp,
  'booking-rush': benchBookingRush,
  'availability-grid': benchAvailabilityGrid,
  'form-validate': benchFormValidate,
  'csv-export': benchCsvExport,
  'page-js': benchPageJs,
  'resident-js': benchResidentJs,
};

const only = process.argv.slice(2);
const figures: Figure[] = [];
for (const [name, run] of Object.entries(benches)) {
  if (only.length && !only.includes(name)) continue;
  const f = await run();
  figures.push(f);
  const { notes: _notes, ...json } = f;
  console.log(JSON.stringify(json));
}
console.log('');
console.log('| figure | value | baseline | ratio | target | pass | notes |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const f of figures) console.log(`| ${f.name} | ${f.value} ${f.unit} | ${f.baseline} | ${f.ratio} | ${f.target} | ${f.pass ? 'yes' : 'NO'} | ${f.notes ?? ''} |`);
process.exitCode = figures.every((f) => f.pass) ? 0 : 1;
