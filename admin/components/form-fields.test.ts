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
