// The same results whatever the process time zone (TZ=UTC, Asia/Tokyo, America/New_York).
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/server-process';

const run = (tz: string) =>
  execFileSync(process.execPath, ['--import', 'tsx', 'test/reliability/fixtures/tz-probe.ts'], { cwd: repoRoot, env: { ...process.env, TZ: tz }, encoding: 'utf8' });

describe('time zones', () => {
  it('availability, booking, change and closed days are identical under UTC, Tokyo and New York', () => {
    const [utc, tokyo, ny] = ['UTC', 'Asia/Tokyo', 'America/New_York'].map(run);
    const parsed = JSON.parse(tokyo);
    // The probe really computed something: slots, a booking and its move.
    expect(parsed.pickup.slots.length).toBeGreaterThan(100);
    expect(parsed.booked.start).toBe('2026-12-22T08:30:00+09:00');
    expect(parsed.changed.start).toBe('2026-12-28T16:30:00+09:00');
    expect(parsed.closedDays.length).toBeGreaterThan(0);
    expect(utc).toBe(tokyo);
    expect(ny).toBe(tokyo);
  }, 60_000);
});
