import { describe, expect, it } from 'vitest';
import { runBlockContract } from '../../test/contract/block-contract';
import { billingBlock } from './block';
import { offDayReason } from './reports';
import { normalizeSubject } from '../card-register/lookup';
import { normalizeCardNo } from './subject';
import { parseAmount, parseLocalTime, parseUsage } from './usage-import';

runBlockContract(billingBlock, new URL('./fixtures/', import.meta.url));

describe('billing: reading the toll file', () => {
  it('reads both time forms, half- and full-width, and refuses impossible times', () => {
    expect(parseLocalTime('2027/05/05 23:30')).toBe('2027-05-05 23:30');
    expect(parseLocalTime('2027-5-6 8:05')).toBe('2027-05-06 08:05');
    expect(parseLocalTime('２０２７／０５／０６　０８：００')).toBe('2027-05-06 08:00');
    expect(parseLocalTime('2027/02/29 10:00')).toBeUndefined();
    expect(parseLocalTime('2027/05/06 24:00')).toBeUndefined();
    expect(parseLocalTime('2027/05/06')).toBeUndefined();
  });
  it('reads whole yen with commas and full-width digits, nothing else', () => {
    expect([parseAmount('1,320'), parseAmount('１，３２０'), parseAmount('0')]).toEqual([1320, 1320, 0]);
    expect([parseAmount('-5'), parseAmount('12.5'), parseAmount('¥100'), parseAmount('')]).toEqual([undefined, undefined, undefined, undefined]);
  });
  it('normalizes vehicles and card numbers as the card register does', () => {
    expect(normalizeSubject('　品川　５００\tあ　１２－３４ ')).toBe('品川 500 あ 12-34');
    expect(normalizeCardNo('9101 0000-0000 0011')).toBe('9101000000000011');
  });
  it('names the row and column of each problem and keeps the good rows', async () => {
    const text = 'カード番号,入口IC,入口日時,出口IC,出口日時,自動車登録番号,通行料金\n1,A,2027/05/01 10:00,B,2027/05/01 11:00,品川 1,100\n2,A,2027/05/01 10:00,B,2027/05/01 11:00,品川 1,100\n';
    const r = await parseUsage(text, '2027-05', () => new Set(['1']));
    expect(r.rows).toEqual([{ cardNo: '1', entryPoint: 'A', entryAt: '2027-05-01 10:00', exitPoint: 'B', exitAt: '2027-05-01 11:00', subject: '品川 1', amount: 100 }]);
    expect(r.issues.map((i) => [i.row, i.column, i.code])).toEqual([[3, 'カード番号', 'billing.import_unknown_card']]);
  });
});

describe('billing: days off', () => {
  it('tells weekly days off and national holidays apart', () => {
    expect(offDayReason('2027-05-05', '土日', true)).toEqual({ ja: '祝日（こどもの日）', en: "Holiday (Children's Day)" });
    expect(offDayReason('2027-05-05', '土日', false)).toBeUndefined();
    expect(offDayReason('2027-05-16', '土日', false)?.ja).toBe('日曜日');
    expect(offDayReason('2027-05-29', '日', true)).toBeUndefined();
  });
});
