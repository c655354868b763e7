// Operator commands of the card register (npm run task -- <tenant> <command> …): the same use
// cases as the staff API, from files, so a month can be reproduced or run by cron.
import { isDate } from '../../engine/schedule/dates';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { CommandContext, CommandDef } from '../../engine/core/behaviour';
import { EngineError } from '../../engine/core/errors';
import { messageFor, registerMessages } from '../../engine/core/messages';
import { committed } from '../../engine/db';
import { decodeCsv, type ImportIssue } from '../../engine/export/csv-import';
import type { CompiledCardRegister } from './block';
import { importCards } from './cards-import';
import { deliverEdi } from './edi';
import { lookupFor, type LeaseLookup } from './lookup';
import { importContracts, issueCard, reissueCard, renewCard, runMonthEnd, type Ctx } from './store';

registerMessages({
  'card.command_register': { status: 422, ja: 'カード台帳を --register で指定してください（{registers}）。', en: 'Name the card register with --register ({registers}).' },
  'card.command_file': { status: 422, ja: 'ファイル {path} を読めません。', en: 'Cannot read the file {path}.' },
  'card.command_row': { status: 422, ja: '{row}行目（{operation}）: {message}', en: 'Row {row} ({operation}): {messageEn}' },
  'card.command_import': { status: 422, ja: 'CSVに {count} 件の問題があります。何も登録していません。', en: 'The CSV has {count} problem(s); nothing was registered.' },
  'card.command_operation': { status: 422, ja: '操作「{operation}」はありません（issue, renew, reissue, month-end）。', en: 'No operation "{operation}" (issue, renew, reissue, month-end).' },
});

function registerOf(ctx: CommandContext, id: string | undefined): CompiledCardRegister {
  const all = ctx.published.tenant.list('card-register');
  const reg = id ? all.find((r) => r.id === id) : all.length === 1 ? all[0] : undefined;
  if (!reg) throw new EngineError('card.command_register', { registers: all.map((r) => r.id).join(', ') || '—' });
  return reg;
}

function readText(path: string): string {
  try {
    return decodeCsv(readFileSync(path));
  } catch {
    throw new EngineError('card.command_file', { path });
  }
}

/** An import's report as the command's error: every issue located by row and column. */
const importFailed = (issues: ImportIssue[], file: string) =>
  new EngineError('card.command_import', { count: issues.length }, { issues: issues.map((i) => ({ path: `/${i.row}/${i.field ?? ''}`, code: i.code, message: `${i.row}行目 ${i.column}: ${i.message}`, messageEn: `row ${i.row} ${i.column}: ${i.messageEn}`, file })) });

const storeCtx = (ctx: CommandContext, reg: CompiledCardRegister): Ctx => ({ db: ctx.db, published: ctx.published, reg, actor: ctx.actor, at: ctx.clock.now().getTime() });

/** One card operation of a file row, as the staff API does it. */
async function apply(ctx: CommandContext, reg: CompiledCardRegister, row: Record<string, string>) {
  const x = storeCtx(ctx, reg);
  const date = row.date;
  if (!isDate(date)) throw new EngineError('card.bad_date');
  const lookup = lookupFor(reg, ctx.published.tenant.slug, ctx.env);
  switch (row.operation) {
    case 'issue':
      return (await issueCard(x, { subject: row.vehicle, cardType: row.cardType, date }, lookup)).cardNo;
    case 'renew':
      return (await renewCard(x, { cardNo: row.card, date }, lookup)).cardNo;
    case 'reissue':
      return (await committed(ctx.db, () => reissueCard(x, { cardNo: row.card, reason: row.reason, ...(row.cardType ? { cardType: row.cardType } : {}), date }))).cardNo;
    case 'month-end':
      return { cancelled: await committed(ctx.db, () => runMonthEnd(ctx.db, ctx.published, reg, date, ctx.actor, x.at)) };
    default:
      throw new EngineError('card.command_operation', { operation: row.operation });
  }
}

/** A command running one of the register's all-or-nothing CSV imports (the same use case as its route). */
function importCommand(
  id: string,
  summary: CommandDef['summary'],
  file: string,
  useCase: (x: Ctx, text: string, lookup: LeaseLookup) => Promise<{ imported: number; issues: ImportIssue[] }>,
): CommandDef {
  return {
    id,
    summary,
    options: [
      { name: 'file', required: true, description: file },
      { name: 'register', description: 'card register id (default: the only one)' },
    ],
    async run(ctx, o) {
      const reg = registerOf(ctx, o.register);
      const r = await useCase(storeCtx(ctx, reg), readText(o.file), lookupFor(reg, ctx.published.tenant.slug, ctx.env));
      if (r.issues.length) throw importFailed(r.issues, o.file);
      return { imported: r.imported };
    },
  };
}

export const cardCommands: CommandDef[] = [
  importCommand('contracts-import', { ja: 'ETCサービス契約をCSVから登録（リース契約と照合）', en: 'Register contracts from a CSV (checked against the lease system)' }, 'CSV (UTF-8 / CP932), the holder type’s columns', importContracts),
  importCommand(
    'cards-import',
    { ja: '既存のカード台帳をCSVから取込（利用中のカードとして登録、EDIなし）', en: 'Import an existing card ledger from a CSV (cards in use, no EDI)' },
    'CSV (UTF-8 / CP932) with header カード番号,自動車登録番号,カード種類,有効期限年月,初回カード発行日,カード発行日,発行理由',
    importCards,
  ),
  {
    id: 'card-operations',
    summary: { ja: 'カードの発行・更新・再発行・月末処理をCSVの順に実行', en: 'Run card issues, renewals, re-issues and month ends from a CSV, in order' },
    options: [
      { name: 'file', required: true, description: 'CSV with header date,operation,vehicle,card,reason,cardType (operation: issue | renew | reissue | month-end)' },
      { name: 'register', description: 'card register id (default: the only one)' },
      { name: 'from-row', description: 'first data row to run (2 = the first after the header), to resume after a stop' },
    ],
    async run(ctx, o) {
      const reg = registerOf(ctx, o.register);
      const rows = Papa.parse<Record<string, string>>(readText(o.file), { header: true, skipEmptyLines: true }).data;
      const from = Number(o['from-row'] ?? 2);
      const done: { row: number; operation: string; result: unknown }[] = [];
      for (const [i, row] of rows.entries()) {
        const line = i + 2;
        if (line < from) continue;
        try {
          done.push({ row: line, operation: row.operation, result: await apply(ctx, reg, row) });
        } catch (e) {
          if (!(e instanceof EngineError)) throw e;
          // Each operation is its own transaction: the rows before this one stay done; --from-row resumes here.
          throw new EngineError('card.command_row', { row: line, operation: row.operation, message: messageFor(e.code, e.details, 'ja'), messageEn: messageFor(e.code, e.details, 'en'), done: done.length }, { issues: e.issues ?? [] });
        }
      }
      return { done };
    },
  },
  {
    id: 'month-end',
    summary: { ja: '月末処理: 有効期限の月を迎えた利用中のカードを解約', en: 'Month end: cards in use whose expiry month it is become 解約' },
    options: [
      { name: 'date', required: true, description: 'processing date YYYY-MM-DD (a month’s last day cancels that month’s expiries)' },
      { name: 'register', description: 'card register id (default: the only one)' },
    ],
    async run(ctx, o) {
      const reg = registerOf(ctx, o.register);
      if (!isDate(o.date)) throw new EngineError('card.bad_date');
      return { date: o.date, cancelled: await committed(ctx.db, () => runMonthEnd(ctx.db, ctx.published, reg, o.date, ctx.actor, ctx.clock.now().getTime())) };
    },
  },
  {
    id: 'edi-deliver',
    summary: { ja: 'カード発行情報（EDI）の未送信分を送信', en: 'Deliver the pending card issuance EDI' },
    options: [{ name: 'register', description: 'card register id (default: the only one)' }],
    run: (ctx, o) => deliverEdi({ db: ctx.db, now: ctx.clock.now().getTime(), env: ctx.env }, ctx.published.tenant.slug, registerOf(ctx, o.register)),
  },
];
