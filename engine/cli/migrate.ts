// `npm run db:migrate`: applies the schema migrations to the configured database
// (DATABASE_URL=postgres://… or the SQLite file at DATABASE_PATH) and exits.
// Servers also migrate at start; on PostgreSQL an advisory lock lets only one
// do it at a time. Run this before a deploy to migrate once, ahead of the servers.
import { closeDb, dbReady, dialectOf, openDb } from '../db';

const db = openDb();
try {
  await dbReady(db);
  console.log(JSON.stringify({ migrated: dialectOf(db) }));
} finally {
  await closeDb(db);
}
