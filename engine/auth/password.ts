// Password hashing with scrypt (node:crypto). The cost is stored with each hash,
// so it can be raised later without invalidating existing passwords.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { EngineError } from '../core/errors';

/** Runs at most `concurrency` jobs at once; up to `queue` more wait, any beyond are refused at once. */
export function createGate(opts: { concurrency: number; queue: number }) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return {
    async run<T>(job: () => Promise<T>): Promise<T> {
      if (running >= opts.concurrency) {
        if (waiting.length >= opts.queue) throw new EngineError('http.busy', { retryAfter: 1 });
        await new Promise<void>((resolve) => waiting.push(resolve));
      } else running++;
      try {
        return await job();
      } finally {
        // The slot passes straight to the next waiter, so `running` never overshoots.
        const next = waiting.shift();
        if (next) next();
        else running--;
      }
    },
  };
}

// scrypt runs on libuv's 4 worker threads, which file I/O shares: two jobs at a
// time leave room for the rest, and a burst of logins is refused (429) instead of
// queueing for seconds in front of the bookings.
const scryptGate = createGate({ concurrency: 2, queue: 16 });

const scrypt = (password: string, salt: Buffer, keylen: number, opts: ScryptOptions) =>
  scryptGate.run(() => new Promise<Buffer>((resolve, reject) => scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key)))));

/** log2(N); 15 = 32 MiB per hash. Tests may lower it with SCRYPT_LOG_N. */
const LOG_N = Number(process.env.SCRYPT_LOG_N ?? 15);
const R = 8;
const P = 1;
const KEYLEN = 32;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const N = 2 ** LOG_N;
  const key = await scrypt(password.normalize('NFC'), salt, KEYLEN, { N, r: R, p: P, maxmem: 256 * N * R });
  return `scrypt$${LOG_N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

// Verified against when the account does not exist, so timing does not reveal it.
let dummyHash: Promise<string> | undefined;

export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  // A refused (busy) first attempt must not leave a rejected promise behind for good.
  const target = stored ?? (await (dummyHash ??= hashPassword('dummy-password-for-timing').catch((e: unknown) => ((dummyHash = undefined), Promise.reject(e)))));
  const parts = target.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [logN, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4], 'base64');
  const expected = Buffer.from(parts[5], 'base64');
  const N = 2 ** logN;
  const key = await scrypt(password.normalize('NFC'), salt, expected.length, { N, r, p, maxmem: 256 * N * r });
  return timingSafeEqual(key, expected) && stored !== undefined && stored !== null;
}
