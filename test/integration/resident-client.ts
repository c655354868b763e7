// Resident pages without a browser: an app on a fresh in-memory database and a
// tiny client that keeps cookies and reads the forms of the returned HTML, so a
// test can post exactly what a browser without JavaScript would.
import { join } from 'node:path';
import { registry } from '../../blocks';
import { createFixedClock } from '../../engine/core/clock';
import { loadTenantFolders } from '../../engine/config/load-folders';
import { loadTenantBlocks } from '../../engine/config/load-tenant';
import type { CompiledTenant, PublishedTenant } from '../../engine/config/tenant';
import { createTenantStore } from '../../engine/config/tenant-store';
import { publishVersion } from '../../engine/config/versions';
import { openDb } from '../../engine/db';
import { createApp } from '../../engine/http/app';
import type { AppDeps } from '../../engine/http/context';
import { createFailureLimiter } from '../../engine/http/middleware/rate-limit';
import { repoRoot } from '../helpers/server-process';
import { silentLogger } from '../helpers/test-app';

export const NOW = '2026-12-01T00:00:00Z';

/** `accessLimit`: failures per address the access-key limiter allows (5 unless given). */
export async function residentApp(source: 'demo' | unknown[], opts: Partial<AppDeps> & { now?: string; slug?: string; accessLimit?: number } = {}) {
  const clock = createFixedClock(opts.now ?? NOW);
  let tenants: CompiledTenant[];
  if (source === 'demo') {
    const r = loadTenantFolders(join(repoRoot, 'tenants'), registry);
    if (r.issues.length) throw new Error(JSON.stringify(r.issues));
    tenants = r.tenants;
  } else {
    const r = loadTenantBlocks(opts.slug ?? 'test-town', source, registry);
    if (!r.tenant) throw new Error(`test tenant does not load: ${JSON.stringify(r.issues, null, 2)}`);
    tenants = [r.tenant];
  }
  const db = openDb(':memory:');
  const published: PublishedTenant[] = [];
  for (const t of tenants) {
    const v = await publishVersion(db, t, { source: 'folder', clock });
    published.push({ versionId: v.id, seq: v.seq, tenant: t });
  }
  const app = createApp({ registry, db, clock, tenants: createTenantStore(published), logger: silentLogger, limiter: createFailureLimiter({ db, name: 'access', max: opts.accessLimit ?? 5, windowMs: opts.accessLimit ? 15 * 60_000 : 60_000 }), ...opts });
  return { app, db, clock, published };
}

export interface PageResponse {
  status: number;
  headers: Headers;
  html: string;
  /** Set when a post was answered by a 303 to its own next screen (Post/Redirect/Get) and the client followed it. */
  redirectedTo?: string;
}

export function createClient(app: { request(path: string, init?: RequestInit): Response | Promise<Response> }, base = 'http://localhost') {
  const cookies = new Map<string, string>();
  const send = async (method: string, path: string, form?: Record<string, string | string[]>, headers: Record<string, string> = {}): Promise<PageResponse> => {
    const body = form ? new URLSearchParams(Object.entries(form).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]]))) : undefined;
    const res = await app.request(`${base}${path}`, {
      method,
      headers: {
        ...(cookies.size ? { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...headers,
      },
      ...(body ? { body: body.toString() } : {}),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const [name, value] = [pair.slice(0, pair.indexOf('=')).trim(), pair.slice(pair.indexOf('=') + 1).trim()];
      if (attrs.some((a) => /max-age=0/i.test(a)) || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
    return { status: res.status, headers: res.headers, html: await res.text() };
  };
  // A form answered with a 303 to its own path (the next screen, saved for the back button) is
  // followed as a browser does; other redirects (login → /my) are returned for the test to see.
  const post = async (path: string, form: Record<string, string | string[]>, headers?: Record<string, string>): Promise<PageResponse> => {
    const res = await send('POST', path, form, headers);
    const location = res.headers.get('location');
    if (res.status !== 303 || !location) return res;
    const to = new URL(location, `${base}${path}`);
    if (to.pathname !== new URL(`${base}${path}`).pathname) return res;
    return { ...(await send('GET', `${to.pathname}${to.search}`)), redirectedTo: `${to.pathname}${to.search}` };
  };
  return {
    cookies,
    get: (path: string, headers?: Record<string, string>) => send('GET', path, undefined, headers),
    post,
  };
}

const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:="([^"]*)")?/g)) out[m[1]] = decode(m[2] ?? '');
  return out;
}

/** The hidden inputs of the first form whose action contains `action` (and that holds `containing`, if given). */
export function hiddenOf(html: string, action: string, containing?: string): Record<string, string | string[]> {
  const forms = [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)].filter((m) => (attrs(m[1]).action ?? '').includes(action) && (!containing || m[2].includes(containing)));
  if (!forms.length) throw new Error(`no form posting to ${action} in the page`);
  const out: Record<string, string | string[]> = {};
  for (const m of forms[0][2].matchAll(/<input\b([^>]*)\/?>/g)) {
    const a = attrs(m[1]);
    if (a.type !== 'hidden' || !a.name) continue;
    const prev = out[a.name];
    out[a.name] = prev === undefined ? a.value ?? '' : Array.isArray(prev) ? [...prev, a.value ?? ''] : [prev, a.value ?? ''];
  }
  return out;
}

export const textOf = (html: string, id: string) => decode(new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html)?.[1] ?? '');
export const h1Of = (html: string) => decode(/<h1>([^<]*)<\/h1>/.exec(html)?.[1] ?? '');
