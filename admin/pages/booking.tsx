// Booking detail: what was booked and answered, 来場 / the service's check-in items / 対応内容,
// change and cancel on the resident's behalf, staff messages and their delivery
// log, and the booking's history.
import { useEffect, useState } from 'preact/hooks';
import { api, L, type Issue, ApiError } from '../api';
import { StaffForm, type Answers, type FormFieldDef } from '../components/form-fields';
import { SlotPicker, type SlotChoice } from '../components/slot-picker';
import { actorText, epochLocal, ErrorBox, isoLocal, phoneText, STATUS_LABEL, actionLabel, detailsText, epochJa } from '../components/ui';
import { href, route } from '../router';
import { me } from '../session';
import { isChangeable, isVisitable, type BookingStatus } from '../../engine/booking/status';
import type { CheckinItem } from '../../blocks/service/block';
import type { CheckinValue } from '../../engine/staff/visits';
import { CheckinField } from '../components/checkin-field';
import { FeePanel } from './fee-panel';

interface Detail {
  receiptNo: string;
  bundle?: { receiptNo: string; slots: { receiptNo: string; status: BookingStatus; resourceTitle: string; start: string; end: string }[] };
  status: BookingStatus;
  service: string;
  serviceTitle: string;
  resource: string;
  resourceTitle: string;
  start: string;
  end: string;
  seats: number;
  seatsCounted: boolean;
  channel: string;
  answers: Answers;
  answerList: { id: string; label: string; value: string | number | null; phone?: true; mapUrl?: string }[];
  createdAt: string;
  updatedAt: string;
  visit: { status: 'visited' | 'no-show' | null; visitedAt: number | null; items: Record<string, CheckinValue>; note: string };
  checkinItems: readonly CheckinItem[];
  member: { id: string; memberNo: string; name: string | null; phone: string | null; accountType: string } | null;
  history: { at: number; action: string; actorType: string; actorId: string | null; details: Record<string, unknown> }[];
  deliveries: { id: number; eventTitle: string; channel: string; recipient: string | null; statusLabel: string; reasonText: string | null; dueAt: string; subject: string; purgedAt: string | null }[];
}
interface ServiceDef {
  id: string;
  resources: { id: string; title: string }[];
  form: { fields: FormFieldDef[] };
}

export function BookingPage() {
  const receiptNo = route.value.arg ?? '';
  const m = me.value!;
  const [d, setD] = useState<Detail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState('');
  const load = () => api<Detail>('GET', `/bookings/${encodeURIComponent(receiptNo)}`).then(setD).catch(setError);
  useEffect(() => void load(), [receiptNo]);
  if (!d) return <ErrorBox error={error} />;
  const visitLabel = d.visit.status === 'visited' ? L(`来場済（${epochLocal(d.visit.visitedAt, m.tenant.timeZone).slice(11)}）`, `Visited (${epochLocal(d.visit.visitedAt, m.tenant.timeZone).slice(11)})`) : d.visit.status === 'no-show' ? L('不来場', 'No-show') : L('未来場', 'Not yet');
  return (
    <section class="booking">
      <h1>
        {L(`受付番号 ${d.receiptNo}`, `Booking ${d.receiptNo}`)} <span class={`badge ${d.status}`}>{STATUS_LABEL(d.status)}</span>{' '}
        <span class={`badge visit-${d.visit.status ?? 'none'}`} data-testid="visit-status">
          {visitLabel}
        </span>
      </h1>
      {saved && <p class="ok" role="status">{saved}</p>}
      <ErrorBox error={error} />
      <div class="columns2">
        <table class="kv">
          <tbody>
            <tr><th>{L('サービス', 'Service')}</th><td>{d.serviceTitle}</td></tr>
            <tr><th>{L('場所', 'Place')}</th><td>{d.resourceTitle}</td></tr>
            <tr><th>{L('日時', 'When')}</th><td>{isoLocal(d.start)}〜{d.end.slice(11, 16)}</td></tr>
            {d.bundle && (
              <tr>
                <th>{L('一括予約', 'Booked together')}</th>
                <td data-testid="bundle">
                  {L(`受付番号 ${d.bundle.receiptNo} の${d.bundle.slots.length}枠`, `${d.bundle.slots.length} slots under ${d.bundle.receiptNo}`)}
                  <ul>
                    {d.bundle.slots.map((b) => (
                      <li key={b.receiptNo}>
                        {b.receiptNo === d.receiptNo ? <strong>{b.receiptNo}</strong> : <a href={href('booking', b.receiptNo)}>{b.receiptNo}</a>} {isoLocal(b.start)}〜{b.end.slice(11, 16)} {b.resourceTitle}{' '}
                        <span class={`badge ${b.status}`}>{STATUS_LABEL(b.status)}</span>
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            )}
            {/* A service without a seatsField books one place: a 人数 1 beside 利用人数 25 would mislead. */}
            {d.seatsCounted && <tr><th>{L('人数', 'People')}</th><td>{d.seats}</td></tr>}
            <tr><th>{L('会員', 'Member')}</th><td>{d.member ? <a href={href('member', d.member.id)}>{d.member.memberNo} {d.member.name}</a> : L('会員以外', 'Not a member')}</td></tr>
            <tr><th>{L('受付経路', 'Channel')}</th><td>{d.channel === 'staff' ? L('職員（代理予約）', 'Staff') : d.channel === 'web' ? 'Web' : d.channel}</td></tr>
            <tr><th>{L('申込日時', 'Applied')}</th><td>{isoLocal(d.createdAt)}</td></tr>
            <tr><th>{L('更新日時', 'Updated')}</th><td>{isoLocal(d.updatedAt)}</td></tr>
            {d.answerList.map((a) => (
              <tr key={a.id}>
                <th>{a.label}</th>
                <td>
                  {a.value === null ? '—' : a.phone ? phoneText(a.value) : a.value}
                  {a.mapUrl && (
                    <>
                      {' '}
                      <a href={a.mapUrl} target="_blank" rel="noopener noreferrer" data-testid={`map-${a.id}`}>
                        {L('地図で開く', 'Open map')}
                      </a>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {isVisitable(d.status) && <VisitPanel key={JSON.stringify(d.visit)} d={d} onSaved={(msg) => (setSaved(msg), load())} />}
      </div>
      <FeePanel receiptNo={d.receiptNo} onPaid={(msg) => (setSaved(msg), load())} />
      {isChangeable(d.status) && <ChangePanel d={d} onDone={(msg) => (setSaved(msg), load())} />}
      <MessagePanel d={d} onSent={(msg) => (setSaved(msg), load())} />
      <h2>{L('履歴', 'History')}</h2>
      <table class="list">
        <tbody>
          {d.history.map((h, i) => (
            <tr key={i}>
              <td>{epochJa(h.at, m.tenant.timeZone)}</td>
              <td title={h.action}>{actionLabel(h.action)}</td>
              <td>{actorText(h.actorType, h.actorId)}</td>
              <td>{detailsText(h.details, m.tenant.timeZone, { service: { [d.service]: d.serviceTitle }, resource: { [d.resource]: d.resourceTitle }, itemsChanged: Object.fromEntries(d.checkinItems.map((x) => [x.id, x.label])) })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function VisitPanel({ d, onSaved }: { d: Detail; onSaved: (msg: string) => void }) {
  const [visited, setVisited] = useState(d.visit.status === 'visited');
  const [items, setItems] = useState<Record<string, CheckinValue>>(d.visit.items);
  const [note, setNote] = useState(d.visit.note);
  const [error, setError] = useState<unknown>(null);
  // Every declared item is sent, so an unticked box or an emptied field clears what was recorded.
  const itemPatch = () => Object.fromEntries(d.checkinItems.map((i) => [i.id, i.type === 'boolean' ? items[i.id] === true : items[i.id] || null]));
  const save = async (patch: Record<string, unknown>) => {
    setError(null);
    try {
      await api('PUT', `/bookings/${d.receiptNo}/visit`, patch);
      onSaved(L('来場情報を保存しました。', 'Visit saved.'));
    } catch (e) {
      setError(e);
    }
  };
  return (
    <form class="panel visit" onSubmit={(e) => (e.preventDefault(), save({ visited, items: itemPatch(), note }))}>
      <h2>{L('来場受付', 'Check-in')}</h2>
      {d.visit.status !== 'visited' && (
        <button type="button" class="primary big" onClick={() => save({ visited: true, items: itemPatch(), note })}>
          {L('来場を記録', 'Check in')}
        </button>
      )}
      <label class="choice">
        <input type="checkbox" checked={visited} onChange={(e) => setVisited((e.target as HTMLInputElement).checked)} />
        {L('来場', 'Visited')}
      </label>
      {d.checkinItems.map((item) => (
        <CheckinField key={item.id} item={item} value={items[item.id]} onChange={(v) => setItems({ ...items, [item.id]: v })} />
      ))}
      <label for="visit-note">{L('対応内容', 'Desk note')}</label>
      <textarea id="visit-note" value={note} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} />
      <ErrorBox error={error} />
      <button type="submit">{L('保存', 'Save')}</button>
    </form>
  );
}

function ChangePanel({ d, onDone }: { d: Detail; onDone: (msg: string) => void }) {
  const m = me.value!;
  const [open, setOpen] = useState(false);
  const [svc, setSvc] = useState<ServiceDef | null>(null);
  const [date, setDate] = useState(d.start.slice(0, 10));
  const [slot, setSlot] = useState<SlotChoice | undefined>();
  const [answers, setAnswers] = useState<Answers>(d.answers);
  const [override, setOverride] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const issues: Issue[] = error instanceof ApiError ? error.issues : [];
  useEffect(() => {
    if (open && !svc) void api<{ services: ServiceDef[] }>('GET', '/services').then((r) => setSvc(r.services.find((s) => s.id === d.service) ?? null));
  }, [open]);
  const change = async () => {
    if (!confirm(L('この内容で変更しますか？', 'Change this booking?'))) return;
    try {
      await api('PATCH', `/bookings/${d.receiptNo}`, { answers, ...(slot ? slot : {}), ...(override ? { overrideCapacity: true } : {}) });
      setOpen(false);
      onDone(L('予約を変更しました。', 'Booking changed.'));
    } catch (e) {
      setError(e);
    }
  };
  const cancel = async () => {
    if (!confirm(L('この予約を取り消しますか？ 取り消すと枠が空きます。', 'Cancel this booking? Its place is given back.'))) return;
    try {
      await api('POST', `/bookings/${d.receiptNo}/cancel`, { reason });
      onDone(L('予約を取り消しました。', 'Booking cancelled.'));
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div class="panel">
      <h2>{L('変更・取消', 'Change or cancel')}</h2>
      {!open && (
        <button type="button" onClick={() => setOpen(true)}>
          {L('変更画面へ', 'Change…')}
        </button>
      )}
      {open && svc && (
        <div>
          <SlotPicker service={d.service} resources={svc.resources} date={date} onDate={setDate} value={slot} onPick={setSlot} allowFull={override} />
          {m.can.overrideCapacity && (
            <label class="choice warn">
              <input type="checkbox" checked={override} onChange={(e) => setOverride((e.target as HTMLInputElement).checked)} />
              {L('定員を超えて予約する（記録されます）', 'Exceed capacity (recorded)')}
            </label>
          )}
          <StaffForm fields={svc.form.fields} answers={answers} onChange={setAnswers} issues={issues} />
          <button type="button" class="primary" onClick={change}>
            {L('変更する', 'Change')}
          </button>
        </div>
      )}
      <div class="cancel">
        <label for="cancel-reason">{L('取消理由（任意）', 'Reason (optional)')}</label>
        <input id="cancel-reason" value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
        <button type="button" class="danger" onClick={cancel}>
          {L('取消する', 'Cancel booking')}
        </button>
      </div>
      <ErrorBox error={error} />
    </div>
  );
}

function MessagePanel({ d, onSent }: { d: Detail; onSent: (msg: string) => void }) {
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [error, setError] = useState<unknown>(null);
  const send = async (e: Event) => {
    e.preventDefault();
    try {
      await api('POST', `/bookings/${d.receiptNo}/messages`, { subject, body });
      setSubject('');
      setBody('');
      onSent(L('メッセージを送信待ちにしました。', 'Message queued.'));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div class="panel">
      <h2>{L('利用者へのメッセージ', 'Message to the resident')}</h2>
      <form onSubmit={send}>
        <label for="msg-subject">{L('件名', 'Subject')}</label>
        <input id="msg-subject" value={subject} onInput={(e) => setSubject((e.target as HTMLInputElement).value)} />
        <label for="msg-body">{L('本文', 'Text')}</label>
        <textarea id="msg-body" value={body} onInput={(e) => setBody((e.target as HTMLTextAreaElement).value)} />
        <ErrorBox error={error} />
        <button type="submit">{L('送信', 'Send')}</button>
      </form>
      <h3>{L('通知の送信記録', 'Deliveries')}</h3>
      {d.deliveries.length === 0 ? (
        <p>{L('通知はありません。', 'No notifications.')}</p>
      ) : (
        <table class="list">
          <tbody>
            {d.deliveries.map((x) => (
              <tr key={x.id}>
                <td>{isoLocal(x.dueAt)}</td>
                <td>{x.eventTitle}</td>
                <td>{x.channel}</td>
                <td>{x.statusLabel}</td>
                <td>{x.reasonText ?? ''}</td>
                <td>{x.purgedAt ? L('（保存期間を過ぎたため本文と宛先を削除しました）', '(text and recipient removed after the retention period)') : x.subject}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
