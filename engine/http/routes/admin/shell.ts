// The HTML shell of the staff console SPA (admin/main.tsx → /assets/admin.js).
// /admin/ lists the tenants (or goes straight to the only one); /admin/:tenant/
// serves the console, which talks to /api/admin/t/:tenant/.
import { Hono } from 'hono';
import type { AppEnv } from '../../context';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const page = (title: string, body: string) => `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(title)}</title>
<link rel="stylesheet" href="/assets/admin.css"></head><body>${body}</body></html>`;

export const shellRoutes = new Hono<AppEnv>()
  .get('/admin', (c) => c.redirect('/admin/'))
  .get('/admin/', (c) => {
    const slugs = c.get('deps').tenants.slugs();
    if (slugs.length === 1) return c.redirect(`/admin/${slugs[0]}/`);
    const items = slugs.map((s) => `<li><a href="/admin/${esc(s)}/">${esc(s)}</a></li>`).join('');
    return c.html(page('職員用画面 / Staff console', `<main class="shell-list"><h1>職員用画面 / Staff console</h1><ul>${items}</ul></main>`));
  })
  .get('/admin/:tenant/*', (c) => {
    const slug = c.req.param('tenant');
    if (!c.get('deps').tenants.get(slug)) return c.notFound();
    c.header('Cache-Control', 'no-store');
    c.header('X-Frame-Options', 'DENY');
    return c.html(
      page('職員用画面 / Staff console', `<div id="app" data-tenant="${esc(slug)}"><p>読み込み中… / Loading…</p></div><script type="module" src="/assets/admin.js"></script>`),
    );
  });
