// Operator commands of billing (npm run task -- <tenant> <command> …): a month's toll file and
// its invoices from the command line, with the same checks as the staff API.
import { isMonth } from '../../engine/schedule/dates';
import { readFileSync } from 'node:fs';
import type { CommandContext, CommandDef } from '../../engine/core/behaviour';
import { EngineError } from '../../engine/core/errors';
import { committed } from '../../engine/db';
import { decodeCsv } from '../../engine/export/csv-import';
import { findBilling } from './block';
import { issueInvoices, monthInvoices } from './invoice';
import { importUsage } from './usage-import';

function monthOption(v: string | undefined): string {
  if (!isMonth(v)) throw new EngineError('billing.bad_month');
  return v;
}

const summary = (invoices: readonly { customer: string; customerName: string; tolls: number; issueFees: number; annualFees: number; total: number }[]) =>
  invoices.map(({ customer, customerName, tolls, issueFees, annualFees, total }) => ({ customer, customerName, tolls, issueFees, annualFees, total }));

export const billingCommands: CommandDef[] = [
  {
    id: 'usage-import',
    summary: { ja: '道路事業者の通行記録（CSV）を請求月に取り込む', en: 'Import a road operator toll file (CSV) for a billing month' },
    options: [
      { name: 'month', required: true, description: 'billing month YYYY-MM' },
      { name: 'file', required: true, description: 'toll CSV (UTF-8 / CP932): カード番号,入口IC,入口日時,出口IC,出口日時,自動車登録番号,通行料金' },
      { name: 'billing', description: 'billing block id (default: the only one)' },
    ],
    async run(ctx: CommandContext, o) {
      const billing = findBilling(ctx.published, o.billing);
      const month = monthOption(o.month);
      let text: string;
      try {
        text = decodeCsv(readFileSync(o.file));
      } catch {
        throw new EngineError('billing.bad_body');
      }
      const at = ctx.clock.now().getTime();
      const fileName = o.file.split('/').pop();
      const out = await committed(ctx.db, () => importUsage(ctx.db, { tenant: ctx.published.tenant.slug, billing, month, text, ...(fileName ? { fileName } : {}), at, actor: ctx.actor }));
      if (!out.result) {
        throw new EngineError('billing.import_invalid', { count: out.issues.length }, { issues: out.issues.map((i) => ({ path: `/${i.row}`, code: i.code, message: `${i.row}行目 ${i.column}: ${i.message}`, messageEn: `row ${i.row} ${i.column}: ${i.messageEn}`, file: o.file })) });
      }
      return out.result;
    },
  },
  {
    id: 'invoices',
    summary: { ja: '請求月の請求書（--issue で発行）', en: 'A month’s invoices (issued with --issue)' },
    options: [
      { name: 'month', required: true, description: 'billing month YYYY-MM' },
      { name: 'issue', description: 'issue the month (stored; a second run returns the same invoices)' },
      { name: 'billing', description: 'billing block id (default: the only one)' },
    ],
    async run(ctx: CommandContext, o) {
      const billing = findBilling(ctx.published, o.billing);
      const month = monthOption(o.month);
      if (o.issue === 'true') {
        const r = await committed(ctx.db, () => issueInvoices(ctx.db, { published: ctx.published, billing, month, at: ctx.clock.now().getTime(), actor: ctx.actor }));
        return { month, issued: true, created: r.created, invoices: summary(r.invoices), total: r.invoices.reduce((s, i) => s + i.total, 0) };
      }
      const r = await monthInvoices(ctx.db, ctx.published, billing, month);
      return { month, issued: r.issued, invoices: summary(r.invoices), total: r.invoices.reduce((s, i) => s + i.total, 0) };
    },
  },
];
