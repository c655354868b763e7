// The fee of a booking on its console page: the breakdown as stored, what was paid
// and when, 納付書 to print, and the counter's entry of a payment (窓口現金 with its
// 領収書, or a 納付書 paid one by one) with the amount and the day received.
import { useEffect, useState } from 'preact/hooks';
import { api, apiBase, L } from '../api';
import { ErrorBox, isoLocal } from '../components/ui';

interface FeeLine {
  kind: string;
  label: string;
  quantity: number;
  unitPrice: number;
  amount: number;
}
interface Payment {
  id: number;
  method: string;
  amount: number;
  at: string;
  receivedOn: string | null;
  reference: string | null;
}
interface FeeInfo {
  fee: { fee: { total: number; lines: FeeLine[] }; paid: number; outstanding: number; paymentDeadline?: string; payments: Payment[] } | null;
  slip: { slipNo: string; display: string; amount: number; dueAt: string | null } | null;
  slipEnabled: boolean;
  today?: string;
}

const yen = (n: number) => `${n.toLocaleString('ja-JP')}円`;
const METHOD: Record<string, [string, string]> = { cash: ['窓口現金', 'Cash'], slip: ['納付書', 'Payment slip'] };
const methodText = (m: string) => (METHOD[m] ? L(METHOD[m][0], METHOD[m][1]) : m);

export function FeePanel({ receiptNo, onPaid }: { receiptNo: string; onPaid: (msg: string) => void }) {
  const [info, setInfo] = useState<FeeInfo | null>(null);
  const [error, setError] = useState<unknown>(null);
  const path = `/bookings/${encodeURIComponent(receiptNo)}`;
  const load = () => api<FeeInfo>('GET', `${path}/fee`).then(setInfo).catch(setError);
  useEffect(() => void load(), [receiptNo]);
  if (!info) return <ErrorBox error={error} />;
  if (!info.fee) return null;
  const f = info.fee;
  const printSlip = () => {
    window.open(`${apiBase}${path}/slip`, '_blank');
    // The number is given when the slip is first printed: show it once it is.
    window.addEventListener('focus', () => void load(), { once: true });
  };
  return (
    <section class="panel fee" aria-labelledby="fee-h">
      <h2 id="fee-h">{L('使用料・お支払い', 'Fee and payment')}</h2>
      <table class="list fee-lines">
        <thead>
          <tr>
            <th>{L('項目', 'Item')}</th>
            <th class="num">{L('数量', 'Qty')}</th>
            <th class="num">{L('単価', 'Unit')}</th>
            <th class="num">{L('金額', 'Amount')}</th>
          </tr>
        </thead>
        <tbody>
          {f.fee.lines.map((l, i) => (
            <tr key={i}>
              <td>{l.label}</td>
              <td class="num">{l.quantity}</td>
              <td class="num">{yen(l.unitPrice)}</td>
              <td class="num">{yen(l.amount)}</td>
            </tr>
          ))}
          <tr>
            <th>{L('合計', 'Total')}</th>
            <td colSpan={3} class="num" data-testid="fee-total">
              <strong>{yen(f.fee.total)}</strong>
            </td>
          </tr>
        </tbody>
      </table>
      <p>
        {L('支払済', 'Paid')} <strong data-testid="fee-paid">{yen(f.paid)}</strong> ／ {L('未払', 'Owed')} <strong data-testid="fee-outstanding">{yen(f.outstanding)}</strong>
        {f.paymentDeadline && <> ／ {L('お支払い期限', 'Pay by')} {isoLocal(f.paymentDeadline)}</>}
      </p>
      {(info.slipEnabled || info.slip) && (
        <p>
          {info.slip && (
            <span data-testid="slip-no">
              {L('納付番号', 'Slip no.')} {info.slip.display}
              {info.slip.dueAt && ` （${L('納付期限', 'due')} ${isoLocal(info.slip.dueAt)}）`}{' '}
            </span>
          )}
          {info.slipEnabled && (
            <button type="button" onClick={printSlip}>
              {L('納付書を印刷', 'Print payment slip')}
            </button>
          )}
        </p>
      )}
      {f.payments.length > 0 && (
        <table class="list payments">
          <thead>
            <tr>
              <th>{L('収納日', 'Received')}</th>
              <th>{L('支払方法', 'Method')}</th>
              <th class="num">{L('金額', 'Amount')}</th>
              <th>{L('納付番号・領収書番号', 'Reference')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {f.payments.map((p) => (
              <tr key={p.id}>
                <td>{p.receivedOn ?? isoLocal(p.at).slice(0, 10)}</td>
                <td>{methodText(p.method)}</td>
                <td class="num">{yen(p.amount)}</td>
                <td>{p.reference ?? ''}</td>
                <td>
                  {p.method === 'cash' && p.reference && (
                    <a href={`${apiBase}${path}/receipt?payment=${p.id}`} target="_blank" rel="noopener">
                      {L('領収書を印刷', 'Print receipt')}
                    </a>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {f.outstanding > 0 && info.slipEnabled && <PaymentForm path={path} owed={f.outstanding} today={info.today ?? ''} onDone={(msg) => (void load(), onPaid(msg))} />}
      <ErrorBox error={error} />
    </section>
  );
}

function PaymentForm({ path, owed, today, onDone }: { path: string; owed: number; today: string; onDone: (msg: string) => void }) {
  const [method, setMethod] = useState('cash');
  const [amount, setAmount] = useState(String(owed));
  const [on, setOn] = useState(today);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    const yenAmount = /^\d+$/.test(amount.trim()) ? Number(amount.trim()) : NaN;
    if (!confirm(L(`${methodText(method)} ${amount}円 の入金を記録しますか？ 予約は確定します。`, `Record ${amount} yen (${methodText(method)})? The booking is confirmed.`))) return;
    try {
      const r = await api<{ reference: string | null }>('POST', `${path}/payments`, { method, amount: yenAmount, receivedOn: on });
      onDone(method === 'cash' ? L(`入金を記録しました（領収書番号 ${r.reference}）。`, `Payment recorded (receipt ${r.reference}).`) : L('入金を記録しました。', 'Payment recorded.'));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form class="pay-form" onSubmit={submit}>
      <h3>{L('入金の記録', 'Record a payment')}</h3>
      <label for="pay-method">{L('支払方法', 'Method')}</label>
      <select id="pay-method" value={method} onChange={(e) => setMethod((e.target as HTMLSelectElement).value)}>
        <option value="cash">{L('窓口現金', 'Cash at the counter')}</option>
        <option value="slip">{L('納付書（金融機関で支払済み）', 'Payment slip (paid at a bank)')}</option>
      </select>
      <label for="pay-amount">{L('金額（円）', 'Amount (yen)')}</label>
      <input id="pay-amount" inputMode="numeric" value={amount} onInput={(e) => setAmount((e.target as HTMLInputElement).value)} />
      <label for="pay-date">{L('収納日', 'Date received')}</label>
      <input id="pay-date" type="date" value={on} max={today} onInput={(e) => setOn((e.target as HTMLInputElement).value)} />
      <ErrorBox error={error} />
      <button type="submit" class="primary">
        {L('入金を記録', 'Record payment')}
      </button>
    </form>
  );
}
