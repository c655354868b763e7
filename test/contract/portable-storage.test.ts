// One set of use cases runs on SQLite and PostgreSQL (issue #21). What only one
// of them understands is written in engine/db alone (the storage port and its
// dialect helpers); anywhere else it fails here, naming file and line.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/server-process';
import { sources } from './sources';

const rules: [RegExp, string][] = [
  [/(\)|^\s*)\.(all|get|run)\(\)/, "drizzle's SQLite-only executors: await the query instead"],
  [/\b(db|tx|reader)\.(all|get|run|values)\(sql/, 'raw SQL through the SQLite driver: sqlGet/sqlAll/sqlRun'],
  [/\$client|clientOf\(/, 'the SQLite connection: the storage port, or sqliteClient() where only SQLite is meant'],
  [/INSERT OR |INDEXED BY|unixepoch|lastInsertRowid/i, 'SQLite-only SQL: ON CONFLICT, RETURNING'],
  [/json_extract|json_each|GROUP_CONCAT/i, 'SQLite-only SQL: jsonText/jsonArrayValues/groupConcatDistinct (engine/db/dialect.ts)'],
];


describe('portable storage', () => {
  it('no use case speaks one database only', () => {
    const found: string[] = [];
    for (const root of ['engine', 'blocks']) {
      for (const file of sources(join(repoRoot, root))) {
        const rel = relative(repoRoot, file);
        if (rel.startsWith('engine/db/')) continue;
        const text = readFileSync(file, 'utf8');
        // Files that reach the database (the port, its schema, or a Db handed in).
        if (!/from '[./]*(engine\/)?db(\/schema)?'|\bDb\b|\bTx\b/.test(text)) continue;
        text
          .split('\n')
          .forEach((line, i) => {
            // Comments may name what they avoid; a line that picks the dialect itself (isPostgres ? …) is allowed.
            if (/^\s*(\/\/|\*|\/\*)/.test(line) || /isPostgres/.test(line)) return;
            for (const [re, why] of rules) if (re.test(line)) found.push(`${rel}:${i + 1}: ${why}: ${line.trim().slice(0, 120)}`);
          });
      }
    }
    expect(found).toEqual([]);
  });
});
