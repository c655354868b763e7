import { describe, expect, it } from 'vitest';
import { loadFixture, runBlockContract } from '../../test/contract/block-contract';
import { recordBlock } from './block';
import { decodeCsv, parseImport } from './import';
import Encoding from 'encoding-japanese';

runBlockContract(recordBlock, new URL('./fixtures/', import.meta.url));

const rt = () => loadFixture(new URL('./fixtures/record.valid.json', import.meta.url)).get('record', 'card')!;

describe('record compile', () => {
  it('lists the searchable fields (the key always) and the personal ones, with the default roles', () => {
    const r = rt();
    expect(r.searchable).toEqual(['no', 'name']);
    expect(r.personal).toEqual(['name']);
    expect(r.personalRoles).toEqual(['system-admin', 'facility-manager']);
    expect(r.linkCode).toBe(false);
  });
});

describe('record CSV import parsing', () => {
  it('reads CP932 and UTF-8 with a BOM alike', () => {
    const text = '番号,氏名\r\n1,山田 太郎\r\n';
    const sjis = new Uint8Array(Encoding.convert(Encoding.stringToCode(text), { to: 'SJIS', from: 'UNICODE' }) as number[]);
    expect(decodeCsv(sjis)).toBe(text);
    expect(decodeCsv(new TextEncoder().encode(`\uFEFF${text}`))).toBe(text);
  });
  it('maps headers by id or label and names row and column of each problem', async () => {
    const ok = await parseImport(rt(), 'no,氏名,種別\n1,山田,新規\n', () => new Set());
    expect(ok).toEqual({ rows: [{ key: '1', fields: { no: '1', name: '山田', kind: 'a' } }], issues: [] });
    const bad = await parseImport(rt(), 'no,氏名,種別\n1,山田,更新\n1,佐藤,新規\n,鈴木,\n', () => new Set());
    expect(bad.rows).toEqual([]);
    expect(bad.issues.map((i) => [i.row, i.column, i.code])).toEqual([
      [2, '種別', 'record.import_bad_option'],
      [3, 'no', 'record.import_duplicate_key'],
      [4, 'no', 'record.import_required'],
    ]);
  });
  it('refuses keys already stored and unknown columns', async () => {
    expect((await parseImport(rt(), 'no\n7\n', () => new Set(['7']))).issues.map((i) => [i.row, i.code])).toEqual([[2, 'record.import_duplicate_key']]);
    expect((await parseImport(rt(), 'no,誕生日\n7,x\n', () => new Set())).issues.map((i) => [i.row, i.column, i.code])).toEqual([[1, '誕生日', 'record.import_unknown_column']]);
  });
});
