// test:pg's global setup: at the end of the run, drops the databases it made
// (named t_<run id>_…, see engine/db/open-pg.ts), those of tests that left a
// server or a pool open included, so the cluster does not grow run after run.
import { dropTestDatabases } from '../../engine/db/open-pg';

export default function setup(): () => Promise<void> {
  const url = process.env.DATABASE_URL!;
  const run = process.env.PG_TEST_DATABASES!;
  return async () => {
    const n = await dropTestDatabases(url, run);
    console.log(`test:pg: dropped ${n} test databases of run ${run}`);
  };
}
