// The frame of the printed documents of fees (納付書, 領収書): A4 pages, print CSS
// served as a file (the CSP allows no inline style), a print button that
// resident.js enables, and what every document says about the booking.
import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { CompiledService } from '../service/block';
import type { BookingRow } from '../../engine/booking/view';
import { tenantTimezone, type PublishedTenant } from '../../engine/config/tenant';
import { siteOf } from '../../engine/members/fields';
import { formatDateJa, localDateJa, localTime } from '../../engine/notify/format';

export const PRINT_CSS_PATH = '/fee/print.css';

export function PrintShell({ title, lang, children }: { title: string; lang: 'ja' | 'en'; children: ComponentChildren }) {
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <link rel="stylesheet" href={PRINT_CSS_PATH} />
        <script type="module" src="/assets/resident.js" />
      </head>
      <body class="print-doc">
        <div class="toolbar no-print">
          <button type="button" data-print hidden>
            {lang === 'en' ? 'Print' : '印刷する'}
          </button>
          <span>{lang === 'en' ? 'Print on A4 paper at 100%.' : 'A4用紙に等倍（100%）で印刷してください。'}</span>
        </div>
        {children}
      </body>
    </html>
  );
}

/** The document as a response: never cached (it carries a name and an amount). */
export function printResponse(page: preact.VNode, status = 200): Response {
  return new Response(`<!DOCTYPE html>${renderToString(page)}`, { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}

export interface BookingFacts {
  city: string;
  organization: string;
  address: string;
  phone: string;
  payer: string;
  serviceTitle: string;
  resourceTitle: string;
  /** 2026年12月10日（木） 18:00〜21:00 */
  when: string;
  receiptNo: string;
  timeZone: string;
}

/** What every fee document prints about the booking and the city. */
export function bookingFacts(published: PublishedTenant, row: BookingRow, service: CompiledService | undefined): BookingFacts {
  const site = siteOf(published.tenant);
  const m = site?.municipality ?? { name: published.tenant.slug };
  const tz = service?.calendar.timezone ?? tenantTimezone(published);
  const answers = JSON.parse(row.answersJson) as Record<string, unknown>;
  const nameField = service?.form.fields.find((f) => f.type === 'text' && (f.id === 'name' || f.pii) && typeof answers[f.id] === 'string');
  const resource = service?.calendar.resources.find((r) => r.id === row.resourceId);
  return {
    city: m.name,
    organization: m.organization ?? m.name,
    address: [m.postalCode ? `〒${m.postalCode}` : '', m.address ?? ''].filter(Boolean).join(' '),
    phone: m.phone ?? '',
    payer: nameField ? String(answers[nameField.id]) : '',
    serviceTitle: service?.title ?? row.serviceId,
    resourceTitle: resource?.title ?? row.resourceId,
    when: `${formatDateJa(row.slotDate)} ${localTime(row.slotStart, tz)}〜${localTime(row.slotEnd, tz)}`,
    receiptNo: row.receiptNo,
    timeZone: tz,
  };
}

/** The booking's rows on a printed form (納付書, 領収書): 施設 and 利用日時, with the 受付番号 where the form has no other place for it. */
export function BookingFactRows({ facts, receiptNo = false }: { facts: BookingFacts; receiptNo?: boolean }) {
  return (
    <>
      {receiptNo && (
        <tr>
          <th>受付番号</th>
          <td>{facts.receiptNo}</td>
        </tr>
      )}
      <tr>
        <th>施設</th>
        <td>
          {facts.serviceTitle} {facts.resourceTitle}
        </td>
      </tr>
      <tr>
        <th>利用日時</th>
        <td>{facts.when}</td>
      </tr>
    </>
  );
}

export const dateJa = (ms: number, tz: string) => localDateJa(ms, tz);
export const yenMark = (n: number) => `￥${n.toLocaleString('ja-JP')}`;

// A4 at 100%: mm units, one page per document, nothing but the document printed.
export const PRINT_CSS = `
@page { size: A4 portrait; margin: 10mm 12mm; }
* { box-sizing: border-box; }
html { font-family: "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", "Meiryo", sans-serif; color: #000; background: #fff; }
body.print-doc { margin: 0; font-size: 10pt; line-height: 1.4; }
.toolbar { display: flex; gap: 1em; align-items: center; padding: 8px 12px; background: #eef3f8; border-bottom: 1px solid #9ab; }
.toolbar button { font-size: 1rem; min-height: 44px; min-width: 44px; padding: 0 1.2em; }
.sheet { width: 186mm; margin: 6mm auto; }
.sheet h1 { font-size: 18pt; text-align: center; letter-spacing: 0.4em; margin: 2mm 0 3mm; }
.sheet h2 { font-size: 10.5pt; margin: 3mm 0 1.2mm; border-left: 3pt solid #000; padding-left: 2mm; }
.meta { display: flex; justify-content: space-between; align-items: flex-start; gap: 6mm; }
.meta .issuer { text-align: right; }
table.grid { width: 100%; border-collapse: collapse; }
table.grid th, table.grid td { border: 0.3mm solid #000; padding: 0.9mm 2mm; vertical-align: middle; }
table.grid th { background: #f0f0f0; font-weight: normal; text-align: left; width: 32mm; white-space: nowrap; }
table.lines td.num, table.lines th.num { text-align: right; width: 26mm; }
table.lines th { width: auto; }
.amount { font-size: 18pt; font-weight: bold; letter-spacing: 0.05em; }
.slip-no { font-size: 15pt; font-weight: bold; letter-spacing: 0.08em; font-family: "DejaVu Sans Mono", monospace; }
.codes { display: flex; justify-content: space-around; align-items: center; margin: 3mm 0 0; gap: 6mm; }
.codes figure { margin: 0; }
.codes .barcode svg { width: 70mm; height: 18mm; display: block; }
.codes .qr svg { width: 24mm; height: 24mm; display: block; }
.codes figcaption { font-size: 8pt; text-align: center; }
.note { font-size: 9pt; margin: 2mm 0; }
.cut { border-top: 0.4mm dashed #000; margin: 4mm 0 2mm; text-align: center; font-size: 8pt; }
.cut span { position: relative; top: -0.7em; background: #fff; padding: 0 2mm; }
.stub { display: flex; gap: 6mm; align-items: stretch; break-inside: avoid; }
.stub table { flex: 1; }
.stamp { width: 30mm; min-height: 28mm; border: 0.3mm solid #000; text-align: center; font-size: 8pt; padding-top: 1mm; }
.receipt .to { font-size: 14pt; border-bottom: 0.4mm solid #000; display: inline-block; min-width: 90mm; padding: 0 2mm; }
.receipt .sum { margin: 6mm auto; width: 120mm; border: 0.6mm double #000; text-align: center; padding: 3mm; }
.receipt .sum .amount { font-size: 24pt; }
.receipt .issuer { margin-top: 8mm; display: flex; justify-content: flex-end; gap: 6mm; align-items: flex-end; }
.receipt .seal { width: 22mm; height: 22mm; border: 0.3mm solid #000; border-radius: 50%; text-align: center; line-height: 22mm; font-size: 8pt; color: #555; }
@media print {
  .no-print { display: none !important; }
  .sheet { margin: 0 auto; }
}
`;
