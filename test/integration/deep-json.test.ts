// Deeply nested JSON from outside is refused with a located 422 before any
// recursive code sees it (it used to overflow the stack: an unauthenticated 500).
import { describe, expect, it } from 'vitest';
import { MAX_BODY_DEPTH } from '../../engine/core/json-depth';
import { createAdminTestApp } from './admin-helpers';
import { createTestApp } from '../helpers/test-app';
import { notifyBlocks, NOW, slot } from './fixtures/notify-blocks';

const arrays = (n: number) => '['.repeat(n) + ']'.repeat(n);
const objects = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;

describe('deeply nested request bodies', () => {
  const post = async (body: string, headers: Record<string, string> = {}) => {
    const t = await createTestApp(notifyBlocks(), { now: NOW });
    const res = await t.app.request('/api/t/test-town/services/pickup/reservations', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: res.status, body: (await res.json()) as any };
  };
  const start = JSON.stringify(slot('2026-12-03', '10:00'));

  it.each([
    ['resource', `{"resource":${arrays(5000)},"start":${start},"answers":{}}`, {}, '/resource'],
    ['answers, with an Idempotency-Key', `{"resource":"main","start":${start},"answers":{"name":${objects(5000)}}}`, { 'idempotency-key': 'k-1' }, '/answers/name'],
  ])('in %s: 422 input.too_deep located at the pointer, not a 500', async (_label, body, headers, prefix) => {
    const r = await post(body, headers);
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('input.invalid');
    const [issue] = r.body.error.issues;
    expect(issue.code).toBe('input.too_deep');
    expect(issue.path.startsWith(prefix)).toBe(true);
    expect(issue.path.split('/')).toHaveLength(MAX_BODY_DEPTH + 1); // "" + one segment per level below the root
    expect(issue.message).toBe(`データの入れ子が深すぎます（${MAX_BODY_DEPTH}段まで）。`);
  });

  it('lets a body at the limit through to the usual checks', async () => {
    const r = await post(`{"resource":${arrays(MAX_BODY_DEPTH - 1)},"start":${start},"answers":{}}`);
    expect(r.status).toBe(422);
    expect(r.body.error.issues.map((i: { code: string }) => i.code)).not.toContain('input.too_deep');
  });
});

describe('deeply nested configuration from the builder', () => {
  it('refuses a 20,000-deep json-logic rule in a draft with a located 422', async () => {
    const t = await createAdminTestApp();
    const blocks = structuredClone(t.tenants.get('demo-city')!.tenant.blocks) as unknown as Record<string, any>[];
    const i = blocks.findIndex((b) => b.kind === 'form' && b.fields.some((f: { visibleIf?: unknown }) => f.visibleIf));
    const j = blocks[i].fields.findIndex((f: { visibleIf?: unknown }) => f.visibleIf);
    blocks[i].fields[j].visibleIf = '__RULE__';
    const rule = `${'{"!":'.repeat(20_000)}true${'}'.repeat(20_000)}`;
    const res = await t.app.request('/api/admin/t/demo-city/config', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: t.cookies.admin },
      body: JSON.stringify({ blocks }).replace('"__RULE__"', rule),
    });
    expect(res.status).toBe(422);
    const body = (await res.json()) as any;
    expect(body.error.issues[0].code).toBe('input.too_deep');
    expect(body.error.issues[0].path.startsWith(`/blocks/${i}/fields/${j}/visibleIf/!/!`)).toBe(true);
  });
});
