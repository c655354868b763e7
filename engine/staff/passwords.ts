// Password rules for staff accounts and generated temporary passwords.
import { randomInt } from 'node:crypto';
import { EngineError } from '../core/errors';
import { makeIssue } from '../core/messages';
import './messages';

export const MIN_PASSWORD = 8;
// No 0/O, 1/l/I: a temporary password is often read out or copied from paper.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function generatePassword(length = 12): string {
  let s = '';
  while (!(/[A-Za-z]/.test(s) && /\d/.test(s))) {
    s = '';
    for (let i = 0; i < length; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  }
  return s;
}

/** Throws input.invalid located at `path` when the password is too weak. */
export function checkPassword(password: unknown, path: string, opts: { loginId?: string; current?: string } = {}): string {
  if (typeof password !== 'string' || [...password].length < MIN_PASSWORD || !/[A-Za-z]/.test(password) || !/\d/.test(password)) {
    throw new EngineError('input.invalid', {}, { issues: [makeIssue(path, 'staff.password_weak', { min: MIN_PASSWORD })] });
  }
  if (password === opts.loginId || password === opts.current) {
    throw new EngineError('input.invalid', {}, { issues: [makeIssue(path, 'staff.password_same')] });
  }
  return password;
}
