import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password';

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
