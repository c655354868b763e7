// npm run task -- <tenant> <command> [--option value ...]: runs one of the commands block kinds
// contribute (a month-end batch for a date, a partner file's import) against DATABASE_PATH,
// without the server, and prints the result as JSON. The tenants folder is published first,
// as `npm start` does, so a fresh database can be worked from files alone.
// npm run task -- --list: the commands and their options.
import { registry } from '../../blocks';
import { systemClock } from '../core/clock';
import { EngineError } from '../core/errors';
import { messageFor } from '../core/messages';
import { formatIssue } from '../config/issues';
import { loadTenantFolders } from '../config/load-folders';
import { loadPublishedTenants, syncFolderTenant } from '../config/versions';
import { closeDb, openDb } from '../db';

export function parseArgs(argv: readonly string[]): { positional: string[]; options: Record<string, string> } {
  const positional: string[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) positional.push(a);
    else if (a.includes('=')) options[a.slice(2, a.indexOf('='))] = a.slice(a.indexOf('=') + 1);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) options[a.slice(2)] = argv[++i];
    else options[a.slice(2)] = 'true';
  }
  return { positional, options };
}

function usage(): string {
  const lines = ['使い方 / Usage: npm run task -- <tenant> <command> [--option value ...]', ''];
  for (const c of registry.behaviour().commands) {
    lines.push(`  ${c.id}  ${c.summary.ja} / ${c.summary.en}  (${c.kind})`);
    for (const o of c.options) lines.push(`      --${o.name}${o.required ? '' : ' (任意 / optional)'}  ${o.description}`);
  }
  return lines.join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const { positional, options } = parseArgs(argv);
  if (options.list || positional.length < 2) {
    console.log(usage());
    return options.list ? 0 : 2;
  }
  const [slug, id] = positional;
  const command = registry.behaviour().commands.find((c) => c.id === id);
  if (!command) {
    console.error(`コマンド "${id}" はありません / No command "${id}"\n\n${usage()}`);
    return 2;
  }
  const missing = command.options.filter((o) => o.required && !options[o.name]).map((o) => `--${o.name}`);
  if (missing.length) {
    console.error(`オプションが足りません / Missing: ${missing.join(' ')}`);
    return 2;
  }
  const tenantsDir = process.env.TENANTS_DIR ?? 'tenants';
  const { tenants, issues } = loadTenantFolders(tenantsDir, registry);
  if (issues.length) {
    for (const i of issues) console.error(formatIssue(i));
    return 1;
  }
  const db = openDb();
  try {
    for (const t of tenants) await syncFolderTenant(db, t, systemClock);
    const published = (await loadPublishedTenants(db, registry)).find((p) => p.tenant.slug === slug);
    if (!published) {
      console.error(`テナント "${slug}" はありません / No tenant "${slug}"`);
      return 2;
    }
    const result = await command.run({ db, clock: systemClock, published, actor: { type: 'system', id: `cli:${id}` }, env: process.env }, options);
    console.log(JSON.stringify(result, null, 2));
    return 0;
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    console.error(`${messageFor(e.code, e.details, 'ja')} / ${messageFor(e.code, e.details, 'en')}`);
    for (const i of e.issues ?? []) console.error(formatIssue(i));
    return 1;
  } finally {
    await closeDb(db);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
      process.exitCode = 1;
    },
  );
}
