import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { closeDb, openDb, transaction } from '../db';
import { isPostgres } from '../db/dialect';
import { nextReceiptNo } from './receipt';

const dir = mkdtempSync(join(tmpdir(), 'receipt-'));
// One database opened twice, as two app servers would (on PostgreSQL the test database the path names).
const path = join(dir, 'engine.db');
const one = openDb(path);
const two = openDb(path);
afterAll(async () => {
  await closeDb(one);
  await closeDb(two);
  rmSync(dir, { recursive: true, force: true });
});

it.skipIf(!isPostgres)('PostgreSQL: a number taken inside a transaction does not hold the sequence until it commits; a rollback leaves a gap', async () => {
  await expect(
    transaction(one, async (tx) => {
      expect(await nextReceiptNo(tx, 'gap-town')).toBe('1');
      // Another server books while this transaction is still open: if the tenant's row stayed
      // locked until COMMIT this would wait for ever (the test would time out).
      expect(await transaction(two, (tx2) => nextReceiptNo(tx2, 'gap-town'))).toBe('2');
      throw new Error('refused after the number was taken');
    }),
  ).rejects.toThrow('refused');
  expect(await transaction(two, (tx) => nextReceiptNo(tx, 'gap-town'))).toBe('3');
});

it.skipIf(isPostgres)('SQLite: the number is part of the booking transaction, so a rollback leaves no gap', async () => {
  await expect(
    transaction(one, async (tx) => {
      expect(await nextReceiptNo(tx, 'no-gap-town')).toBe('1');
      throw new Error('refused after the number was taken');
    }),
  ).rejects.toThrow('refused');
  expect(await transaction(one, (tx) => nextReceiptNo(tx, 'no-gap-town'))).toBe('1');
});
