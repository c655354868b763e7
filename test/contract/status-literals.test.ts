// The lifecycle issue's rule: only engine/booking/status.ts knows what a booking
// status means. Any other source file that compares a status with a literal (in
// TypeScript or in SQL) fails here, naming file and line.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BOOKING_STATUSES } from '../../engine/booking/status';
import { repoRoot } from '../helpers/server-process';
import { sources } from './sources';

// `pending` is also a notification outbox state, so it is matched only next to a booking column.
const names = BOOKING_STATUSES.filter((s) => s !== 'pending').join('|');
const patterns = [
  new RegExp(`[=!]==?\\s*['"\`](${names})['"\`]`),
  new RegExp(`['"\`](${names})['"\`]\\s*[=!]==?`),
  new RegExp(`status\\s*(=|<>|!=|IN\\s*\\()\\s*'(${names})'`, 'i'),
  /\b(b|bookings)\.status\s*(=|<>|!=)\s*'pending'/i,
];
const skip = new Set(['engine/booking/status.ts', 'engine/db/schema.ts']);


describe('booking statuses', () => {
  it('are compared with literals nowhere but the status module', () => {
    const found: string[] = [];
    for (const root of ['engine', 'admin', 'blocks']) {
      for (const file of sources(join(repoRoot, root))) {
        const rel = relative(repoRoot, file);
        if (skip.has(rel)) continue;
        readFileSync(file, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            if (patterns.some((p) => p.test(line))) found.push(`${rel}:${i + 1}: ${line.trim()}`);
          });
      }
    }
    expect(found).toEqual([]);
  });

  it('would be caught (the patterns match the comparisons they exist for)', () => {
    for (const line of [`if (row.status === 'confirmed')`, `WHERE b.status = 'cancelled'`, `'offered' !== s`, `AND bookings.status = 'pending'`]) {
      expect(patterns.some((p) => p.test(line)), line).toBe(true);
    }
  });
});
