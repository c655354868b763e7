// The 納付書 (payment slip) as an A4 page: who pays, for which booking, the
// breakdown and the amount, 納付期限, the 納付番号 with a Code 128 barcode
// (bwip-js) and a QR code (qrcode) a counter can scan, the city's collecting
// account, and below the cut line the 領収証書 the bank stamps for the payer.
import bwipjs from 'bwip-js/node';
import QRCode from 'qrcode';
import type { BookingRow } from '../../engine/booking/view';
import type { PublishedTenant } from '../../engine/config/tenant';
import { epochToLocal } from '../../engine/schedule/time';
import { localDateTimeJa } from '../../engine/notify/format';
import type { CompiledFee } from './block';
import type { FeeLine } from './compute';
import { bookingFacts, BookingFactRows, dateJa, PrintShell, yenMark, type BookingFacts } from './print';
import type { SlipRow } from './slips';
import { formatSlipNo } from './slip-number';

export interface SlipDocument {
  facts: BookingFacts;
  slip: SlipRow;
  lines: FeeLine[];
  fee: Pick<CompiledFee, 'slip'>;
  issuedOn: string;
  barcodeSvg: string;
  qrSvg: string;
}

/** What the QR code holds: one line a counter system can split on '|'. */
export const slipQrText = (tenant: string, slip: Pick<SlipRow, 'slipNo' | 'amount' | 'dueAt'>, tz: string) =>
  ['MUNI-SLIP', tenant, slip.slipNo, String(slip.amount), slip.dueAt === null ? '' : epochToLocal(slip.dueAt, tz).date.replaceAll('-', '')].join('|');

export async function slipDocument(published: PublishedTenant, row: BookingRow, slip: SlipRow, fee: CompiledFee, lines: FeeLine[], now: number): Promise<SlipDocument> {
  const service = published.tenant.get('service', row.serviceId);
  const facts = bookingFacts(published, row, service);
  // Both codes are SVG drawn from digits only: printed sharp, and nothing typed by a person reaches the markup.
  const barcodeSvg = bwipjs.toSVG({ bcid: 'code128', text: slip.slipNo, height: 12, includetext: true, textxalign: 'center' });
  const qrSvg = await QRCode.toString(slipQrText(published.tenant.slug, slip, facts.timeZone), { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return { facts, slip, lines, fee, issuedOn: dateJa(now, facts.timeZone), barcodeSvg, qrSvg };
}

export function SlipPage({ d, lang }: { d: SlipDocument; lang: 'ja' | 'en' }) {
  const { facts, slip } = d;
  const account = d.fee.slip?.account;
  const payee = d.fee.slip?.payee ?? `${facts.city}会計管理者`;
  const due = slip.dueAt === null ? '—' : localDateTimeJa(slip.dueAt, facts.timeZone);
  const no = formatSlipNo(slip.slipNo);
  return (
    <PrintShell title={`納付書 ${slip.slipNo}`} lang={lang}>
      <main class="sheet slip" data-slip-no={slip.slipNo}>
        <div class="meta">
          <div>
            <div>{facts.payer ? `${facts.payer} 様` : ''}</div>
            <div>受付番号 {facts.receiptNo}</div>
          </div>
          <div class="issuer">
            <div>{facts.organization}</div>
            <div>{facts.address}</div>
            <div>{facts.phone && `電話 ${facts.phone}`}</div>
            <div>発行日 {d.issuedOn}</div>
          </div>
        </div>
        <h1>使用料 納付書</h1>
        <table class="grid">
          <tbody>
            <tr>
              <th>納付番号</th>
              <td class="slip-no" id="slip-no">{no}</td>
            </tr>
            <tr>
              <th>納付金額</th>
              <td class="amount" id="slip-amount">{yenMark(slip.amount)}</td>
            </tr>
            <tr>
              <th>納付期限</th>
              <td id="slip-due"><strong>{due}</strong></td>
            </tr>
            <tr>
              <th>納入先</th>
              <td>{payee}</td>
            </tr>
            <BookingFactRows facts={facts} />
          </tbody>
        </table>
        <h2>内訳</h2>
        <table class="grid lines">
          <thead>
            <tr>
              <th>項目</th>
              <th class="num">数量</th>
              <th class="num">単価</th>
              <th class="num">金額</th>
            </tr>
          </thead>
          <tbody>
            {d.lines.map((l, i) => (
              <tr key={i}>
                <td>{l.label}</td>
                <td class="num">{l.quantity}</td>
                <td class="num">{l.unitPrice.toLocaleString('ja-JP')}円</td>
                <td class="num">{l.amount.toLocaleString('ja-JP')}円</td>
              </tr>
            ))}
            <tr>
              <th>合計</th>
              <td class="num" colSpan={3}>
                <strong>{slip.amount.toLocaleString('ja-JP')}円</strong>
              </td>
            </tr>
          </tbody>
        </table>
        {account && (
          <>
            <h2>収納口座</h2>
            <table class="grid">
              <tbody>
                <tr>
                  <th>金融機関</th>
                  <td>
                    {account.bank} {account.branch ?? ''}
                  </td>
                </tr>
                <tr>
                  <th>口座</th>
                  <td>
                    {account.type ?? '普通'} {account.number}
                  </td>
                </tr>
                <tr>
                  <th>口座名義</th>
                  <td>{account.holder}</td>
                </tr>
                {d.fee.slip?.collectors && (
                  <tr>
                    <th>取扱金融機関</th>
                    <td>{d.fee.slip.collectors}</td>
                  </tr>
                )}
              </tbody>
            </table>
          </>
        )}
        <div class="codes">
          <figure class="barcode">
            <div dangerouslySetInnerHTML={{ __html: d.barcodeSvg }} />
            <figcaption>納付番号（バーコード）</figcaption>
          </figure>
          <figure class="qr">
            <div dangerouslySetInnerHTML={{ __html: d.qrSvg }} />
            <figcaption>納付番号・金額・期限</figcaption>
          </figure>
        </div>
        <p class="note">
          納付期限までに上記の金融機関の窓口でお支払いください。期限までにお支払いが確認できない場合、予約は取り消されます。お支払いの確認には数日かかることがあります。
        </p>
        {d.fee.slip?.note && <p class="note">{d.fee.slip.note}</p>}
        <div class="cut">
          <span>きりとり線</span>
        </div>
        <div class="stub">
          <table class="grid">
            <caption>領収証書（納付者保管用）</caption>
            <tbody>
              <tr>
                <th>納付番号</th>
                <td>{no}</td>
              </tr>
              <tr>
                <th>金額</th>
                <td>
                  <strong>{yenMark(slip.amount)}</strong>
                </td>
              </tr>
              <tr>
                <th>納付者</th>
                <td>{facts.payer ? `${facts.payer} 様` : ''}</td>
              </tr>
              <tr>
                <th>納付期限</th>
                <td>{due}</td>
              </tr>
              <tr>
                <th>納入先</th>
                <td>{payee}</td>
              </tr>
            </tbody>
          </table>
          <div class="stamp">領収日付印</div>
        </div>
      </main>
    </PrintShell>
  );
}
