// The suite on PostgreSQL: `DATABASE_URL=postgres://… npm run test:pg` (the role
// must be allowed to create databases: every test opens a database of its own,
// copied from a migrated template, see engine/db/open-pg.ts). Tests of what
// only SQLite has (its file, its lock, its disk-full handling) say so with
// describe.skipIf(isPostgres).
import { randomBytes } from 'node:crypto';
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config';

if (!/^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? '')) {
  throw new Error('test:pg needs DATABASE_URL=postgres://user:password@host:port/database (a role with CREATEDB)');
}
// The run's id: its databases are named after it and dropped at its end (test/helpers/pg-global.ts).
const run = (process.env.PG_TEST_DATABASES ||= randomBytes(4).toString('hex'));

export default mergeConfig(
  base,
  defineConfig({
    test: {
      env: { PG_TEST_DATABASES: run },
      globalSetup: ['test/helpers/pg-global.ts'],
      exclude: ['**/node_modules/**', 'test/reliability/**/*.long.test.ts'],
    },
  }),
);
