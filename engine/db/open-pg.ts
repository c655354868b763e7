// Opening a PostgreSQL database (DATABASE_URL=postgres://…). Servers migrate
// at start under an advisory lock, so several starting together apply each
// migration once; `npm run db:migrate` does the same ahead of a deploy.
//
// The test suite runs on PostgreSQL too (PG_TEST_DATABASES=<run id>): there
// each openDb(path) gets a database of its own, copied from a migrated template,
// the way each test opens its own SQLite file (':memory:' a fresh one, a file
// path the same one every time it is opened, by other processes too). Names
// carry the run's id, so the run drops what it made (test/helpers/pg-global.ts)
// and two runs on one cluster keep apart.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pgDriver from 'pg';
import { migratePg, pgMigrationsFolder, PgStore } from './pg';

const { Pool, Client } = pgDriver;

export interface PgOptions {
  /** Connections per server (PG_POOL_SIZE, default 10). */
  poolSize?: number;
}

export function openPg(url: string, schema: Record<string, unknown>, path: string | undefined, opts: PgOptions = {}): { store: PgStore; dropOnClose?: () => Promise<void> } {
  const max = opts.poolSize ?? Number(process.env.PG_POOL_SIZE ?? 10);
  const run = testRun();
  if (run === undefined || path === undefined) {
    const pool = new Pool({ connectionString: url, max });
    return { store: new PgStore(pool, schema, migratePg) };
  }
  const fresh = path === ':memory:';
  const name = testDbName(run, fresh ? randomBytes(8).toString('hex') : createHash('sha256').update(resolve(path)).digest('hex').slice(0, 20));
  const target = new URL(url);
  target.pathname = `/${name}`;
  const pool = new Pool({ connectionString: target.toString(), max });
  const store = new PgStore(pool, schema, async (connect) => {
    await createFromTemplate(url, name);
    await migratePg(connect);
  });
  return {
    store,
    dropOnClose: fresh ? () => dropQuietly(url, name) : undefined,
  };
}

/** The test run's id (letters and digits only: it goes into database names), or undefined outside tests. */
function testRun(): string | undefined {
  const run = process.env.PG_TEST_DATABASES;
  if (!run) return undefined;
  if (!/^[a-z0-9]{1,16}$/.test(run)) throw new Error(`PG_TEST_DATABASES must be 1–16 lower-case letters or digits, not ${JSON.stringify(run)}`);
  return run;
}

/** A test database's name: the run's own prefix, by which dropTestDatabases finds it. */
const testDbName = (run: string, suffix: string) => `t_${run}_${suffix}`;

/** Test runs only: drops every database the run `run` made (at the end of the run, whatever a test left open). */
export async function dropTestDatabases(url: string, run: string): Promise<number> {
  return withAdmin(url, async (c) => {
    const pattern = `${testDbName(run, '').replace(/_/g, '\\_')}%`;
    const names = (await c.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [pattern])).rows.map((r) => r.datname);
    for (const n of names) await c.query(`DROP DATABASE IF EXISTS "${n}" WITH (FORCE)`);
    return names.length;
  });
}

async function withAdmin<T>(url: string, fn: (c: pgDriver.Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** The template's name changes with the migrations, so a changed schema gets a new template. */
function templateName(): string {
  const journal = readFileSync(join(pgMigrationsFolder, 'meta', '_journal.json'));
  return `tpl_${createHash('sha256').update(journal).digest('hex').slice(0, 16)}`;
}

async function createFromTemplate(url: string, name: string): Promise<void> {
  const tpl = templateName();
  await withAdmin(url, async (c) => {
    // One process at a time creates the template and the databases (CREATE DATABASE copies the template,
    // which must have no other connection meanwhile).
    await c.query('SELECT pg_advisory_lock(2102)');
    try {
      const exists = async (db: string) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [db])).rowCount === 1;
      if (!(await exists(tpl))) {
        await c.query(`CREATE DATABASE "${tpl}"`);
        const u = new URL(url);
        u.pathname = `/${tpl}`;
        const p = new Pool({ connectionString: u.toString(), max: 1 });
        try {
          await migratePg(() => p.connect());
        } finally {
          await p.end();
        }
      }
      if (!(await exists(name))) await c.query(`CREATE DATABASE "${name}" TEMPLATE "${tpl}"`);
    } finally {
      await c.query('SELECT pg_advisory_unlock(2102)');
    }
  });
}

/**
 * Test databases only: closes `store` and keeps its database as a template; `openFromTemplate`
 * then gives a fresh copy of it per call (CREATE DATABASE … TEMPLATE).
 */
export async function keepAsTemplate(url: string, store: PgStore): Promise<string> {
  const name = decodeURIComponent(new URL(String(store.pool.options.connectionString)).pathname.slice(1));
  await store.ready;
  await store.close();
  return name;
}

export function openFromTemplate(url: string, schema: Record<string, unknown>, template: string): { store: PgStore; dropOnClose: () => Promise<void> } {
  const name = testDbName(testRun() ?? '0', randomBytes(8).toString('hex'));
  const target = new URL(url);
  target.pathname = `/${name}`;
  const pool = new Pool({ connectionString: target.toString(), max: Number(process.env.PG_POOL_SIZE ?? 10) });
  const store = new PgStore(pool, schema, () =>
    withAdmin(url, async (c) => {
      await c.query('SELECT pg_advisory_lock(2102)');
      try {
        await c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
      } finally {
        await c.query('SELECT pg_advisory_unlock(2102)');
      }
    }),
  );
  return { store, dropOnClose: () => dropQuietly(url, name) };
}

/** A test database is dropped once its pool is closed; one still in use (a server a test left running) stays. */
async function dropQuietly(url: string, name: string): Promise<void> {
  try {
    await withAdmin(url, (c) => c.query(`DROP DATABASE IF EXISTS "${name}"`));
  } catch {
    // dropped with the rest of the run's databases at its end (test/helpers/pg-global.ts)
  }
}
