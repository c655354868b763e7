// キャンセル待ち pages posted as a browser without JavaScript would: a full slot of
// the grid links to joining; the form → 確認 → 受付番号, 順番 and key; a cancellation
// makes the sweep offer the place; the entry page shows the deadline and accepts it.
import { describe, expect, it } from 'vitest';
import { registry } from '../../blocks';
import { runDueJobs } from '../../engine/jobs/scheduler';
import { ADMITTED, statusLabel } from '../../engine/booking/status';
import { silentLogger } from '../helpers/test-app';
import { createTenantStore } from '../../engine/config/tenant-store';
import { createClient, hiddenOf, residentApp, textOf } from './resident-client';

const blocks = [
  { kind: 'site', id: 'test-town', title: 'テスト町' },
  {
    kind: 'form', id: 'f', title: '申込',
    fields: [
      { id: 'name', type: 'text', label: '氏名', required: true },
      { id: 'phone', type: 'phone', label: '電話番号', required: true },
    ],
  },
  { kind: 'calendar', id: 'c', title: '体育館', resources: [{ id: 'a', title: 'A面' }], slotMinutes: 120, capacity: 1, weekly: [{ days: ['thu'], open: '09:00', close: '11:00' }] },
  { kind: 'service', id: 'gym', title: '体育館', form: 'f', calendar: 'c' },
  { kind: 'waitlist', id: 'w', service: 'gym', offerHours: 24 },
];
const START = '2026-12-03T09:00:00+09:00';

describe('waiting list pages', () => {
  it('joins a full slot, is offered the place after a cancellation and accepts it', async () => {
    const { app, db, clock, published } = await residentApp(blocks);
    const api = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
      const res = await app.request(path, { method, headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers }, ...(body ? { body: JSON.stringify(body) } : {}) });
      return res.json() as Promise<any>;
    };
    const first = await api('POST', '/api/t/test-town/services/gym/reservations', { resource: 'a', start: START, answers: { name: '甲', phone: '0900000001' } });
    const grid = await createClient(app).get('/t/test-town/s/gym?from=2026-12-03');
    const link = /href="(\/t\/test-town\/waitlist\/join\?[^"]+)"/.exec(grid.html)![1]!.replace(/&amp;/g, '&');

    const client = createClient(app);
    const form = await client.get(link);
    expect(form.status).toBe(200);
    expect(form.html).toContain('この枠は満員です');
    const review = await client.post('/t/test-town/waitlist/join', { ...hiddenOf(form.html, '/waitlist/join'), 'a.name': '乙', 'a.phone': '0900000002', action: 'next' });
    const done = await client.post('/t/test-town/waitlist/join', { ...hiddenOf(review.html, '/waitlist/join'), action: 'confirm' });
    // Post/Redirect/Get: the completion page is a saved screen; reloading it joins nothing again.
    expect(done.redirectedTo).toMatch(/^\/t\/test-town\/waitlist\/join\?s=/);
    expect(textOf(done.html, 'position')).toBe('1');
    expect(textOf((await client.get(done.redirectedTo!)).html, 'wait-no')).toBe(textOf(done.html, 'wait-no'));
    const waitNo = textOf(done.html, 'wait-no');
    const accessKey = textOf(done.html, 'access-key');

    const lookup = await client.get('/t/test-town/waitlist');
    const show = () => client.post('/t/test-town/waitlist', { ...hiddenOf(lookup.html, '/waitlist'), waitNo, accessKey, action: 'show' });
    const waiting = await show();
    expect(textOf(waiting.html, 'position')).toBe('1');
    expect(waiting.html).not.toContain('id="accept-offer"');

    await api('DELETE', `/api/t/test-town/reservations/${first.receiptNo}`, undefined, { 'x-access-key': first.accessKey });
    clock.advance(60_000);
    await runDueJobs({ db, clock, tenants: createTenantStore(published), logger: silentLogger }, registry);
    const offered = await show();
    expect(offered.html).toContain('id="offer-expires"');
    const accepted = await client.post('/t/test-town/waitlist', { ...hiddenOf(offered.html, '/waitlist', 'accept'), action: 'accept' });
    expect(accepted.status).toBe(200);
    expect(textOf(accepted.html, 'wait-status')).toBe(statusLabel(ADMITTED, 'ja'));
    expect(accepted.html).not.toContain('id="leave"');
  });

  it('leaving asks for confirmation, then the place is gone', async () => {
    const { app } = await residentApp(blocks);
    await app.request('/api/t/test-town/services/gym/reservations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ resource: 'a', start: START, answers: { name: '甲', phone: '0900000001' } }) });
    const client = createClient(app);
    const form = await client.get(`/t/test-town/waitlist/join?service=gym&resource=a&start=${encodeURIComponent(START)}`);
    const review = await client.post('/t/test-town/waitlist/join', { ...hiddenOf(form.html, '/waitlist/join'), 'a.name': '乙', 'a.phone': '0900000002', action: 'next' });
    const done = await client.post('/t/test-town/waitlist/join', { ...hiddenOf(review.html, '/waitlist/join'), action: 'confirm' });
    const lookup = await client.get('/t/test-town/waitlist');
    const shown = await client.post('/t/test-town/waitlist', { ...hiddenOf(lookup.html, '/waitlist'), waitNo: textOf(done.html, 'wait-no'), accessKey: textOf(done.html, 'access-key'), action: 'show' });
    const ask = await client.post('/t/test-town/waitlist', { ...hiddenOf(shown.html, '/waitlist', 'leave-ask'), action: 'leave-ask' });
    expect(ask.html).toContain('id="leave-confirm"');
    const left = await client.post('/t/test-town/waitlist', { ...hiddenOf(ask.html, '/waitlist'), action: 'leave' });
    expect(textOf(left.html, 'done-note')).toBe('キャンセル待ちをやめました。');
    expect(left.html).not.toContain('id="leave"');
  });
});
