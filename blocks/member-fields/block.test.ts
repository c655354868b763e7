import { describe, expect, it } from 'vitest';
import { loadFixture, runBlockContract } from '../../test/contract/block-contract';
import { DEFAULT_MODES } from '../site/block';
import { compileMemberFields, defaultMemberFields, memberFieldsBlock, type CompiledMemberFields } from './block';

runBlockContract(memberFieldsBlock, new URL('./fixtures/', import.meta.url));

describe('member fields', () => {
  const tenant = loadFixture(new URL('./fixtures/individual-and-group.valid.json', import.meta.url));
  const mf = tenant.get('member-fields', 'members')!;

  it('turns required and optional items into the registration form, in seed order, with aliases', () => {
    const f = mf.form('individual');
    expect(f.id).toBe('member-individual');
    expect(f.fields.map((x) => x.id)).toEqual(['name', 'kana', 'gender', 'birthdate', 'postalCode', 'address', 'phone', 'email', 'newsletter', 'loginId', 'jukiCard']);
    expect(f.fields.find((x) => x.id === 'phone')).toMatchObject({ label: '電話番号（日中の連絡先）', labelEn: 'Daytime phone', required: true });
    expect(f.fields.find((x) => x.id === 'birthdate')).toMatchObject({ type: 'birthdate', era: 'japanese', required: false });
  });

  it('gives groups their own labels, the representative and group-only items', () => {
    const f = mf.form('group');
    expect(f.fields.find((x) => x.id === 'name')?.label).toBe('団体名');
    expect(f.fields.find((x) => x.id === 'kana')?.label).toBe('団体名フリガナ');
    expect(f.fields.map((x) => x.id)).toContain('representative');
    expect(f.fields.map((x) => x.id)).toContain('members');
    expect(f.fields.map((x) => x.id)).not.toContain('jukiCard');
  });

  it('shows display-only items on the profile but never asks for them', () => {
    expect(mf.shown('individual').map((x) => x.id)).toContain('adminId');
    expect(mf.form('individual').fields.map((x) => x.id)).not.toContain('adminId');
    expect(mf.use('adminId')).toBe('display');
  });

  it('validates a registration with the Japanese input kit', () => {
    const r = mf.form('individual').validate({ name: '髙橋 一郎', kana: 'たかはし いちろう', phone: '090-1234-5678', loginId: 'taka01', jukiCard: 'no', birthdate: '昭和55年6月10日' });
    expect(r).toEqual({ ok: true, value: { name: '髙橋 一郎', kana: 'タカハシ イチロウ', phone: '09012345678', loginId: 'taka01', jukiCard: 'no', birthdate: '1980-06-10' } });
    const bad = mf.form('individual').validate({ name: 'a', kana: 'ア', phone: '0312345678', loginId: 'ab', jukiCard: 'no' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issues.map((i) => [i.path, i.code])).toEqual([['/answers/loginId', 'answer.too_short']]);
  });

  it('has defaults that follow the site modes when a tenant has no block', () => {
    const byEmail = compileMemberFields(defaultMemberFields({ ...DEFAULT_MODES, loginId: 'email' }));
    expect(byEmail.use('email')).toBe('required');
    expect(byEmail.use('loginId')).toBe('unused');
    const byLogin = compileMemberFields(defaultMemberFields(DEFAULT_MODES));
    expect(byLogin.form('individual').fields.find((f) => f.id === 'loginId')?.required).toBe(true);
  });
});
