import { h } from 'preact';
import { render } from 'preact-render-to-string';
import { describe, expect, it, vi } from 'vitest';
import type { CheckinItem } from '../../blocks/service/block';

// admin/api.ts reads the page (tenant, saved language) when it loads.
vi.stubGlobal('document', { getElementById: () => null });
vi.stubGlobal('localStorage', { getItem: () => null });
// The booking page's router reads the hash when it loads.
vi.stubGlobal('location', { hash: '' });
vi.stubGlobal('window', { addEventListener: () => {} });
const { CheckinField } = await import('./checkin-field');
const { VisitPanel } = await import('../pages/booking');

const juki: CheckinItem = { id: 'juki-card', label: '住基カード回収', labelEn: 'Juki card collected', type: 'boolean', maxLength: 0, options: [] };
const slip: CheckinItem = { id: 'slip', label: '整理券番号', labelEn: 'Slip', type: 'text', maxLength: 10, options: [] };
const desk: CheckinItem = { id: 'desk', label: '受付窓口', labelEn: 'Desk', type: 'select', maxLength: 0, options: [{ value: '1', label: '1番窓口', labelEn: 'Desk 1' }, { value: '2', label: '2番窓口', labelEn: 'Desk 2' }] };
const field = (item: CheckinItem, value?: boolean | string) => render(h(CheckinField, { item, value, onChange: () => {} }));

describe('check-in fields', () => {
  it('renders a boolean item as a labelled checkbox, ticked when recorded', () => {
    expect(field(juki)).toBe('<label class="choice"><input type="checkbox"/>住基カード回収</label>');
    expect(field(juki, true)).toContain('checked');
  });

  it('renders a text item as a labelled input with the declared length limit', () => {
    expect(field(slip, 'A-12')).toBe('<label for="visit-item-slip">整理券番号</label><input id="visit-item-slip" value="A-12" maxlength="10"/>');
  });

  it('renders a select item as a labelled choice of its options, with a way to choose none', () => {
    const out = field(desk, '2');
    expect(out).toContain('<label for="visit-item-desk">受付窓口</label><select id="visit-item-desk"');
    const options = [...out.matchAll(/<option([^>]*)>([^<]*)</g)].map((m) => [/value="([^"]*)"/.exec(m[1])?.[1] ?? '', m[2], m[1].includes('selected')]);
    expect(options).toEqual([['', '（未選択）', false], ['1', '1番窓口', false], ['2', '2番窓口', true]]);
  });
});

describe('visit panel of a booking', () => {
  const detail = (checkinItems: CheckinItem[]) =>
    ({ receiptNo: '1', visit: { status: null, visitedAt: null, items: { 'juki-card': true }, note: '' }, checkinItems }) as unknown as Parameters<typeof VisitPanel>[0]['d'];
  it('shows the items the service declares: 住基カード回収 for card pickup', () => {
    const out = render(h(VisitPanel, { d: detail([juki]), onSaved: () => {} }));
    expect(out).toContain('住基カード回収');
    expect(out).toContain('対応内容');
  });

  it('shows no 住基カード回収 box for a service that declares no items (the gym), keeping 来場 and 対応内容', () => {
    const out = render(h(VisitPanel, { d: detail([]), onSaved: () => {} }));
    expect(out).not.toContain('住基カード回収');
    expect(out.match(/type="checkbox"/g)).toHaveLength(1);
    expect(out).toContain('来場');
    expect(out).toContain('対応内容');
  });
});
