import { h } from 'preact';
import { render } from 'preact-render-to-string';
import { describe, expect, it, vi } from 'vitest';
import type { FormFieldDef } from './form-fields';

// admin/api.ts reads the page (tenant, saved language) when it loads.
vi.stubGlobal('document', { getElementById: () => null });
vi.stubGlobal('localStorage', { getItem: () => null });
const { shownFields, StaffForm } = await import('./form-fields');

// The demo gym form's condition: その他の内容 only (and then required) when the purpose is その他.
const fields: FormFieldDef[] = [
  { id: 'purpose', type: 'select', label: '利用目的', required: true, options: [{ value: 'volleyball', label: 'バレーボール' }, { value: 'other', label: 'その他' }] },
  { id: 'purposeNote', type: 'text', label: 'その他の内容', visibleIf: { '==': [{ var: 'answers.purpose' }, 'other'] }, requiredIf: { '==': [{ var: 'answers.purpose' }, 'other'] } },
];
const html = (answers: Record<string, unknown>) => render(h(StaffForm, { fields, answers, onChange: () => {}, issues: [] }));

describe('staff form conditions', () => {
  it('hides a field whose visibleIf does not hold, as the resident form does', () => {
    expect(shownFields(fields, {}).map((s) => s.field.id)).toEqual(['purpose']);
    expect(shownFields(fields, { purpose: 'volleyball', purposeNote: 'left over' }).map((s) => s.field.id)).toEqual(['purpose']);
    expect(html({ purpose: 'volleyball' })).not.toContain('その他の内容');
  });

  it('shows it, marked required, once the condition holds', () => {
    expect(shownFields(fields, { purpose: 'other' })).toEqual([
      { field: fields[0], required: true },
      { field: fields[1], required: true },
    ]);
    const out = html({ purpose: 'other' });
    expect(out).toMatch(/その他の内容<span class="req">必須<\/span>/);
  });
});

describe('proxy form before 確認へ', () => {
  it('lists the required answers left empty, by label, including a condition that holds', async () => {
    const { missingAnswers } = await import('./form-fields');
    expect(missingAnswers(fields, {}).map((i) => [i.path, i.message])).toEqual([['/answers/purpose', '「利用目的」を選んでください。']]);
    expect(missingAnswers(fields, { purpose: 'other' }).map((i) => i.path)).toEqual(['/answers/purposeNote']);
    expect(missingAnswers(fields, { purpose: 'other', purposeNote: '卓球' })).toEqual([]);
  });

  it('shows an answer error by its message, without the raw /answers/ path', async () => {
    const { ErrorBox } = await import('./ui');
    const { ApiError } = await import('../api');
    const e = new ApiError(422, 'input.invalid', '入力内容を確認してください。', [
      { path: '/answers/name', code: 'answer.required', message: '「氏名」を入力してください。' },
      { path: '/start', code: 'schema.format', message: '日時の形式が正しくありません。' },
    ]);
    const out = render(h(ErrorBox, { error: e }));
    expect(out).toContain('「氏名」を入力してください。');
    expect(out).not.toContain('/answers/name');
    expect(out).toContain('<code>/start</code>');
  });
});

describe('phone numbers in the console', () => {
  it('are shown with hyphens, stored digits untouched', async () => {
    const { phoneText } = await import('./ui');
    expect(phoneText('09012345678')).toBe('090-1234-5678');
    expect(phoneText('0312345678')).toBe('03-1234-5678');
    expect(phoneText('0120000000')).toBe('0120-000-000');
    expect(phoneText('0451234567')).toBe('045-123-4567');
    expect(phoneText('123')).toBe('123');
    expect(phoneText(null)).toBe('');
  });
});

describe('audit log and booking history in words', () => {
  it('labels actions in Japanese and writes details without JSON or epoch numbers', async () => {
    const { actionLabel, detailsText, epochJa } = await import('./ui');
    expect(actionLabel('booking.cancelled')).toBe('予約取消');
    expect(actionLabel('ledger.exported')).toBe('台帳CSV出力');
    expect(actionLabel('something.new')).toBe('something.new');
    const at = Date.parse('2026-12-03T01:05:00Z');
    expect(epochJa(at)).toBe('2026年12月3日（木）10:05');
    const text = detailsText({ reason: '電話で取消', rows: 3, allColumns: true, at, columns: ['a.name', 'a.phone'] });
    expect(text).toBe('理由: 電話で取消、件数: 3、全項目: はい、at: 2026年12月3日（木）10:05、項目: a.name、a.phone');
    expect(text).not.toMatch(/[{}"]|\d{13}/);
    // A booking's history: titles for ids the page knows, ISO instants as dates, no internal version.
    const created = detailsText({ service: 'card-pickup', resource: 'honcho', start: '2026-12-03T10:00:00+09:00', seats: 1, version: 'demo-city-v1' }, 'Asia/Tokyo', {
      service: { 'card-pickup': 'マイナンバーカード交付予約' },
      resource: { honcho: '本庁舎窓口' },
    });
    expect(created).toBe('サービス: マイナンバーカード交付予約、場所: 本庁舎窓口、開始: 2026年12月3日（木） 10:00、人数: 1');
    expect(actionLabel('visit.checked_in')).toBe('来場');
    expect(detailsText({ from: null, to: 'visited', itemsChanged: ['juki-card'] }, 'Asia/Tokyo', { itemsChanged: { 'juki-card': '住基カード回収' } })).toBe('変更前: —、変更後: 来場、変更した項目: 住基カード回収');
    expect(detailsText({ itemsChanged: [] })).toBe('変更した項目: —');
    // A booking's states and payment methods in words; another record's states are left as they are.
    expect(detailsText({ from: 'awaiting_payment', to: 'confirmed', method: 'slip' })).toBe('変更前: お支払い待ち、変更後: 予約、支払方法: 納付書');
    expect(detailsText({ from: 'applied', to: 'approved' }, 'Asia/Tokyo', {}, { bookingWords: false })).toBe('変更前: 申請中、変更後: 承認');
    const { actorText } = await import('./ui');
    expect(actorText('staff', 'tanaka')).toBe('tanaka');
    expect(actorText('system', null)).toBe('システム（自動）');
  });
});
