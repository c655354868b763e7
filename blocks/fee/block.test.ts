import { describe, expect, it } from 'vitest';
import { loadFixture, runBlockContract } from '../../test/contract/block-contract';
import { feeBlock } from './block';

runBlockContract(feeBlock, new URL('./fixtures/', import.meta.url));

describe('fee compile', () => {
  it('defaults: per slot, every resource and day, 1-yen floor rounding, 7 days to pay', () => {
    const f = loadFixture(new URL('./fixtures/meeting-room.valid.json', import.meta.url)).get('fee', 'room-fee')!;
    expect(f.table.rates[0]).toEqual({ label: '午前', resources: [], from: '09:00', to: '12:00', days: [], amount: 1200, per: 'slot' });
    expect(f.table.rounding).toEqual({ unit: 10, mode: 'floor' });
    expect(f.payment).toEqual({ withinDays: 7, closesDaysBefore: 3 });
  });
});

describe('fee compile: slips and receipts', () => {
  it('keeps the slip account, lets residents print by default, and defaults the receipt 但し書き', () => {
    const f = loadFixture(new URL('./fixtures/slip.valid.json', import.meta.url)).get('fee', 'room-fee')!;
    expect(f.slip).toMatchObject({ resident: true, payee: 'さくらみなと市会計管理者', account: { bank: 'さくら銀行', number: '1234567' } });
    expect(f.receipt).toEqual({ proviso: '会議室使用料として' });
    const plain = loadFixture(new URL('./fixtures/meeting-room.valid.json', import.meta.url)).get('fee', 'room-fee')!;
    expect(plain.slip).toBeUndefined();
    expect(plain.receipt).toEqual({ proviso: '施設使用料として' });
  });
});
