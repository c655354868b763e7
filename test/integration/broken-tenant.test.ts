// A broken copy of the demo tenant: `npm run validate` exits 1 naming each file
// and place, and the server refuses to start on it without writing anything.
import { cpSync, existsSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineColumnOf, makeTempDir, removeDir, repoRoot, runTsx, type RunResult } from './helpers';

const demo = join(repoRoot, 'tenants', 'demo-city');
const root = realpathSync(repoRoot);

let work: string;
let intact: string;
let brokenRoot: string;
let broken: string;
/** The line each broken file must produce: `file:line:column:/pointer: code:`. */
const expected: { what: string; file: string; prefix: string; mentions: string }[] = [];

// Labels are relative to the process's cwd (the repo root), as formatIssue prints them.
const label = (dir: string, file: string) => relative(root, join(dir, file));

function editJson(dir: string, file: string, edit: (block: any) => void): string {
  const path = join(dir, file);
  const block = JSON.parse(readFileSync(path, 'utf8'));
  edit(block);
  const text = `${JSON.stringify(block, null, 2)}\n`;
  writeFileSync(path, text);
  return text;
}

function breakCopy(dir: string) {
  // 1. unknown kind
  let text = editJson(dir, 'gym/service.json', (b) => {
    expect(b.kind).toBe('service');
    b.kind = 'servise';
  });
  let at = lineColumnOf(text, '"kind"');
  expected.push({ what: 'unknown kind', file: label(dir, 'gym/service.json'), prefix: `${label(dir, 'gym/service.json')}:${at.line}:${at.column}:/kind: block.unknown_kind:`, mentions: 'servise' });

  // 2. missing required key: the first form field loses its label (located at the field, its nearest existing ancestor)
  text = editJson(dir, 'card-pickup/form.json', (b) => {
    expect(b.fields[0].label).toBeTruthy();
    delete b.fields[0].label;
  });
  at = lineColumnOf(text, '{', text.indexOf('"fields"'));
  expected.push({ what: 'missing required key', file: label(dir, 'card-pickup/form.json'), prefix: `${label(dir, 'card-pickup/form.json')}:${at.line}:${at.column}:/fields/0/label: schema.required:`, mentions: '"label"' });

  // 3. dangling reference: the service's form points to an id no form has
  text = editJson(dir, 'card-pickup/service.json', (b) => {
    expect(b.form).toBeTruthy();
    b.form = 'no-such-form';
  });
  at = lineColumnOf(text, '"form"');
  expected.push({ what: 'dangling reference', file: label(dir, 'card-pickup/service.json'), prefix: `${label(dir, 'card-pickup/service.json')}:${at.line}:${at.column}:/form: block.missing_ref:`, mentions: 'no-such-form' });

  // 4. JSON syntax error: the comma after the first property is missing; the parser stops at the next key
  const file = 'tax-consultation/service.json';
  const good = `${JSON.stringify(JSON.parse(readFileSync(join(dir, file), 'utf8')), null, 2)}\n`;
  const bad = good.replace('"kind": "service",', '"kind": "service"');
  expect(bad).not.toBe(good);
  writeFileSync(join(dir, file), bad);
  at = lineColumnOf(bad, '"id"');
  expected.push({ what: 'JSON syntax error', file: label(dir, file), prefix: `${label(dir, file)}:${at.line}:${at.column}:/: json.syntax:`, mentions: `${at.line}行 ${at.column}列` });
}

beforeAll(() => {
  work = makeTempDir('broken-tenant');
  intact = join(work, 'intact', 'demo-city');
  brokenRoot = join(work, 'tenants');
  broken = join(brokenRoot, 'demo-city');
  cpSync(demo, intact, { recursive: true });
  cpSync(demo, broken, { recursive: true });
  breakCopy(broken);
});

afterAll(() => removeDir(work));

function expectEveryIssueNamed(output: string) {
  const lines = output.split('\n');
  for (const e of expected) {
    const line = lines.find((l) => l.startsWith(e.prefix));
    expect(line, `${e.what}: no line starting with ${e.prefix} in:\n${output}`).toBeDefined();
    expect(line).toContain(e.mentions);
    // reported once, not once per validation pass
    expect(lines.filter((l) => l.startsWith(`${e.file}:`)), output).toHaveLength(1);
  }
}

describe('npm run validate on the demo tenant', () => {
  it('exits 0 on an intact copy', async () => {
    const r = await runTsx(['engine/cli/validate.ts', intact]);
    expect(r.stdout + r.stderr).toContain(`${intact}: OK`);
    expect(r.code).toBe(0);
  });

  it('exits 1 on the broken copy and names each broken file with its place and code', async () => {
    const r = await runTsx(['engine/cli/validate.ts', broken]);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expectEveryIssueNamed(r.stdout);
    expect(r.stdout).not.toContain(': OK');
  });
});

describe('the server on the broken copy', () => {
  let r: RunResult;
  const dbDir = () => join(work, 'not-yet-created');

  beforeAll(async () => {
    r = await runTsx(['engine/main.ts'], {
      env: { TENANTS_DIR: brokenRoot, DATABASE_PATH: join(dbDir(), 'engine.db'), PORT: '0', HOST: '127.0.0.1' },
    });
  }, 30_000);

  it('refuses to start: exit 1, never listening', () => {
    expect(r.signal, `killed after the timeout, so it did not refuse:\n${r.stdout}${r.stderr}`).toBeNull();
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('listening on');
  });

  it('prints every located issue on stderr', () => {
    expect(r.stderr).toContain('Refusing to start');
    expectEveryIssueNamed(r.stderr);
  });

  it('writes nothing: neither the database nor its directory exists', () => {
    expect(existsSync(dbDir())).toBe(false);
    expect(readdirSync(work).sort()).toEqual(['intact', 'tenants']);
    expect(readdirSync(brokenRoot)).toEqual(['demo-city']);
  });
});
