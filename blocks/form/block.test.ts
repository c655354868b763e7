import { describe, expect, it } from 'vitest';
import { runBlockContract, loadFixture } from '../../test/contract/block-contract';
import { formBlock, type CompiledForm } from './block';

runBlockContract(formBlock, new URL('./fixtures/', import.meta.url));

describe('form answers', () => {
  const tenant = loadFixture(new URL('./fixtures/card-pickup.valid.json', import.meta.url));
  const form = tenant.get('form', 'pickup-form')!;

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

describe('form kit: pages, furigana, 和暦, character types', () => {
  const tenant = loadFixture(new URL('./fixtures/everything.valid.json', import.meta.url));
  const form = tenant.get('form', 'everything')!;
  const base = { name: '山﨑 髙子', nameKana: 'やまさき たかこ', phone: '０３－１２３４－５６７８', topic: 'a', agree: true };

  it('adds the furigana field right after the name and puts it on the same page', () => {
    expect(form.fields.map((f) => f.id).slice(0, 3)).toEqual(['name', 'nameKana', 'birth']);
    expect(form.fields[1]).toMatchObject({ type: 'furigana', label: 'フリガナ', required: true, kanaOf: 'name', pii: true });
    expect(form.pages[0].fields.slice(0, 2)).toEqual(['name', 'nameKana']);
    expect(form.pages.map((p) => p.title)).toEqual(['お客様の情報', 'ご相談の内容']);
  });

  it('keeps the name as typed and stores the furigana in katakana', () => {
    const r = form.validate(base);
    expect(r).toEqual({ ok: true, value: { name: '山﨑 髙子', nameKana: 'ヤマサキ タカコ', phone: '0312345678', topic: 'a', agree: true } });
  });

  it('converts 和暦 and Japanese notations to ISO and refuses days that never existed', () => {
    const ok = (birth: string) => form.validate({ ...base, birth });
    expect(ok('昭和55年6月10日')).toMatchObject({ ok: true, value: { birth: '1980-06-10' } });
    expect(ok('令和元年5月1日')).toMatchObject({ ok: true, value: { birth: '2019-05-01' } });
    expect(ok('１９８０年６月１０日')).toMatchObject({ ok: true, value: { birth: '1980-06-10' } });
    for (const bad of ['昭和64年2月1日', '平成元年1月7日', '平成31年5月1日', '2026-02-29', '昭和55年13月1日']) {
      const r = ok(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.issues[0]).toMatchObject({ path: '/answers/birth', code: 'answer.format' });
    }
  });

  it('refuses a birthdate after today', () => {
    const r = form.validate({ ...base, birth: '令和81年1月1日' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues).toEqual([expect.objectContaining({ path: '/answers/birth', code: 'answer.future_date' })]);
    expect(form.validate({ ...base, birth: '2000-01-01' }).ok).toBe(true);
  });

  it('accepts an email typed in full width, stored in ASCII', () => {
    expect(form.validate({ ...base, email: 'ｔａｒｏ＠Ｅｘａｍｐｌｅ．ｊｐ' })).toMatchObject({ ok: true, value: { email: 'taro@example.jp' } });
  });

  it('says which characters a coded field takes, in both languages with the English label', () => {
    const r = form.validate({ ...base, code: '12a4' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]).toMatchObject({ path: '/answers/code', code: 'answer.chars', message: '「交付通知書の番号」は半角数字で入力してください。' });
    expect(form.validate({ ...base, code: '１２３４' })).toMatchObject({ ok: true, value: { code: '1234' } });
    const missing = form.validate({ ...base, name: '' });
    // Asserted first: a validation that wrongly succeeded would otherwise skip the message check.
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.issues[0].messageEn).toBe('Please enter "Name".');
  });

  it('ships the compiled check as standalone code', () => {
    const src = form.standaloneSource();
    expect(src).toContain('export default');
    expect(src).toContain('"nameKana"');
  });
});
