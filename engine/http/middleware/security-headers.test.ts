import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, securityHeaders } from './security-headers';

describe('securityHeaders', () => {
  const app = new Hono()
    .use('*', securityHeaders)
    .get('/json', (c) => c.json({ ok: true }, 201))
    .get('/raw', () => new Response(new Blob(['a,b\r\n']).stream(), { headers: { 'Content-Type': 'text/csv' } }))
    // Response.redirect's headers are immutable: the middleware must still add its own.
    .get('/redirect', () => Response.redirect('http://localhost/json', 303));

  it.each(['/json', '/raw', '/redirect'])('sets every header on %s and keeps status and body', async (path) => {
    const res = await app.request(path);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('strict-transport-security')).toBeNull();
    if (path === '/json') expect([res.status, await res.json()]).toEqual([201, { ok: true }]);
    if (path === '/raw') expect([res.headers.get('content-type'), await res.text()]).toEqual(['text/csv', 'a,b\r\n']);
    if (path === '/redirect') expect([res.status, res.headers.get('location')]).toEqual([303, 'http://localhost/json']);
  });
});
