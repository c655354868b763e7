// The booking paths (book, change, cancel, bundles) run READ COMMITTED on PostgreSQL: their
// capacity rule is one conditional UPDATE (used + n <= capacity) that PostgreSQL re-evaluates
// on the newest row version, so a rush on one slot queues on the counter row instead of
// failing serialization and retrying. What they read and then write besides the counters is
// kept apart by row locks and unique keys (idempotency keys, receipt sequence) or by
// lockPerson() (quotas). SQLite runs one writer at a time either way.
import type { TransactionOptions } from '../db';

export const READ_COMMITTED: TransactionOptions = { isolation: 'read committed' };
