// Printing records (blocks/print-template) through the staff API: labels on the sheet
// chosen, notices with link code and QR, a selection or everything matching the list's
// filter, personal fields only for the roles allowed, every print in the access log.
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createAdminTestApp, type AdminTestApp } from './admin-helpers';
import { sqlAll } from '../../engine/db';

const R = '/api/admin/t/demo-city/records/mynumber-card';
let t: AdminTestApp;
const print = (who: keyof AdminTestApp['cookies'], query: Record<string, string | number | boolean | string[]>) =>
  t.request('GET', `${R}/print?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]))}`, { cookie: t.cookies[who] });
const count = (html: string, re: RegExp) => html.match(re)?.length ?? 0;

beforeAll(async () => {
  t = await createAdminTestApp();
  const rows = Array.from({ length: 30 }, (_, i) => `P-${String(i + 1).padStart(3, '0')},印刷 ${i + 1},1000001,さくらみなと市本町${i + 1}-1,1950-04-01`);
  const csv = `交付番号,氏名,郵便番号,住所,生年月日\n${rows.join('\n')}\n`;
  expect((await t.request('POST', `${R}/import`, { cookie: t.cookies.admin, body: { csv } })).status).toBe(200);
});

describe('print templates', () => {
  it('are listed with the record type, labels with their sheets', async () => {
    const r = await t.request('GET', '/api/admin/t/demo-city/records', { cookie: t.cookies.staff });
    const templates = r.body.types.find((x: { id: string }) => x.id === 'mynumber-card').templates;
    expect(templates.map((x: { id: string; layout: string }) => [x.id, x.layout])).toEqual([
      ['mynumber-card-labels', 'labels'],
      ['mynumber-card-notice', 'notice'],
    ]);
    expect(templates[0].sheets.map((s: { id: string; perSheet: number }) => [s.id, s.perSheet])).toEqual([
      ['a4-12', 12],
      ['a4-24', 24],
    ]);
  });
});

describe('printing', () => {
  it('prints everything matching the filter on the chosen sheet: 30 labels on 24面 are 2 sheets', async () => {
    const r = await print('admin', { template: 'mynumber-card-labels', sheet: 'a4-24', all: 1, q: 'P-' });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(r.headers.get('x-print-pages')).toBe('2');
    const sheets = r.text.split('<section class="page sheet"').slice(1);
    expect(sheets.map((s) => count(s, /class="label pos-\d+"/g))).toEqual([24, 6]);
    expect(r.text).toContain(`<link rel="stylesheet" href="print.css?template=mynumber-card-labels&amp;sheet=a4-24&amp;v=`);
    const css = await t.request('GET', `${R}/print.css?template=mynumber-card-labels&sheet=a4-24`, { cookie: t.cookies.staff });
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.text).toContain('.pos-23 { left: 138mm; top: 250.2mm; }');
    expect(r.text).toContain('〒100-0001<br>\nさくらみなと市本町1-1<br>\n<br>\n印刷 1 様');
    const on12 = await print('admin', { template: 'mynumber-card-labels', sheet: 'a4-12', all: 1, q: 'P-' });
    expect(on12.headers.get('x-print-pages')).toBe('3');
  });

  it('prints a notice per selected record with its link code, its QR code and the booking page', async () => {
    const list = await t.request('GET', `${R}?q=P-00`, { cookie: t.cookies.admin });
    const [a, b] = list.body.records;
    const r = await print('admin', { template: 'mynumber-card-notice', ids: [a.id, b.id] });
    expect(r.headers.get('x-print-pages')).toBe('2');
    expect(count(r.text, /<section class="page notice">/g)).toBe(2);
    expect(count(r.text, /<svg [^>]*class="qr"/g)).toBe(2);
    expect(r.text).toContain(`<p class="code-value">${a.linkCode}</p>`);
    expect(r.text).toContain('/t/demo-city/s/card-pickup</p>');
    expect(r.text).toContain('生年月日: 昭和25年4月1日');
    expect(r.text).toContain('印刷 1 様');
  });

  it('leaves personal fields blank for a role not allowed to see them, and logs every print with the records printed', async () => {
    const r = await print('staff', { template: 'mynumber-card-labels', all: 1, q: 'P-001' });
    expect(r.status).toBe(200);
    expect(r.text).not.toContain('印刷 1');
    expect(r.text).toContain('（P-001）');
    const logs = (await sqlAll<{ actor_id: string; details: string }>(t.db, `SELECT actor_id, details_json AS details FROM audit_log WHERE action = 'record.printed' ORDER BY id`));
    expect(logs.map((l) => [l.actor_id, JSON.parse(l.details).personal])).toEqual([
      ['admin', true],
      ['admin', true],
      ['admin', true],
      ['staff', false],
    ]);
    expect(JSON.parse(logs[0].details)).toMatchObject({ template: 'mynumber-card-labels', sheet: 'a4-24' });
    expect(JSON.parse(logs[0].details).records).toHaveLength(30);
  });

  it('refuses an unknown template or sheet, a start position off the sheet and an empty selection', async () => {
    expect((await print('admin', { template: 'nope', all: 1 })).body.error.code).toBe('print.template_not_found');
    expect((await print('admin', { template: 'mynumber-card-labels', sheet: 'a4-99', all: 1 })).body.error.code).toBe('print.sheet_not_found');
    expect((await print('admin', { template: 'mynumber-card-labels', sheet: 'a4-12', skip: 12, all: 1 })).body.error.code).toBe('print.bad_skip');
    expect((await print('admin', { template: 'mynumber-card-labels', ids: [] })).body.error.code).toBe('record.bad_selection');
  });
});
