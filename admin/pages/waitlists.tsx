// キャンセル待ち: each slot's waiting list in order (waiting, and offered with the
// deadline of the offer), for the services in the staff member's scope.
import { useEffect, useState } from 'preact/hooks';
import { api, L, lang, qs } from '../api';
import { addDays, ErrorBox, Field, isoLocal } from '../components/ui';
import { href } from '../router';
import { me } from '../session';
import { isBookingStatus, statusLabel } from '../../engine/booking/status';

interface Row {
  receiptNo: string;
  service: string;
  resource: string;
  resourceTitle: { ja: string; en: string };
  start: string;
  status: string;
  position: number | null;
  offerExpiresAt: string | null;
  name: string | null;
  joinedAt: string;
}

export function WaitlistsPage() {
  const today = me.value!.today;
  const [f, setF] = useState({ from: today, to: addDays(today, 60) });
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = () =>
    api<{ rows: Row[] }>('GET', `/waitlists${qs(f)}`)
      .then((r) => (setRows(r.rows), setError(null)))
      .catch(setError);
  useEffect(() => void load(), []);
  return (
    <section>
      <h1>{L('キャンセル待ち', 'Waiting lists')}</h1>
      <form class="panel row" onSubmit={(e) => (e.preventDefault(), void load())}>
        <Field id="w-from" label={L('利用日（から）', 'Use date from')}>
          <input id="w-from" type="date" value={f.from} onInput={(e) => setF({ ...f, from: (e.target as HTMLInputElement).value })} />
        </Field>
        <Field id="w-to" label={L('利用日（まで）', 'Use date to')}>
          <input id="w-to" type="date" value={f.to} onInput={(e) => setF({ ...f, to: (e.target as HTMLInputElement).value })} />
        </Field>
        <button type="submit" class="primary">
          {L('表示', 'Show')}
        </button>
      </form>
      <ErrorBox error={error} />
      {rows && rows.length === 0 && <p>{L('この期間のキャンセル待ちはありません。', 'Nobody is waiting in this period.')}</p>}
      {rows && rows.length > 0 && (
        <table class="list" data-testid="waitlist-rows">
          <thead>
            <tr>
              <th>{L('利用日時', 'Slot')}</th>
              <th>{L('場所', 'Place')}</th>
              <th>{L('順番', 'Position')}</th>
              <th>{L('受付番号', 'Receipt')}</th>
              <th>{L('氏名', 'Name')}</th>
              <th>{L('状態', 'Status')}</th>
              <th>{L('繰上げの確定期限', 'Offer expires')}</th>
              <th>{L('登録日時', 'Joined')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.receiptNo}>
                <td>{isoLocal(r.start)}</td>
                <td>{L(r.resourceTitle.ja, r.resourceTitle.en)}</td>
                <td>{r.position ?? L('（繰上げ中）', '(offered)')}</td>
                <td>
                  <a href={href('booking', r.receiptNo)}>{r.receiptNo}</a>
                </td>
                <td>{r.name ?? ''}</td>
                <td>{isBookingStatus(r.status) ? statusLabel(r.status, lang.value) : r.status}</td>
                <td>{r.offerExpiresAt ? isoLocal(r.offerExpiresAt) : ''}</td>
                <td>{isoLocal(r.joinedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
