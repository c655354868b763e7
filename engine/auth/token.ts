// Opaque random tokens (sessions, password-reset links, registration keys):
// the client holds the token, the database only its SHA-256.
import { createHash, randomBytes } from 'node:crypto';

export function newToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(`token:${token}`).digest('hex');
}
