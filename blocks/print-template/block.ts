// `print-template`: what staff print for the records of a record type — address labels
// (宛名ラベル) laid out on a label sheet, or one A4 notice (交付通知書・案内文) per record
// with the link code and a QR code to the booking page. Templates are handlebars checked
// at load against the record's fields (engine/notify/templates.ts); sheet geometry is
// data (sheets.json, or the block's own `sheets`). Rendering: render.ts; API: routes.ts.
import { defineBlock, type RawBlock } from '../../engine/core/block';
import { registerMessages } from '../../engine/core/messages';
import type { VariableSpec } from '../../engine/notify/events';
import { checkTemplate, compileTemplate, type CompiledTemplate } from '../../engine/notify/templates';
import type { RecordBlock } from '../record/block';
import { printRoutes } from './routes';
import schema from './schema.json';
import defaultSheets from './sheets.json';

export interface LabelSheet {
  id: string;
  title: string;
  titleEn?: string;
  columns: number;
  rows: number;
  labelWidth: number;
  labelHeight: number;
  marginTop: number;
  marginLeft: number;
  gapX?: number;
  gapY?: number;
  fontSize?: number;
}

export interface PrintTemplateBlock extends RawBlock {
  kind: 'print-template';
  title: string;
  titleEn?: string;
  record: string;
  layout: 'labels' | 'notice';
  heading?: string;
  recipient?: string;
  body: string;
  qr?: boolean;
  bookingService?: string;
  sheets?: LabelSheet[];
  fontSize?: number;
}

export interface CompiledPrintTemplate {
  id: string;
  title: string;
  titleEn: string;
  record: string;
  layout: 'labels' | 'notice';
  heading?: CompiledTemplate;
  recipient?: CompiledTemplate;
  body: CompiledTemplate;
  qr: boolean;
  bookingService?: string;
  sheets: LabelSheet[];
  fontSize: number;
}

export const DEFAULT_SHEETS = defaultSheets as LabelSheet[];

registerMessages({
  'print.unknown_variable': { status: 422, ja: 'テンプレート{line}行目の変数「{variable}」は使えません。{hint}', en: 'Line {line} of the template uses "{variable}", which is not offered. {hintEn}' },
  'print.raw_html': { status: 422, ja: 'テンプレート{line}行目の {{{{variable}}}} は使えません。{{{variable}}} と書いてください。', en: 'Line {line}: write "{variable}" with two braces.' },
  'print.template_syntax': { status: 422, ja: 'テンプレートの書き方に誤りがあります: {reason}', en: 'Template syntax error: {reason}' },
  'print.template_unsupported': {
    status: 422,
    ja: 'テンプレート{line}行目の「{construct}」は使えません（使えるのは {{変数}}、{{#if 変数}}…{{else}}…{{/if}}、{{#unless 変数}}…{{/unless}} です）。',
    en: 'Line {line}: "{construct}" is not supported in templates (use {{variable}}, {{#if variable}}, {{#unless variable}}).',
  },
  'print.duplicate_sheet': { status: 422, ja: '用紙 "{sheet}" が重複しています。', en: 'Sheet "{sheet}" appears twice.' },
  'print.sheet_too_large': { status: 422, ja: 'ラベルがA4用紙（210×297mm）からはみ出します。', en: 'The labels do not fit on an A4 sheet (210 × 297 mm).' },
  'print.template_not_found': { status: 404, ja: '記録の種類 "{type}" の印刷テンプレート "{template}" はありません。', en: 'Record type "{type}" has no print template "{template}".' },
  'print.sheet_not_found': { status: 422, ja: 'ラベル用紙 "{sheet}" はありません（選べるもの: {sheets}）。', en: 'Unknown label sheet "{sheet}" (choose from: {sheets}).' },
  'print.bad_skip': { status: 422, ja: '開始位置は 0 から {max} までの数で指定してください。', en: 'The start position must be a number from 0 to {max}.' },
});

const TEMPLATE_CODES: Record<string, string> = {
  'notification.unknown_variable': 'print.unknown_variable',
  'notification.raw_not_safe': 'print.raw_html',
  'notification.template_syntax': 'print.template_syntax',
  'notification.template_unsupported': 'print.template_unsupported',
};

/** The variables a template of this record type may use (all text, so none is output raw). */
export function printVariables(rec: Pick<RecordBlock, 'fields'> | undefined, municipalityKeys: readonly string[]): Map<string, VariableSpec> {
  const v = (ja: string, trusted = true): VariableSpec => ({ trusted, ja });
  const known = new Map<string, VariableSpec>([
    ['title', v('テンプレートの名前')],
    ['key', v('キー項目の値', false)],
    ['linkCode', v('引換番号')],
    ['state', v('進捗状況')],
    ['bookingUrl', v('予約ページのアドレス')],
    ['today', v('印刷日（和暦）')],
    ['todayIso', v('印刷日（YYYY-MM-DD）')],
  ]);
  for (const k of municipalityKeys) known.set(`municipality.${k}`, v(`自治体の${k}`));
  for (const f of rec?.fields ?? []) {
    known.set(`fields.${f.id}`, v(f.label, false));
    if (f.type === 'date') known.set(`wareki.${f.id}`, v(`${f.label}（和暦）`, false));
  }
  return known;
}

function sheetFits(s: LabelSheet): boolean {
  const w = s.marginLeft + s.columns * s.labelWidth + (s.columns - 1) * (s.gapX ?? 0);
  const h = s.marginTop + s.rows * s.labelHeight + (s.rows - 1) * (s.gapY ?? 0);
  return w <= 210.05 && h <= 297.05;
}

export const printTemplateBlock = defineBlock<PrintTemplateBlock, CompiledPrintTemplate>({
  kind: 'print-template',
  version: 1,
  schema,
  cardinality: 'many',
  migrations: [],
  title: { ja: '印刷テンプレート', en: 'Print template' },
  refs: (b) => [{ kind: 'record', id: b.record, path: '/record' }, ...(b.bookingService ? [{ kind: 'service', id: b.bookingService, path: '/bookingService' }] : [])],
  check(b, ctx) {
    const rec = ctx.find('record', b.record) as RecordBlock | undefined;
    const site = ctx.all('site')[0] as { municipality?: Record<string, string> } | undefined;
    const known = printVariables(rec, site?.municipality ? Object.keys(site.municipality) : ['name']);
    for (const field of ['heading', 'recipient', 'body'] as const) {
      const src = b[field];
      if (src === undefined || !rec) continue;
      for (const p of checkTemplate(src, known, new Set())) ctx.issue(`/${field}`, TEMPLATE_CODES[p.code] ?? p.code, p.params);
    }
    const ids = new Set<string>();
    (b.sheets ?? []).forEach((s, i) => {
      if (ids.has(s.id)) ctx.issue(`/sheets/${i}/id`, 'print.duplicate_sheet', { sheet: s.id });
      ids.add(s.id);
      if (!sheetFits(s)) ctx.issue(`/sheets/${i}`, 'print.sheet_too_large');
    });
  },
  compile: (b) => ({
    id: b.id,
    title: b.title,
    titleEn: b.titleEn ?? b.title,
    record: b.record,
    layout: b.layout,
    ...(b.heading !== undefined ? { heading: compileTemplate(b.heading) } : {}),
    ...(b.recipient !== undefined ? { recipient: compileTemplate(b.recipient) } : {}),
    body: compileTemplate(b.body),
    qr: b.qr ?? false,
    ...(b.bookingService ? { bookingService: b.bookingService } : {}),
    sheets: b.sheets ?? DEFAULT_SHEETS,
    fontSize: b.fontSize ?? 11,
  }),
  behaviour: { routes: printRoutes },
});

declare module '../../engine/core/kinds' {
  interface CompiledKinds {
    'print-template': CompiledPrintTemplate;
  }
}
