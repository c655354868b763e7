import { describe, expect, it } from 'vitest';
import { runBlockContract, loadFixture } from '../../test/contract/block-contract';
import { formBlock, type CompiledForm } from './block';

runBlockContract(formBlock, new URL('./fixtures/', import.meta.url));

describe('form answers', () => {
  const tenant = loadFixture(new URL('./fixtures/card-pickup.valid.json', import.meta.url));
  const form = tenant.get<CompiledForm>('form', 'pickup-form')!;

  it('normalises phone and furigana and keeps names as typed', () => {
    const r = form.validate({ name: ' 髙橋 﨑子', kana: 'たかはし', phone: '０９０－１２３４－５６７８', jukiCard: 'なし', agree: true });
    expect(r).toEqual({ ok: true, value: { name: ' 髙橋 﨑子', kana: 'タカハシ', phone: '09012345678', jukiCard: 'なし', agree: true } });
  });

  it('names every missing or wrong field with its label', () => {
    const r = form.validate({ phone: '12', jukiCard: 'たぶん' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byPath = Object.fromEntries(r.issues.map((i) => [i.path, i]));
    expect(byPath['/answers/name'].message).toBe('「氏名」を入力してください。');
    expect(byPath['/answers/phone'].code).toBe('answer.format');
    expect(byPath['/answers/phone'].message).toContain('電話番号');
    expect(byPath['/answers/jukiCard'].code).toBe('answer.choice');
    expect(byPath['/answers/agree'].code).toBe('answer.consent');
  });

  it('requires a conditional field only when it is visible, and drops it when hidden', () => {
    const base = { name: 'a', phone: '0312345678', agree: true };
    const shown = form.validate({ ...base, jukiCard: 'あり' });
    expect(shown.ok).toBe(false);
    if (!shown.ok) expect(shown.issues.map((i) => i.path)).toEqual(['/answers/jukiNote']);
    const hidden = form.validate({ ...base, jukiCard: 'なし', jukiNote: 'ignored' });
    expect(hidden).toEqual({ ok: true, value: { ...base, jukiCard: 'なし' } });
  });

  it('refuses unknown fields and prototype keys without polluting anything', () => {
    const r = form.validate(JSON.parse('{"__proto__": {"polluted": 1}, "name": "a"}'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]).toMatchObject({ path: '/answers/__proto__', code: 'answer.unknown_field' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('applies staff requiredness separately', () => {
    const staffForm = form.validate({ name: 'a', phone: '0312345678', jukiCard: 'なし' }, 'staff');
    // consent has no requiredStaff, so it falls back to the resident setting
    expect(staffForm.ok).toBe(false);
  });
});
