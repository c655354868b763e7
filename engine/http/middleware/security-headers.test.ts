import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { allowFormAction, CONTENT_SECURITY_POLICY, securityHeaders } from './security-headers';

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

  it('lets resident pages ask for the position, the console for the camera, and a page name where its form goes on', async () => {
    const pages = new Hono()
      .use('*', securityHeaders)
      .get('/t/x/', (c) => c.text('resident'))
      .get('/admin/x/', (c) => c.text('console'))
      .get('/t/x/pay', (c) => (allowFormAction(c, 'https://checkout.example.com'), allowFormAction(c, 'javascript:alert(1)'), c.text('pay')));
    const resident = await pages.request('/t/x/');
    expect(resident.headers.get('permissions-policy')).toBe('camera=(), microphone=(), geolocation=(self), payment=()');
    const console_ = await pages.request('/admin/x/');
    expect(console_.headers.get('permissions-policy')).toBe('camera=(self), microphone=(), geolocation=(), payment=()');
    const pay = await pages.request('/t/x/pay');
    expect(pay.headers.get('content-security-policy')).toContain("form-action 'self' https://checkout.example.com;");
    expect(pay.headers.get('content-security-policy')).not.toContain('javascript');
    expect(resident.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });
});
