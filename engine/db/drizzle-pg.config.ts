// PostgreSQL migrations from the same schema description (engine/db/dialect.ts picks the builders).
import { defineConfig } from 'drizzle-kit';

if (!/^postgres/.test(process.env.DATABASE_URL ?? '')) process.env.DATABASE_URL = 'postgres://schema-only/';

export default defineConfig({
  dialect: 'postgresql',
  schema: './engine/db/schema.ts',
  out: './engine/db/migrations-pg',
});
