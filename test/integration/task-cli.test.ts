// npm run task: the operator's commands run the kinds' use cases on a database file from files
// alone (the tenants folder published first, as npm start does): contracts, card operations,
// a month's tolls and its invoices; a bad file stops with the row and nothing imported.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/server-process';
import { taskSandbox } from '../helpers/task';

const FIX = join(repoRoot, 'test/integration/fixtures/etc-year-2027');

describe('npm run task (k-lease)', () => {
  const { dir, task } = taskSandbox();

  beforeAll(() => {
    // The fixture's card operations of 2026 and January 2027.
    const ops = readFileSync(join(FIX, 'events.csv'), 'utf8').split('\n');
    writeFileSync(join(dir, 'ops.csv'), ops.filter((l, i) => i === 0 || l.startsWith('2026') || l.startsWith('2027-01')).join('\n'));
  });

  it('registers contracts, runs the card operations, imports January and issues it', () => {
    const contracts = task('contracts-import', '--file', join(FIX, 'contracts.csv'));
    expect(contracts.code, contracts.err).toBe(0);
    expect(JSON.parse(contracts.out)).toEqual({ imported: 3 });

    const ops = task('card-operations', '--file', join(dir, 'ops.csv'));
    expect(ops.code, ops.err).toBe(0);
    expect(JSON.parse(ops.out).done.map((d: { result: unknown }) => d.result)).toEqual(['9101000000000017', '9101000000000025', '9101000000000033', { cancelled: 0 }]);

    const tolls = Papa.parse<Record<string, string>>(readFileSync(join(FIX, 'tolls-2027-01.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
    const imported = task('usage-import', '--month', '2027-01', '--file', join(FIX, 'tolls-2027-01.csv'));
    expect(imported.code, imported.err).toBe(0);
    expect(JSON.parse(imported.out)).toMatchObject({ rows: tolls.length, added: tolls.length, duplicates: 0 });

    const issued = task('invoices', '--month', '2027-01', '--issue');
    expect(issued.code, issued.err).toBe(0);
    const sum = tolls.reduce((n, t) => n + Number(t['通行料金'].normalize('NFKC').replace(/,/g, '')), 0);
    // January: the tolls, and C1's card (issued 2027-01-12): its issue fee and first annual fee.
    expect(JSON.parse(issued.out)).toMatchObject({ issued: true, created: true, total: sum + 500 + 1000 });
  });

  it('stops on a bad file with the row and the reason, importing nothing, and exits 1', () => {
    writeFileSync(join(dir, 'bad.csv'), 'カード番号,入口IC,入口日時,出口IC,出口日時,自動車登録番号,通行料金\n9101000000000017,東京IC,2027/02/30 10:00,厚木IC,2027/02/30 11:00,品川 500 あ 12-34,1000\n');
    const bad = task('usage-import', '--month', '2027-02', '--file', join(dir, 'bad.csv'));
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/2行目 入口日時/);
    const preview = task('invoices', '--month', '2027-02');
    expect(JSON.parse(preview.out)).toMatchObject({ issued: false, total: 0 });
  });

  it('names a missing option and an unknown command', () => {
    const missing = task('month-end');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/--date/);
    expect(task('no-such').err).toMatch(/no-such/);
  });
});
