// Printable A4 documents of the billing kind: the invoice of one customer (請求書サマリ, then
// 請求書明細 per card number on its own page) and the two reports. Server-rendered HTML with its
// stylesheet served as a file (/billing/print.css: the CSP allows no inline style) and the
// print button of engine/print (/assets/print.js); Chromium prints it or turns it into a PDF.
import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { PublishedTenant } from '../../engine/config/tenant';
import { siteOf } from '../../engine/members/fields';
import { localDateJa } from '../../engine/notify/format';
import type { CompiledBilling } from './block';
import type { Invoice } from './invoice';
import { REPORT_TITLES, type ReportId, type ReportRow } from './reports';

export const BILLING_PRINT_CSS_PATH = '/billing/print.css';

export const BILLING_PRINT_CSS = `
@page { size: A4 portrait; margin: 12mm 12mm; }
* { box-sizing: border-box; }
html { font-family: "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", "Meiryo", sans-serif; color: #000; background: #fff; }
body { margin: 0; font-size: 10pt; line-height: 1.45; }
.no-print { padding: 8px 12px; background: #eef3f8; border-bottom: 1px solid #9ab; }
.no-print button { font-size: 16px; min-height: 44px; padding: 0 20px; }
.page { padding: 6mm 10mm; max-width: 210mm; margin: 0 auto; }
.page + .page { break-before: page; }
h1 { font-size: 18pt; text-align: center; letter-spacing: 0.3em; margin: 0 0 6mm; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; border-bottom: 0.3mm solid #000; }
.parties { display: flex; justify-content: space-between; gap: 10mm; margin-bottom: 6mm; }
.customer { font-size: 13pt; border-bottom: 0.3mm solid #000; padding-bottom: 1mm; min-width: 80mm; }
.issuer { text-align: right; font-size: 9pt; }
.meta { font-size: 9pt; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 0.25mm solid #000; padding: 1.2mm 2mm; vertical-align: top; }
th { background: #eee; font-weight: bold; text-align: center; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.total td, tr.total th { font-weight: bold; border-top: 0.6mm double #000; }
table.summary { width: 120mm; margin: 0 0 6mm auto; font-size: 11pt; }
table.summary th { text-align: left; width: 60mm; }
.card-head { display: flex; gap: 8mm; font-weight: bold; margin: 5mm 0 1.5mm; }
.card-block { break-inside: avoid-page; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.empty { color: #444; }
table.detail { table-layout: fixed; }
table.detail th:nth-child(1) { width: 17%; }
table.detail th:nth-child(2), table.detail th:nth-child(3) { width: 19%; }
table.detail th:nth-child(4) { width: 19%; }
table.detail th:nth-child(5) { width: 12%; }
table.detail th:nth-child(6) { width: 14%; }
table.detail tbody th { text-align: right; }
table.detail td:nth-child(5) { white-space: nowrap; }
@media print { .no-print { display: none; } .page { padding: 0; max-width: none; } }
`;

export const yen = (n: number) => `${n.toLocaleString('ja-JP')}円`;

const monthJa = (m: string) => `${Number(m.slice(0, 4))}年${Number(m.slice(5, 7))}月`;
const monthEn = (m: string) => `${new Date(`${m}-01T00:00:00Z`).toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' })} ${m.slice(0, 4)}`;

function Shell({ lang, title, children }: { lang: 'ja' | 'en'; title: string; children: ComponentChildren }) {
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{title}</title>
        <link rel="stylesheet" href={BILLING_PRINT_CSS_PATH} />
        <script type="module" src="/assets/print.js" />
      </head>
      <body>
        <p class="no-print">
          <button type="button" id="print-button">
            {lang === 'en' ? 'Print' : '印刷する'}
          </button>{' '}
          {lang === 'en' ? 'Print on A4 paper at 100%.' : 'A4用紙に等倍（100%）で印刷してください。'}
        </p>
        {children}
      </body>
    </html>
  );
}

function Issuer({ published }: { published: PublishedTenant }) {
  const m = siteOf(published.tenant)?.municipality;
  return (
    <div class="issuer">
      <div>{m?.organization ?? m?.name ?? published.tenant.slug}</div>
      {m?.postalCode || m?.address ? <div>{[m.postalCode ? `〒${m.postalCode}` : '', m.address ?? ''].filter(Boolean).join(' ')}</div> : null}
      {m?.phone ? <div>TEL {m.phone}</div> : null}
    </div>
  );
}

/** One customer's invoice: the summary page, then the details of each card number. */
export function invoiceHtml(o: { published: PublishedTenant; billing: CompiledBilling; month: string; invoice: Invoice; issuedAt: number | null; timeZone: string; lang: 'ja' | 'en' }): string {
  const { invoice: inv, billing: b } = o;
  const en = o.lang === 'en';
  const L = (ja: string, e: string) => (en ? e : ja);
  const pt = b.usage.pointLabel;
  const usage = en ? b.usage.labelEn : b.usage.label;
  const head = (
    <div class="parties">
      <div>
        <div class="customer" data-testid="customer">
          {inv.customerName} {L('様', '')}
        </div>
        <div class="meta">
          {L('顧客番号', 'Customer no.')} {inv.customer}
        </div>
        <div class="meta">
          {L('請求月', 'Month')} {en ? monthEn(o.month) : `${monthJa(o.month)}分`}
        </div>
        <div class="meta">{o.issuedAt !== null ? `${L('発行日', 'Issued')} ${localDateJa(o.issuedAt, o.timeZone)}` : L('（発行前の確認用）', '(preview, not issued)')}</div>
      </div>
      <Issuer published={o.published} />
    </div>
  );
  const page = (
    <Shell lang={o.lang} title={`${L('請求書', 'Invoice')} ${inv.customerName} ${o.month}`}>
      <section class="page summary-page">
        <h1>{L('請求書', 'Invoice')}</h1>
        {head}
        <h2>{L('請求書サマリ', 'Summary')}</h2>
        <table class="summary" data-testid="summary">
          <tbody>
            <tr>
              <th>{usage}</th>
              <td class="num">{yen(inv.tolls)}</td>
            </tr>
            <tr>
              <th>{L('カード発行費', 'Card issue fees')}</th>
              <td class="num">{yen(inv.issueFees)}</td>
            </tr>
            <tr>
              <th>{L('カード年会費', 'Card annual fees')}</th>
              <td class="num">{yen(inv.annualFees)}</td>
            </tr>
            <tr class="total">
              <th>{L('合計請求金額', 'Total')}</th>
              <td class="num" data-testid="total">
                {yen(inv.total)}
              </td>
            </tr>
          </tbody>
        </table>
        <p class="meta">{L(`請求書明細 ${inv.cards.length} 枚（カード番号ごと）を添付します。`, `Details of ${inv.cards.length} card(s) attached.`)}</p>
      </section>
      <section class="page detail-page">
        <h1>{L('請求書明細', 'Invoice details')}</h1>
        {head}
        {inv.cards.map((c) => (
          <div class="card-block" key={c.cardNo} data-card={c.cardNo}>
            <div class="card-head">
              <span>
                {L('カード番号', 'Card no.')} {c.cardNo}
              </span>
              <span>
                {L('自動車登録番号', 'Vehicle')} {c.subject}
              </span>
            </div>
            <table class="detail">
              <thead>
                <tr>
                  <th>{L('利用日', 'Date')}</th>
                  <th>{L(`入口${pt}`, `Entry ${pt}`)}</th>
                  <th>{L(`出口${pt}`, `Exit ${pt}`)}</th>
                  <th>{L('自動車登録番号', 'Vehicle')}</th>
                  <th>{L('出口時刻', 'Exit time')}</th>
                  <th class="num">{usage}</th>
                </tr>
              </thead>
              <tbody>
                {c.lines.map((l, i) => (
                  <tr key={i}>
                    <td>{l.date.replace(/-/g, '/')}</td>
                    <td>{l.entryPoint}</td>
                    <td>{l.exitPoint}</td>
                    <td>{l.subject}</td>
                    <td>{l.exitTime}</td>
                    <td class="num">{yen(l.amount)}</td>
                  </tr>
                ))}
                {c.lines.length === 0 && (
                  <tr>
                    <td colSpan={6} class="empty">
                      {L('当月の利用はありません。', 'No use this month.')}
                    </td>
                  </tr>
                )}
                <tr>
                  <th colSpan={5}>{L(`${usage} 小計`, `${usage} subtotal`)}</th>
                  <td class="num">{yen(c.tolls)}</td>
                </tr>
                {c.issueFee > 0 && (
                  <tr>
                    <th colSpan={5}>{L('カード発行費', 'Card issue fee')}</th>
                    <td class="num">{yen(c.issueFee)}</td>
                  </tr>
                )}
                {c.annualFee > 0 && (
                  <tr>
                    <th colSpan={5}>{L('カード年会費', 'Card annual fee')}</th>
                    <td class="num">{yen(c.annualFee)}</td>
                  </tr>
                )}
                <tr class="total">
                  <th colSpan={5}>{L('合計', 'Total')}</th>
                  <td class="num">{yen(c.tolls + c.issueFee + c.annualFee)}</td>
                </tr>
              </tbody>
            </table>
          </div>
        ))}
      </section>
    </Shell>
  );
  return `<!DOCTYPE html>${renderToString(page)}`;
}

/** A report (off-days, other-vehicles) as a printable list, one page per customer. */
export function reportHtml(o: { published: PublishedTenant; billing: CompiledBilling; report: ReportId; month: string; rows: ReportRow[]; lang: 'ja' | 'en' }): string {
  const en = o.lang === 'en';
  const L = (ja: string, e: string) => (en ? e : ja);
  const [titleJa, titleEn] = REPORT_TITLES[o.report];
  const pt = o.billing.usage.pointLabel;
  const groups = new Map<string, ReportRow[]>();
  for (const r of o.rows) groups.set(r.customer, [...(groups.get(r.customer) ?? []), r]);
  const page = (
    <Shell lang={o.lang} title={`${L(titleJa, titleEn)} ${o.month}`}>
      {groups.size === 0 && (
        <section class="page">
          <h1>{L(titleJa, titleEn)}</h1>
          <p class="empty">{L(`${monthJa(o.month)}分に該当する利用はありません。`, `No such use in ${monthEn(o.month)}.`)}</p>
        </section>
      )}
      {[...groups.values()].map((rows) => (
        <section class="page" key={rows[0].customer}>
          <h1>{L(titleJa, titleEn)}</h1>
          <div class="parties">
            <div>
              <div class="customer">
                {rows[0].customerName} {L('様', '')}
              </div>
              <div class="meta">
                {L('顧客番号', 'Customer no.')} {rows[0].customer} ・ {en ? monthEn(o.month) : `${monthJa(o.month)}分`}
              </div>
            </div>
            <Issuer published={o.published} />
          </div>
          <table>
            <thead>
              <tr>
                <th>{L('カード番号', 'Card no.')}</th>
                <th>{L('利用日', 'Date')}</th>
                <th>{L(`入口${pt}`, `Entry ${pt}`)}</th>
                <th>{L(`出口${pt}`, `Exit ${pt}`)}</th>
                <th>{L('出口日時', 'Exit')}</th>
                {o.report === 'off-days' ? <th>{L('理由', 'Why')}</th> : <th>{L('カードの車両', 'Card vehicle')}</th>}
                <th>{L('利用車両', 'Vehicle used')}</th>
                <th class="num">{L('通行料金', 'Toll')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i}>
                  <td>{r.cardNo}</td>
                  <td>
                    {r.date.replace(/-/g, '/')}（{r.weekday}） {r.entryAt.slice(11)}
                  </td>
                  <td>{r.entryPoint}</td>
                  <td>{r.exitPoint}</td>
                  <td>{r.exitAt.slice(5).replace('-', '/')}</td>
                  <td>{o.report === 'off-days' ? (en ? r.reasonEn : r.reason) : r.cardSubject}</td>
                  <td>{r.subject}</td>
                  <td class="num">{yen(r.amount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </Shell>
  );
  return `<!DOCTYPE html>${renderToString(page)}`;
}
