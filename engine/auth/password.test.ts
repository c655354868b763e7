import { describe, expect, it } from 'vitest';
import { createGate, hashPassword, verifyPassword } from './password';

describe('password hashing', () => {
  it('verifies the right password only, with a per-hash salt', async () => {
    const a = await hashPassword('correct horse 電池');
    const b = await hashPassword('correct horse 電池');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$\d+\$8\$1\$/);
    expect(await verifyPassword('correct horse 電池', a)).toBe(true);
    expect(await verifyPassword('correct horse 電池 ', a)).toBe(false);
    expect(await verifyPassword('anything', undefined)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
  });
});

describe('createGate (bounds concurrent scrypt jobs)', () => {
  it('runs two jobs at once, queues the next ones, refuses beyond the queue with http.busy, and frees slots in order', async () => {
    const gate = createGate({ concurrency: 2, queue: 2 });
    const started: number[] = [];
    const finish: (() => void)[] = [];
    const job = (n: number) => () => {
      started.push(n);
      return new Promise<number>((resolve) => finish.push(() => resolve(n)));
    };
    const runs = [1, 2, 3, 4].map((n) => gate.run(job(n)));
    await expect(gate.run(job(5))).rejects.toMatchObject({ code: 'http.busy' });
    await Promise.resolve();
    expect(started).toEqual([1, 2]);
    finish[0]();
    expect(await runs[0]).toBe(1);
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([1, 2, 3]);
    finish[1]();
    finish[2]();
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([1, 2, 3, 4]);
    finish[3]();
    expect(await Promise.all(runs)).toEqual([1, 2, 3, 4]);
    // Everything drained: two run at once again.
    const again = [6, 7, 8].map((n) => gate.run(job(n)));
    await Promise.resolve();
    expect(started.slice(4)).toEqual([6, 7]);
    finish[4]();
    finish[5]();
    await new Promise((r) => setImmediate(r));
    finish[6]();
    expect(await Promise.all(again)).toEqual([6, 7, 8]);
  });

  it('passes a failing job on and keeps the slot count right', async () => {
    const gate = createGate({ concurrency: 1, queue: 0 });
    await expect(gate.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await gate.run(async () => 'ok')).toBe('ok');
  });
});
