// カード台帳の取込 (blocks/card-register/cards-import.ts): an existing card ledger imported as the
// register's cards in use, every refusal located by row and column with nothing written, the
// next issued number after the imported ones, and the operator command `cards-import` on a
// database file (refused without the contract, imported once it is there).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Encoding from 'encoding-japanese';
import { beforeAll, describe, expect, it } from 'vitest';
import { luhnDigit } from '../../blocks/card-register/store';
import { closeDb, openDb } from '../../engine/db';
import { auditLog, ediOutbox, issuedCards, records } from '../../engine/db/schema';
import { taskSandbox } from '../helpers/task';
import { C, contractOf, createCardsApp, type CardsApp } from './cards-helpers';

const HEAD = 'カード番号,自動車登録番号,カード種類,有効期限年月,初回カード発行日,カード発行日,発行理由';
const V1 = '品川 500 あ 12-34';
const V2 = '品川 500 あ 56-78';
const V3 = '練馬 300 さ 11-22';
/** A valid number of the register (prefix 9101, 16 digits) with sequence `seq`. */
const no = (seq: number) => {
  const body = `9101${String(seq).padStart(11, '0')}`;
  return `${body}${luhnDigit(body)}`;
};
const csv = (...rows: string[]) => `${HEAD}\n${rows.join('\n')}\n`;

describe('card ledger import (カード台帳の取込)', () => {
  let t: CardsApp;
  const cards = () => t.db.select().from(issuedCards);
  beforeAll(async () => {
    t = await createCardsApp();
    await t.as('admin', 'POST', `${C}/contracts`, { fields: contractOf('L-2024-0001', '株式会社あおば運輸', 'AOBA UNYU') });
    await t.as('admin', 'POST', `${C}/contracts`, { fields: contractOf('L-2025-0002', 'さくら建設株式会社', 'SAKURA KENSETSU') });
  });

  const refused = async (...rows: string[]) => {
    const r = await t.as('clerk', 'POST', `${C}/import`, { csv: csv(...rows) });
    expect(r.status).toBe(422);
    expect(r.body.imported).toBe(0);
    return r.body.issues as { row: number; column: string; code: string; message: string; messageEn: string }[];
  };
  const located = (issues: { row: number; column: string; code: string }[]) => issues.map((i) => [i.row, i.column, i.code]);
  const good = (seq: number, subject: string) => `${no(seq)},${subject},standard,2027-06,2025-01-10,2025-01-10,new`;
  const badLuhn = `${no(60).slice(0, -1)}${(Number(no(60).slice(-1)) + 1) % 10}`;

  it.each([
    ['an unknown vehicle', `${no(50)},品川 999 ん 00-00,standard,2027-06,2025-01-10,2025-01-10,new`, [3, '自動車登録番号', 'card.subject_not_found']],
    ['a lease without a registered contract', `${no(50)},足立 400 た 99-01,standard,2027-09,2026-10-05,2026-10-05,new`, [3, '自動車登録番号', 'card.no_contract']],
    ['a wrong check digit', `${badLuhn},${V3},standard,2028-01,2025-01-10,2025-01-10,new`, [3, 'カード番号', 'card.import_bad_check_digit']],
    ['another prefix', `8101000000000017,${V3},standard,2028-01,2025-01-10,2025-01-10,new`, [3, 'カード番号', 'card.import_bad_card_no']],
    ['a first issue after the issue', `${no(50)},${V3},standard,2028-01,2026-03-01,2025-03-01,new`, [3, '初回カード発行日', 'card.import_first_after_issue']],
    ['an expiry before the issued month', `${no(50)},${V3},standard,2025-12,2026-01-10,2026-01-10,renewal`, [3, '有効期限年月', 'card.import_expiry_before_issue']],
    ['a malformed expiry month', `${no(50)},${V3},standard,2028/1,2026-01-10,2026-01-10,renewal`, [3, '有効期限年月', 'card.bad_month']],
    ['a date that does not exist', `${no(50)},${V3},standard,2028-01,2026-01-10,2026-02-30,new`, [3, 'カード発行日', 'card.bad_date']],
    ['an unknown reason', `${no(50)},${V3},standard,2028-01,2026-01-10,2026-01-10,stolen`, [3, '発行理由', 'card.import_bad_reason']],
    ['an unknown card type', `${no(50)},${V3},gold,2028-01,2026-01-10,2026-01-10,new`, [3, 'カード種類', 'card.bad_card_type']],
    ['an empty cell', `${no(50)},${V3},standard,2028-01,,2026-01-10,new`, [3, '初回カード発行日', 'card.import_required']],
  ])('refuses %s, located by row and column, and writes nothing', async (_what, row, expected) => {
    // Row 2 is fine: the whole file is refused for row 3.
    const issues = await refused(good(40, V2), row);
    expect(located(issues)).toEqual([expected]);
    expect(await cards()).toHaveLength(0);
  });

  it('refuses a vehicle or a number twice in the file, naming the other row', async () => {
    const issues = await refused(good(50, V1), `${no(51)},品川　500 あ  12-34,blue,2027-06,2025-01-10,2025-01-10,新規`, good(50, V2));
    expect(located(issues)).toEqual([
      [3, '自動車登録番号', 'card.import_duplicate_subject'],
      [4, 'カード番号', 'card.import_duplicate_card_no'],
    ]);
    expect(issues[0].message).toContain('2 行目');
    expect(issues[1].messageEn).toContain('row 2');
    expect(await cards()).toHaveLength(0);
    expect((await t.db.select().from(auditLog)).some((a) => a.action === 'card.cards_imported')).toBe(false);
  });

  it('names a missing column', async () => {
    const r = await t.as('clerk', 'POST', `${C}/import`, { csv: 'カード番号,自動車登録番号,カード種類,有効期限年月,初回カード発行日,カード発行日\n' });
    expect(r.status).toBe(422);
    expect(r.body.issues).toEqual([expect.objectContaining({ row: 1, column: '発行理由', code: 'card.import_missing_column' })]);
  });

  it('imports a good file (CP932) as cards in use: expiry, first issue, fee per reason, no EDI, one audit row', async () => {
    const text = csv(`${no(50)},品川　500 あ 12-34,標準,202706,2024-04-10,2026-04-10,更新`, `${no(7)},${V2},blue,2027-06,2025-05-01,2026-02-01,磁気不良`);
    const bytes = Uint8Array.from(Encoding.convert(Encoding.stringToCode(text), { to: 'SJIS', from: 'UNICODE' }) as number[]);
    const r = await t.as('clerk', 'POST', `${C}/import`, { csvBase64: Buffer.from(bytes).toString('base64') });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ imported: 2, issues: [] });
    const list = await t.as('clerk', 'GET', `${C}?state=in-use`);
    expect(list.body.cards).toEqual([
      expect.objectContaining({ cardNo: no(50), subject: V1, holderKey: 'L-2024-0001', holderName: '株式会社あおば運輸', cardType: 'standard', expiryMonth: '2027-06', validUntil: '2027-06-30', firstIssuedOn: '2024-04-10', issuedOn: '2026-04-10', reason: 'renewal', issueFee: 500, state: 'in-use' }),
      expect.objectContaining({ cardNo: no(7), subject: V2, cardType: 'blue', expiryMonth: '2027-06', validUntil: '2027-06-30', firstIssuedOn: '2025-05-01', issuedOn: '2026-02-01', reason: 'magnetic', reasonLabel: '磁気不良', issueFee: 0 }),
    ]);
    expect(await t.db.select().from(ediOutbox)).toHaveLength(0);
    const audit = (await t.db.select().from(auditLog)).filter((a) => a.action === 'card.cards_imported');
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].detailsJson)).toMatchObject({ count: 2 });
  });

  it('refuses what the register already has: a vehicle with a card in use, a number already issued', async () => {
    const r = await t.as('clerk', 'POST', `${C}/import`, { csv: csv(`${no(70)},${V1},standard,2027-06,2026-01-10,2026-01-10,new`, `${no(7)},${V3},standard,2028-01,2026-01-10,2026-01-10,new`) });
    expect(r.status).toBe(422);
    expect(r.body.issues.map((i: { row: number; column: string; code: string }) => [i.row, i.column, i.code])).toEqual([
      [2, '自動車登録番号', 'card.subject_in_use'],
      [3, 'カード番号', 'card.import_card_no_exists'],
    ]);
    expect(await cards()).toHaveLength(2);
  });

  it('issues the next number after the imported ones', async () => {
    const r = await t.as('clerk', 'POST', `${C}/issue`, { subject: V3, cardType: 'standard', date: '2026-12-01' });
    expect(r.status).toBe(201);
    expect(r.body.card.cardNo).toBe(no(51));
  });
});

describe('npm run task cards-import', () => {
  it('stops on a row whose lease has no contract (row and column, exit 1), then imports the file once the contract is there', async () => {
    const { dir, database, task } = taskSandbox();
    // No contract registered yet: the row is refused, located, and the command exits 1.
    writeFileSync(join(dir, 'cards.csv'), csv(`${no(50)},${V1},standard,2027-06,2025-01-10,2025-01-10,new`));
    const bad = task('cards-import', '--file', join(dir, 'cards.csv'));
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/2行目 自動車登録番号/);
    // The contract in its first state (契約中), written straight into the file the command migrated.
    const db = openDb(database);
    await db.insert(records).values({ id: 'c1', tenantSlug: 'k-lease', type: 'etc-contract', key: 'L-2024-0001', fieldsJson: JSON.stringify(contractOf('L-2024-0001', '株式会社あおば運輸', 'AOBA UNYU')), state: 'active', createdAt: 0, updatedAt: 0 });
    const ok = task('cards-import', '--file', join(dir, 'cards.csv'));
    expect(ok.code, ok.err).toBe(0);
    expect(JSON.parse(ok.out)).toEqual({ imported: 1 });
    expect((await db.select().from(issuedCards)).map((c) => [c.cardNo, c.state, c.validUntil])).toEqual([[no(50), 'in-use', '2027-06-30']]);
    await closeDb(db);
  });
});
