// The 領収書 staff hand over for cash taken at the counter (窓口現金): its number,
// the day received, the amount, 但し書き, what it was for and the city that issued it.
import type { BookingRow } from '../../engine/booking/view';
import type { PublishedTenant } from '../../engine/config/tenant';
import { formatDateJa } from '../../engine/notify/format';
import type { CompiledFee } from './block';
import { bookingFacts, BookingFactRows, PrintShell, yenMark, type BookingFacts } from './print';

export interface ReceiptPayment {
  id: number;
  amount: number;
  receivedOn: string;
  reference: string;
  staffId: string | null;
}

export interface ReceiptDocument {
  facts: BookingFacts;
  payment: ReceiptPayment;
  proviso: string;
  issuer: string;
}

export function receiptDocument(published: PublishedTenant, row: BookingRow, payment: ReceiptPayment, fee: CompiledFee | undefined): ReceiptDocument {
  const facts = bookingFacts(published, row, published.tenant.get('service', row.serviceId));
  return { facts, payment, proviso: fee?.receipt.proviso ?? '施設使用料として', issuer: fee?.receipt.issuer ?? facts.city };
}

export function ReceiptPage({ d, lang }: { d: ReceiptDocument; lang: 'ja' | 'en' }) {
  const { facts, payment } = d;
  return (
    <PrintShell title={`領収書 ${payment.reference}`} lang={lang}>
      <main class="sheet receipt" data-receipt-no={payment.reference}>
        <div class="meta">
          <div />
          <div class="issuer">
            <div id="receipt-no">No. 第 {payment.reference} 号</div>
            <div id="receipt-date">{formatDateJa(payment.receivedOn)}</div>
          </div>
        </div>
        <h1>領収書</h1>
        <p>
          <span class="to">{facts.payer || '　'}</span> 様
        </p>
        <div class="sum">
          <div>金額</div>
          <div class="amount" id="receipt-amount">
            {yenMark(payment.amount)}－
          </div>
        </div>
        <p id="receipt-proviso">但し {d.proviso}</p>
        <p>上記の金額を正に領収いたしました。</p>
        <table class="grid">
          <tbody>
            <BookingFactRows facts={facts} receiptNo />
            <tr>
              <th>支払方法</th>
              <td>窓口現金</td>
            </tr>
          </tbody>
        </table>
        <div class="issuer">
          <div>
            <div id="receipt-issuer">{d.issuer}</div>
            <div>{facts.organization !== d.issuer ? facts.organization : ''}</div>
            <div>{facts.address}</div>
            <div>{facts.phone && `電話 ${facts.phone}`}</div>
            {payment.staffId && <div>取扱者 {payment.staffId}</div>}
          </div>
          <div class="seal">印</div>
        </div>
      </main>
    </PrintShell>
  );
}
