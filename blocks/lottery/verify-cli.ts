// npm run lottery:verify -- <result.json>: re-runs a published lottery result
// (GET /api/t/:tenant/lotteries/:id/result) and exits 0 when it matches, 1 (saying
// where) when the seed, an entry or an outcome does not, 2 when the file is unreadable.
import { readFileSync } from 'node:fs';
import { verifyResult, type PublishedResult } from './draw';

const file = process.argv[2];
if (!file) {
  console.error('使い方 / usage: npm run lottery:verify -- <result.json>');
  process.exit(2);
}
let result: PublishedResult;
try {
  result = JSON.parse(readFileSync(file, 'utf8')) as PublishedResult;
} catch (e) {
  console.error(`読み込めません / cannot read ${file}: ${String(e)}`);
  process.exit(2);
}
let problems: string[];
try {
  problems = verifyResult(result);
} catch (e) {
  problems = [`file: not a lottery result (${String(e)})`];
}
if (problems.length === 0) {
  console.log(`一致しました / the draw matches: ${result.lottery} (${result.entries.length} entries, seedHash ${result.seedHash})`);
  process.exit(0);
}
console.error('抽選結果が再計算と一致しません / the published result does not match the recomputed draw:');
for (const p of problems) console.error(`  - ${p}`);
process.exit(1);
