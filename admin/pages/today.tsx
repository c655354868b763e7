// 今日の来店者一覧: resources × times with places left; day and week navigation;
// a cell opens its bookings, where a visitor can be checked in directly and the
// service's declared check-in items (e.g. 住基カード回収) recorded in the row.
import { useEffect, useState } from 'preact/hooks';
import { api, L, qs } from '../api';
import { addDays, dateLabel, ErrorBox, phoneText, STATUS_LABEL } from '../components/ui';
import { go, href, route } from '../router';
import { me } from '../session';
import type { GridCell } from '../../engine/staff/grid';
import { isBookingStatus, isVisitable } from '../../engine/booking/status';
import type { CheckinItem } from '../../blocks/service/block';
import type { CheckinValue } from '../../engine/staff/visits';
import { CheckinField } from '../components/checkin-field';

// The API's own cell type (type-only: nothing of the server is bundled).
type Cell = GridCell;
interface Grid {
  date: string;
  service: string;
  resources: { id: string; title: string; titleEn: string }[];
  times: string[];
  cells: Cell[];
}
interface Row {
  receiptNo: string;
  status: string;
  cells: Record<string, string | number | null>;
  checkin: Record<string, CheckinValue>;
}

export function TodayPage() {
  const m = me.value!;
  const q = route.value.query;
  const service = q.service ?? m.services[0]?.id ?? '';
  const date = q.date ?? m.today;
  const [grid, setGrid] = useState<Grid | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [open, setOpen] = useState<Cell | null>(null);
  const [rows, setRows] = useState<Row[]>([]);
  const [items, setItems] = useState<readonly CheckinItem[]>([]);
  const load = () =>
    api<Grid>('GET', `/grid${qs({ service, date })}`)
      .then((g) => (setGrid(g), setError(null)))
      .catch(setError);
  useEffect(() => {
    setOpen(null);
    void load();
  }, [service, date]);
  useEffect(() => {
    void api<{ services: { id: string; checkin: { items: CheckinItem[] } }[] }>('GET', '/services')
      .then((r) => setItems(r.services.find((s) => s.id === service)?.checkin.items ?? []))
      .catch(setError);
  }, [service]);
  const nav = (d: string) => go('today', undefined, { service, date: d });
  // Errors of the open cell are shown in its panel, where the clerk clicked.
  const [cellError, setCellError] = useState<unknown>(null);
  const openCell = async (c: Cell, keepError = false) => {
    setOpen(c);
    if (!keepError) setCellError(null);
    try {
      const r = await api<{ rows: Row[] }>('GET', `/bookings${qs({ service, resource: c.resource, start: c.start, status: 'all', columns: 'receiptNo,status,time,a.name,a.phone,visit' })}`);
      setRows(r.rows);
    } catch (e) {
      setCellError(e);
    }
  };
  const checkIn = async (receiptNo: string) => {
    let failed = false;
    try {
      await api('PUT', `/bookings/${receiptNo}/visit`, { visited: true });
      setCellError(null);
    } catch (e) {
      failed = true;
      setCellError(e);
    }
    if (open) await openCell(open, failed);
    await load();
  };
  const setItem = async (receiptNo: string, id: string, value: CheckinValue) => {
    let failed = false;
    try {
      await api('PUT', `/bookings/${receiptNo}/visit`, { items: { [id]: value === '' ? null : value } });
    } catch (e) {
      failed = true;
      setCellError(e);
    }
    if (open) await openCell(open, failed);
  };
  return (
    <section>
      <h1>{L('来店者一覧', 'Visitors')}</h1>
      <div class="toolbar">
        <label>
          {L('サービス', 'Service')}{' '}
          <select value={service} onChange={(e) => go('today', undefined, { service: (e.target as HTMLSelectElement).value, date })}>
            {m.services.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
        </label>
        <strong class="date" data-testid="grid-date">
          {dateLabel(date)}
        </strong>
      </div>
      <div class="daynav" role="group" aria-label={L('日付の移動', 'Move date')}>
        <button onClick={() => nav(addDays(date, -7))}>{L('<<1週間前', '<< 1 week')}</button>
        <button onClick={() => nav(addDays(date, -1))}>{L('<1日前', '< 1 day')}</button>
        <button onClick={() => nav(m.today)}>{L('本日', 'Today')}</button>
        <button onClick={() => nav(addDays(date, 1))}>{L('1日後>', '1 day >')}</button>
        <button onClick={() => nav(addDays(date, 7))}>{L('1週間後>>', '1 week >>')}</button>
        <label class="inline">
          {L('日付を指定', 'Go to date')}{' '}
          <input type="date" data-testid="grid-date-picker" value={date} onChange={(e) => (e.target as HTMLInputElement).value && nav((e.target as HTMLInputElement).value)} />
        </label>
      </div>
      <ErrorBox error={error} />
      {grid && grid.times.length === 0 && <p>{L('この日の受付枠はありません。', 'No slots on this day.')}</p>}
      {grid && grid.times.length > 0 && (
        <table class="grid" data-testid="day-grid">
          <thead>
            <tr>
              <th scope="col">{L('時刻', 'Time')}</th>
              {grid.resources.map((r) => (
                <th scope="col" key={r.id}>
                  {L(r.title, r.titleEn)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {grid.times.map((t) => (
              <tr key={t}>
                <th scope="row">{t}</th>
                {grid.resources.map((r) => {
                  const c = grid.cells.find((x) => x.resource === r.id && x.time === t);
                  if (!c) return <td key={r.id} class="none">-</td>;
                  if (c.status === 'closed') return <td key={r.id} class="closed">{c.note ?? L('休館', 'Closed')}</td>;
                  return (
                    <td key={r.id} class={`cell ${c.remaining === 0 ? 'full' : ''}`}>
                      <button type="button" onClick={() => openCell(c)} aria-label={`${L(r.title, r.titleEn)} ${t}`}>
                        <span class="remain">{L(`空${c.remaining}`, `${c.remaining} left`)}</span>
                        <span class="booked">
                          {L(`予約${c.booked}`, `${c.booked} booked`)}
                          {c.visited > 0 && L(` 来場${c.visited}`, ` ${c.visited} in`)}
                        </span>
                      </button>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {open && (
        <div class="panel" data-testid="cell-bookings">
          <h2>
            {grid?.resources.find((r) => r.id === open.resource)?.title} {open.time} {L('の予約', 'bookings')}
          </h2>
          <ErrorBox error={cellError} />
          {rows.length === 0 && <p>{L('予約はありません。', 'No bookings.')}</p>}
          <table class="list">
            <tbody>
              {rows.map((r) => (
                <tr key={r.receiptNo} class={r.status}>
                  <td>
                    <a href={href('booking', r.receiptNo)}>{L(`受付番号 ${r.receiptNo}`, `No. ${r.receiptNo}`)}</a>
                  </td>
                  <td>{r.cells['a.name']}</td>
                  <td>{phoneText(r.cells['a.phone'])}</td>
                  <td>{isBookingStatus(r.status) && !isVisitable(r.status) ? STATUS_LABEL(r.status) : r.cells.visit ?? L('未来場', 'Not yet')}</td>
                  {items.map((item) => (
                    <td key={item.id} class="checkin-item">
                      {isBookingStatus(r.status) && isVisitable(r.status) && <CheckinField item={item} value={r.checkin[item.id]} onChange={(v) => setItem(r.receiptNo, item.id, v)} idPrefix={`today-${r.receiptNo}`} compact />}
                    </td>
                  ))}
                  <td>
                    {isBookingStatus(r.status) && isVisitable(r.status) && !r.cells.visit && (
                      <button type="button" onClick={() => checkIn(r.receiptNo)}>
                        {L('来場', 'Check in')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <a class="button" href={href('proxy', undefined, { service, start: open.start, resource: open.resource })}>
            {L('この枠に代理予約', 'Book this slot for a caller')}
          </a>
        </div>
      )}
    </section>
  );
}
