// 審査待ち: applications (予約審査) and cancellation requests (取消審査) waiting for a
// decision, oldest first; overdue ones highlighted; approve one, several, or reject with a reason.
import { useEffect, useState } from 'preact/hooks';
import { api, L, qs } from '../api';
import { ErrorBox, Field, isoLocal } from '../components/ui';
import { href } from '../router';
import type { QueueRow } from '../../blocks/review/decisions';

export function ReviewsPage() {
  const [f, setF] = useState({ from: '', to: '' });
  const [rows, setRows] = useState<QueueRow[] | null>(null);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [reason, setReason] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const load = () =>
    api<{ rows: QueueRow[] }>('GET', `/reviews${qs(f)}`)
      .then((r) => (setRows(r.rows), setPicked(new Set()), setError(null)))
      .catch(setError);
  useEffect(() => void load(), []);
  const act = async (run: () => Promise<unknown>, message: string) => {
    try {
      await run();
      setDone(message);
      await load();
    } catch (e) {
      setError(e);
    }
  };
  const approve = (no: string) => act(() => api('POST', `/bookings/${encodeURIComponent(no)}/approve`, {}), L(`受付番号 ${no} を承認しました。`, `Approved ${no}.`));
  const reject = (no: string) => act(() => api('POST', `/bookings/${encodeURIComponent(no)}/reject`, { reason: reason[no] ?? '' }), L(`受付番号 ${no} を承認しませんでした。`, `Rejected ${no}.`));
  const bulk = () => act(() => api('POST', '/reviews/approve', { receiptNos: [...picked] }), L(`${picked.size}件を承認しました。`, `Approved ${picked.size}.`));
  const toggle = (no: string) => {
    const next = new Set(picked);
    if (next.has(no)) next.delete(no);
    else next.add(no);
    setPicked(next);
  };
  return (
    <section>
      <h1>{L('審査待ち', 'Waiting for review')}</h1>
      <form class="panel row" onSubmit={(e) => (e.preventDefault(), void load())}>
        <Field id="r-from" label={L('利用日（から）', 'Use date from')}><input id="r-from" type="date" value={f.from} onInput={(e) => setF({ ...f, from: (e.target as HTMLInputElement).value })} /></Field>
        <Field id="r-to" label={L('利用日（まで）', 'Use date to')}><input id="r-to" type="date" value={f.to} onInput={(e) => setF({ ...f, to: (e.target as HTMLInputElement).value })} /></Field>
        <button type="submit" class="primary">{L('表示', 'Show')}</button>
      </form>
      <ErrorBox error={error} />
      {done && <p class="notice" role="status">{done}</p>}
      {rows && rows.length === 0 && <p>{L('審査待ちの申込はありません。', 'Nothing is waiting for review.')}</p>}
      {rows && rows.length > 0 && (
        <>
          <p>
            <button type="button" class="primary" disabled={picked.size === 0} onClick={bulk}>
              {L(`選んだ${picked.size}件を承認`, `Approve ${picked.size} selected`)}
            </button>
          </p>
          <table class="list" data-testid="review-rows">
            <thead>
              <tr>
                <th>{L('選択', 'Select')}</th><th>{L('受付番号', 'Receipt')}</th><th>{L('内容', 'Waiting for')}</th><th>{L('施設・日時', 'Place and time')}</th>
                <th>{L('申請者', 'Applicant')}</th><th>{L('申込日時', 'Applied')}</th><th>{L('審査期限', 'Decide by')}</th><th>{L('審査', 'Decision')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.receiptNo} class={r.overdue ? 'overdue' : undefined}>
                  <td>
                    <input type="checkbox" aria-label={L(`受付番号 ${r.receiptNo} を選ぶ`, `Select ${r.receiptNo}`)} checked={picked.has(r.receiptNo)} onChange={() => toggle(r.receiptNo)} />
                  </td>
                  <td><a href={href('booking', r.receiptNo)}>{r.receiptNo}</a></td>
                  <td>{r.statusLabel}</td>
                  <td>{r.serviceTitle}<br />{r.resource} {isoLocal(r.start)}</td>
                  <td>{r.name}</td>
                  <td>{isoLocal(r.appliedAt)}</td>
                  <td>{r.decideBy ? isoLocal(r.decideBy) : ''}{r.overdue && <strong class="overdue-label">{L('（期限切れ）', ' (overdue)')}</strong>}</td>
                  <td>
                    <button type="button" onClick={() => approve(r.receiptNo)}>{L('承認', 'Approve')}</button>{' '}
                    <label class="visually-hidden" for={`reason-${r.receiptNo}`}>{L('不承認の理由', 'Reason')}</label>
                    <input id={`reason-${r.receiptNo}`} placeholder={L('不承認の理由', 'Reason to reject')} value={reason[r.receiptNo] ?? ''} onInput={(e) => setReason({ ...reason, [r.receiptNo]: (e.target as HTMLInputElement).value })} />{' '}
                    <button type="button" onClick={() => reject(r.receiptNo)}>{L('不承認', 'Reject')}</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
