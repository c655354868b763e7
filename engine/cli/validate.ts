// npm run validate -- <tenant-dir> [...]: prints every issue, exit 1 if any. Never opens a database.
import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { registry } from '../../blocks';
import { formatIssue } from '../config/issues';
import { loadTenantDir } from '../config/load-tenant';

const args = process.argv.slice(2);
const lang = args.includes('--en') ? 'en' : 'ja';
const dirs = args.filter((a) => !a.startsWith('--'));
if (dirs.length === 0) {
  console.error('使い方: npm run validate -- <tenant-dir> [<tenant-dir> ...] [--en]');
  process.exitCode = 2;
} else {
  process.exitCode = validateAll(dirs);
}

function validateAll(dirs: string[]): number {
  let total = 0;
  for (const dir of dirs) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      console.error(`${dir}: フォルダが見つかりません / not a directory`);
      total++;
      continue;
    }
    const r = loadTenantDir(dir, registry, basename(dir));
    for (const i of r.issues) console.log(formatIssue(i, lang));
    total += r.issues.length;
    if (r.issues.length === 0) console.log(`${dir}: OK (${r.tenant!.blocks.length} blocks)`);
  }
  return total > 0 ? 1 : 0;
}
