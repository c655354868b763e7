// Choosing a slot for a proxy booking or a move: a date with day navigation and
// the slots of that day per place, with places left. Staff see every state; only
// open slots (or full ones, with the capacity override) can be chosen.
import { useEffect, useState } from 'preact/hooks';
import { api, L, qs } from '../api';
import { addDays, dateLabel, ErrorBox } from './ui';
import type { SlotAvailability } from '../../engine/schedule/availability';

export interface SlotChoice {
  resource: string;
  start: string;
}
// The availability API's own row type (type-only: nothing of the server is bundled).
type Slot = SlotAvailability;

const STATUS: Record<string, [string, string]> = {
  open: ['受付中', 'Open'],
  full: ['満員', 'Full'],
  closed: ['休', 'Closed'],
  'not-open-yet': ['受付前', 'Not open yet'],
  past: ['受付終了', 'Closed for booking'],
};

export function SlotPicker(props: { service: string; resources: { id: string; title: string }[]; date: string; onDate: (d: string) => void; value?: SlotChoice; onPick: (s: SlotChoice) => void; allowFull: boolean }) {
  const [slots, setSlots] = useState<Slot[]>([]);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<{ slots: Slot[] }>('GET', `/services/${props.service}/availability${qs({ from: props.date, to: props.date })}`)
      .then((r) => (setSlots(r.slots), setError(null)))
      .catch(setError);
  }, [props.service, props.date]);
  const times = [...new Set(slots.map((s) => s.start.slice(11, 16)))].sort();
  return (
    <div class="slot-picker">
      <div class="daynav">
        <button type="button" onClick={() => props.onDate(addDays(props.date, -1))}>
          {L('<前日', '< Prev')}
        </button>
        <input type="date" aria-label={L('予約日', 'Date')} value={props.date} onInput={(e) => (e.target as HTMLInputElement).value && props.onDate((e.target as HTMLInputElement).value)} />
        <strong>{dateLabel(props.date)}</strong>
        <button type="button" onClick={() => props.onDate(addDays(props.date, 1))}>
          {L('翌日>', 'Next >')}
        </button>
      </div>
      <ErrorBox error={error} />
      {times.length === 0 ? (
        <p>{L('この日の受付枠はありません。', 'No slots on this day.')}</p>
      ) : (
        <table class="grid slots">
          <thead>
            <tr>
              <th>{L('時刻', 'Time')}</th>
              {props.resources.map((r) => (
                <th key={r.id}>{r.title}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {times.map((t) => (
              <tr key={t}>
                <th>{t}</th>
                {props.resources.map((r) => {
                  const s = slots.find((x) => x.resource === r.id && x.start.slice(11, 16) === t);
                  if (!s) return <td key={r.id}>-</td>;
                  const pickable = s.status === 'open' || (s.status === 'full' && props.allowFull);
                  const chosen = props.value?.resource === s.resource && props.value.start === s.start;
                  const [ja, en] = STATUS[s.status] ?? [s.status, s.status];
                  return (
                    <td key={r.id} class={chosen ? 'chosen' : ''}>
                      <button type="button" disabled={!pickable} aria-pressed={chosen} onClick={() => props.onPick({ resource: s.resource, start: s.start })}>
                        {s.status === 'open' ? L(`空${s.remaining}`, `${s.remaining} left`) : L(ja, en)}
                      </button>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
