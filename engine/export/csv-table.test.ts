// The shared reading of an uploaded table (members, records): header → fields, unknown and
// repeated columns, rows with the wrong number of cells, each said by row and column.
import { describe, expect, it } from 'vitest';
import '../members/messages';
import { readCsvTable } from './csv-import';

const fields = [
  { id: 'name', label: '氏名', labelEn: 'Name' },
  { id: 'phone', label: '電話番号' },
];
const codes = { empty: 'member.import_empty', unknownColumn: 'member.import_unknown_column', duplicateColumn: 'member.import_duplicate_column', badRow: 'member.import_bad_row' };

describe('readCsvTable', () => {
  it('maps the header by label, English label or id and keeps each row with its CSV line', () => {
    const t = readCsvTable('\uFEFFName, phone\n山田 一郎,0311110001\n\n鈴木 花子,0311110002\n', fields, codes);
    expect(t.cols.map((f) => f?.id)).toEqual(['name', 'phone']);
    expect(t.issues).toEqual([]);
    expect(t.rows).toEqual([
      { line: 2, cells: ['山田 一郎', '0311110001'] },
      { line: 3, cells: ['鈴木 花子', '0311110002'] },
    ]);
  });

  it('names an unknown column, a column given twice, a row of the wrong width and an empty file', () => {
    const t = readCsvTable('氏名,住所,name\n山田 一郎,港町1,山田\n鈴木 花子\n', fields, codes);
    expect(t.issues.map((i) => [i.row, i.column, i.code])).toEqual([
      [1, '住所', 'member.import_unknown_column'],
      [1, 'name', 'member.import_duplicate_column'],
    ]);
    expect(t.issues[1].message).toBe('列「name」が2回あります。');
    expect(t.rowIssues.map((i) => [i.row, i.code])).toEqual([[3, 'member.import_bad_row']]);
    expect(t.rows.map((r) => r.line)).toEqual([2]);
    expect(readCsvTable('', fields, codes).issues.map((i) => i.code)).toEqual(['member.import_empty']);
  });
});
