// Wizard step いつ・どこで: the place and its rooms, a recurrence chosen in words
// (毎週 / 隔週 with a weekly-hours grid, 毎月第N曜日, days clicked on a calendar),
// the slot length, holidays and the booking window; below, the next open days.
import { useState } from 'preact/hooks';
import { L, lang } from '../api';
import { Check, NumberField, problemAt, Radios, TextField, TimeField, type Problem } from './controls';
import { addDays, dateEn, dateJa, describeDesign, designDates, weekdayOf, WEEKDAY_EN, WEEKDAY_JA, WEEKDAYS, type Repeat, type ScheduleDesign, type Weekday } from './schedule';
import { isTime, minutesOf, normalizeTime } from './typed';
import type { WizardState } from './wizard-model';

const SLOT_MINUTES = [10, 15, 20, 30, 45, 60, 90, 120, 180, 240];
const NTH = [1, 2, 3, 4, 5, -1];
const dayName = (w: Weekday) => L(`${WEEKDAY_JA[w]}曜日`, WEEKDAY_EN[w]);

export function WhenStep({ s, set, problems, today }: { s: WizardState; set(p: Partial<WizardState>): void; problems: Problem[]; today: string }) {
  const d = s.schedule;
  const setD = (p: Partial<ScheduleDesign>) => set({ schedule: { ...d, ...p } });
  const at = (w: string) => problemAt(problems, w);
  const next = designDates(normalized(d), today, addDays(today, 120)).slice(0, 6);
  const perDay = (open: string, close: string) => (isTime(open) && isTime(close) && minutesOf(close) > minutesOf(open) ? Math.floor((minutesOf(close) - minutesOf(open)) / s.slotMinutes) : 0);
  return (
    <>
      <section class="panel">
        <h3>{L('どこで', 'Where')}</h3>
        <TextField id="wz-place" label={L('場所（建物・施設の名前）', 'Place')} required value={s.place} onValue={(v) => set({ place: v })} error={at('wz-place')} placeholder={L('例: 保健センター', 'e.g. Health centre')} />
        <fieldset class="rooms">
          <legend>{L('受け付ける窓口・部屋', 'Counters or rooms')}</legend>
          <small class="hint">{L('同じ時間に別々に予約を受ける窓口や部屋が複数あるときは追加してください。空欄なら場所の名前を使います。', 'Add one per counter or room taking bookings at the same time; blank uses the place name.')}</small>
          {s.rooms.map((r, i) => (
            <div class="inline" key={i}>
              <TextField id={`wz-room-${i}`} label={L(`窓口・部屋${i + 1}`, `Room ${i + 1}`)} value={r} onValue={(v) => set({ rooms: s.rooms.map((x, j) => (j === i ? v : x)) })} placeholder={L('例: 相談室', 'e.g. Room 1')} error={at(`wz-room-${i}`)} />
              {s.rooms.length > 1 && (
                <button type="button" onClick={() => set({ rooms: s.rooms.filter((_, j) => j !== i) })} aria-label={L(`窓口・部屋${i + 1}を削除`, `Remove room ${i + 1}`)}>
                  {L('削除', 'Remove')}
                </button>
              )}
            </div>
          ))}
          <button type="button" onClick={() => set({ rooms: [...s.rooms, ''] })}>
            ＋ {L('窓口・部屋を追加', 'Add a room')}
          </button>
        </fieldset>
      </section>

      <section class="panel">
        <h3>{L('いつ', 'When')}</h3>
        <Radios<Repeat>
          name="wz-repeat"
          legend={L('受け付ける日', 'Open days')}
          value={d.repeat}
          onValue={(repeat) => setD({ repeat })}
          options={[
            { value: 'weekly', label: L('毎週', 'Every week') },
            { value: 'biweekly', label: L('隔週', 'Every other week') },
            { value: 'monthly', label: L('毎月第N曜日', 'Nth weekday of each month'), hint: L('（例: 毎月第2・第4水曜日）', '(e.g. 2nd and 4th Wednesday)') },
            { value: 'dates', label: L('特定の日付（カレンダーでクリック）', 'Chosen dates (click on a calendar)') },
          ]}
        />
        {(d.repeat === 'weekly' || d.repeat === 'biweekly') && <WeekGrid d={d} setD={setD} problems={problems} />}
        {d.repeat === 'biweekly' && (
          <div class={`field${at('wz-firstWeek') ? ' invalid' : ''}`}>
            <label for="wz-firstWeek">{L('最初の週（この日を含む週から隔週）', 'First week (the week of this day)')}</label>
            <input type="date" id="wz-firstWeek" value={d.firstWeek} onChange={(e) => setD({ firstWeek: (e.currentTarget as HTMLInputElement).value })} aria-describedby={at('wz-firstWeek') ? 'wz-firstWeek-err' : undefined} />
            {at('wz-firstWeek') && (
              <p class="error-text" id="wz-firstWeek-err">
                {at('wz-firstWeek')}
              </p>
            )}
          </div>
        )}
        {d.repeat === 'monthly' && (
          <div class="monthly">
            <fieldset class={at('wz-nth') ? 'invalid' : ''}>
              <legend>{L('第何週', 'Which weeks')}</legend>
              {NTH.map((n, i) => (
                <span class="choice" key={n}>
                  <input type="checkbox" id={i === 0 ? 'wz-nth' : `wz-nth-${n}`} checked={d.nth.includes(n)} onChange={(e) => setD({ nth: (e.currentTarget as HTMLInputElement).checked ? [...d.nth, n] : d.nth.filter((x) => x !== n) })} />
                  <label for={i === 0 ? 'wz-nth' : `wz-nth-${n}`}>{n < 0 ? L('最終', 'Last') : L(`第${n}`, `${n}${['st', 'nd', 'rd'][n - 1] ?? 'th'}`)}</label>
                </span>
              ))}
              {at('wz-nth') && <p class="error-text">{at('wz-nth')}</p>}
            </fieldset>
            <fieldset class={at('wz-nthDays') ? 'invalid' : ''}>
              <legend>{L('曜日', 'Weekdays')}</legend>
              {WEEKDAYS.map((w, i) => (
                <span class="choice" key={w}>
                  <input type="checkbox" id={i === 0 ? 'wz-nthDays' : `wz-nthDays-${w}`} checked={d.nthDays.includes(w)} onChange={(e) => setD({ nthDays: (e.currentTarget as HTMLInputElement).checked ? [...d.nthDays, w] : d.nthDays.filter((x) => x !== w) })} />
                  <label for={i === 0 ? 'wz-nthDays' : `wz-nthDays-${w}`}>{dayName(w)}</label>
                </span>
              ))}
              {at('wz-nthDays') && <p class="error-text">{at('wz-nthDays')}</p>}
            </fieldset>
          </div>
        )}
        {d.repeat === 'dates' && <DatePicker d={d} setD={setD} today={today} error={at('wz-dates')} />}
        {(d.repeat === 'monthly' || d.repeat === 'dates') && (
          <fieldset class="hours">
            <legend>{L('受付時間', 'Hours')}</legend>
            <TimeField id="wz-hours-open" label={L('開始', 'From')} value={d.open} onValue={(open) => setD({ open })} error={at('wz-hours-open')} />
            <span aria-hidden="true">〜</span>
            <TimeField id="wz-hours-close" label={L('終了', 'To')} value={d.close} onValue={(close) => setD({ close })} error={at('wz-hours-close')} />
          </fieldset>
        )}
        <div class="field">
          <label for="wz-slot">{L('1回の予約の長さ（1枠）', 'Length of one booking (slot)')}</label>
          <select id="wz-slot" value={String(s.slotMinutes)} onChange={(e) => set({ slotMinutes: Number((e.currentTarget as HTMLSelectElement).value) })}>
            {SLOT_MINUTES.map((m) => (
              <option key={m} value={m}>
                {m < 60 || m % 60 ? L(`${m}分`, `${m} min`) : L(`${m / 60}時間`, `${m / 60} h`)}
              </option>
            ))}
          </select>
        </div>
        <Check id="wz-holidays" label={L('祝日は休み', 'Closed on national holidays')} checked={s.holidaysClosed} onValue={(v) => set({ holidaysClosed: v })} />
        <div class="summary-box" aria-live="polite" data-testid="when-summary">
          <p>
            <strong>{describeDesign(normalized(d)) || L('（まだ決まっていません）', '(not set yet)')}</strong>
          </p>
          {next.length > 0 && (
            <p>
              {L('次の受付日: ', 'Next open days: ')}
              {next.map((x) => `${lang.value === 'en' ? dateEn(x.date) : dateJa(x.date)}（${perDay(x.open, x.close)}${L('枠', ' slots')}）`).join(L('、', ', '))}
              {s.holidaysClosed && L('（祝日を除く）', ' (except holidays)')}
            </p>
          )}
        </div>
      </section>

      <section class="panel">
        <h3>{L('受付期間', 'Booking window')}</h3>
        <div class="inline">
          <NumberField id="wz-opensDaysBefore" inline label={L('利用日の何日前から受け付けますか', 'Opens how many days before')} unit={L('日前の', 'days before, at')} value={s.opensDaysBefore} example="30" error={at('wz-opensDaysBefore')} onValue={(v) => set({ opensDaysBefore: v })} />
          <TimeField id="wz-opensAt" label={L('受付開始の時刻', 'Opening time')} value={s.opensAt} onValue={(v) => set({ opensAt: v })} error={at('wz-opensAt')} />
        </div>
        <Radios<'dayBefore' | 'hoursBefore'>
          name="wz-closes"
          legend={L('締切', 'Closes')}
          value={s.closes}
          onValue={(closes) => set({ closes })}
          options={[
            { value: 'dayBefore', label: L('前日まで', 'The day before') },
            { value: 'hoursBefore', label: L('当日、開始の何時間か前まで', 'Some hours before the start') },
          ]}
        />
        {s.closes === 'dayBefore' ? (
          <TimeField id="wz-closesAt" label={L('前日の締切時刻', 'Closing time the day before')} value={s.closesAt} onValue={(v) => set({ closesAt: v })} error={at('wz-closesAt')} />
        ) : (
          <NumberField id="wz-closesHoursBefore" label={L('開始の何時間前まで', 'Hours before the start')} unit={L('時間前まで', 'hours before')} value={s.closesHoursBefore} example="3" error={at('wz-closesHoursBefore')} onValue={(v) => set({ closesHoursBefore: v })} />
        )}
      </section>
    </>
  );
}

/** Times as they will be saved (１３：００ → 13:00), so the summary matches. */
export function normalized(d: ScheduleDesign): ScheduleDesign {
  const t = normalizeTime;
  return {
    ...d,
    open: t(d.open),
    close: t(d.close),
    week: Object.fromEntries(WEEKDAYS.map((w) => [w, { ...d.week[w], open: t(d.week[w].open), close: t(d.week[w].close) }])) as ScheduleDesign['week'],
  };
}

function WeekGrid({ d, setD, problems }: { d: ScheduleDesign; setD(p: Partial<ScheduleDesign>): void; problems: Problem[] }) {
  const row = (w: Weekday, p: Partial<ScheduleDesign['week'][Weekday]>) => setD({ week: { ...d.week, [w]: { ...d.week[w], ...p } } });
  const first = WEEKDAYS.find((w) => d.week[w].on);
  return (
    <div class={problemAt(problems, 'wz-week') ? 'invalid' : ''}>
      <table class="week-grid" data-testid="week-grid">
        <caption>{L('曜日ごとの受付時間', 'Hours by weekday')}</caption>
        <thead>
          <tr>
            <th scope="col">{L('曜日', 'Day')}</th>
            <th scope="col">{L('開始', 'From')}</th>
            <th scope="col">{L('終了', 'To')}</th>
          </tr>
        </thead>
        <tbody>
          {WEEKDAYS.map((w, i) => (
            <tr key={w} class={d.week[w].on ? 'on' : 'off'}>
              <th scope="row">
                <span class="check">
                  <input type="checkbox" id={i === 0 ? 'wz-week' : `wz-week-${w}`} checked={d.week[w].on} onChange={(e) => row(w, { on: (e.currentTarget as HTMLInputElement).checked })} />
                  <label for={i === 0 ? 'wz-week' : `wz-week-${w}`}>{dayName(w)}</label>
                </span>
              </th>
              <td>{d.week[w].on && <TimeField id={`wz-week-${w}-open`} hideLabel label={L(`${WEEKDAY_JA[w]}曜日の開始時刻`, `${WEEKDAY_EN[w]} from`)} value={d.week[w].open} onValue={(open) => row(w, { open })} error={problemAt(problems, `wz-week-${w}-open`)} />}</td>
              <td>{d.week[w].on && <TimeField id={`wz-week-${w}-close`} hideLabel label={L(`${WEEKDAY_JA[w]}曜日の終了時刻`, `${WEEKDAY_EN[w]} to`)} value={d.week[w].close} onValue={(close) => row(w, { close })} error={problemAt(problems, `wz-week-${w}-close`)} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {problemAt(problems, 'wz-week') && <p class="error-text">{problemAt(problems, 'wz-week')}</p>}
      {first && (
        <button type="button" onClick={() => setD({ week: Object.fromEntries(WEEKDAYS.map((w) => [w, d.week[w].on ? { ...d.week[w], open: d.week[first].open, close: d.week[first].close } : d.week[w]])) as ScheduleDesign['week'] })}>
          {L(`${WEEKDAY_JA[first]}曜日の時間をほかの曜日にもそろえる`, `Use ${WEEKDAY_EN[first]}'s hours for every day`)}
        </button>
      )}
    </div>
  );
}

/** A month at a time; each day a toggle button (aria-pressed), chosen days listed below. */
function DatePicker({ d, setD, today, error }: { d: ScheduleDesign; setD(p: Partial<ScheduleDesign>): void; today: string; error?: string }) {
  const [month, setMonth] = useState(today.slice(0, 7));
  const first = `${month}-01`;
  const lead = WEEKDAYS.indexOf(weekdayOf(first));
  const days: (string | null)[] = [...Array(lead).fill(null)];
  for (let x = first; x.startsWith(month); x = addDays(x, 1)) days.push(x);
  while (days.length % 7) days.push(null);
  const shift = (n: number) => {
    const [y, m] = month.split('-').map(Number);
    const dt = new Date(Date.UTC(y!, m! - 1 + n, 1));
    setMonth(dt.toISOString().slice(0, 7));
  };
  const toggle = (x: string) => setD({ dates: d.dates.includes(x) ? d.dates.filter((y) => y !== x) : [...d.dates, x].sort() });
  const [y, m] = month.split('-').map(Number);
  return (
    <div class={`date-picker${error ? ' invalid' : ''}`}>
      <div class="inline">
        <button type="button" onClick={() => shift(-1)}>
          ← {L('前の月', 'Previous month')}
        </button>
        <h4 id="wz-month" aria-live="polite">
          {L(`${y}年${m}月`, month)}
        </h4>
        <button type="button" onClick={() => shift(1)}>
          {L('次の月', 'Next month')} →
        </button>
      </div>
      <table class="month" aria-labelledby="wz-month">
        <thead>
          <tr>
            {WEEKDAYS.map((w) => (
              <th key={w} scope="col">
                <abbr title={dayName(w)}>{L(WEEKDAY_JA[w], WEEKDAY_EN[w])}</abbr>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: days.length / 7 }, (_, r) => (
            <tr key={r}>
              {days.slice(r * 7, r * 7 + 7).map((x, c) => (
                <td key={c}>
                  {x && (
                    <button type="button" id={x === days.find(Boolean) ? 'wz-dates' : undefined} class={`day${d.dates.includes(x) ? ' chosen' : ''}`} aria-pressed={d.dates.includes(x)} aria-label={L(dateJa(x, true), dateEn(x))} disabled={x < today} onClick={() => toggle(x)}>
                      {Number(x.slice(8))}
                    </button>
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {error && <p class="error-text">{error}</p>}
      <p>
        {L('選んだ日: ', 'Chosen: ')}
        {d.dates.length ? d.dates.map((x) => (lang.value === 'en' ? dateEn(x) : dateJa(x, true))).join(L('、', ', ')) : L('なし', 'none')}
      </p>
    </div>
  );
}
