// The preview of one service as residents will see it, compiled by the server from
// unsaved blocks (POST /preview, nothing stored): its form drawn by the resident
// runtime (inert) and a ○/×/休 grid of its first open days, dated with weekdays.
import { Field } from '../../engine/runtime/renderers';
import { L, lang } from '../api';
import { dateEn, dateJa } from './schedule';

export interface PreviewSlot {
  resource: string;
  date: string;
  start: string;
  remaining: number;
  capacity: number;
  status: string;
}

export interface Preview {
  service: { id: string; title: string };
  form: { title: string; fields: any[] };
  resources: { id: string; title: string }[];
  slots: PreviewSlot[];
}

export function PreviewPanel({ p, days = 5, form = true }: { p: Preview; days?: number; form?: boolean }) {
  const dates = [...new Set(p.slots.filter((s) => s.status !== 'closed').map((s) => s.date))].slice(0, days);
  const times = [...new Set(p.slots.filter((s) => dates.includes(s.date)).map((s) => s.start.slice(11, 16)))].sort();
  const resource = p.resources[0]?.id;
  const cell = (date: string, time: string) => {
    const s = p.slots.find((x) => x.date === date && x.start.slice(11, 16) === time && x.resource === resource);
    if (!s) return '';
    return s.status === 'closed' ? L('休', 'closed') : s.status === 'open' ? `○${s.remaining}` : '×';
  };
  return (
    <div class="b-preview-body">
      <h3>{L(`「${p.service.title}」の申込画面`, `"${p.service.title}" as residents see it`)}</h3>
      {form && (
        <fieldset disabled class="b-preview-form">
          <legend>{p.form.title}</legend>
          {p.form.fields.map((f) => (
            <Field key={f.id} f={{ ...f, id: `pv-${f.id}` }} lang={lang.value} inputs={{}} set={() => undefined} blur={() => undefined} />
          ))}
        </fieldset>
      )}
      <h3>
        {L('空き状況', 'Availability')} {p.resources[0] ? `（${p.resources[0].title}）` : ''}
      </h3>
      {dates.length === 0 ? (
        <p>{L('この先5週間に受付できる日がありません。', 'No bookable days in the next five weeks.')}</p>
      ) : (
        <div class="scroll">
          <table class="b-avail" data-testid="preview-grid">
            <caption class="visually-hidden">{L('最初の受付日の空き状況', 'Availability of the first open days')}</caption>
            <thead>
              <tr>
                <th scope="col">{L('時刻', 'Time')}</th>
                {dates.map((d) => (
                  <th key={d} scope="col">
                    {lang.value === 'en' ? dateEn(d) : dateJa(d)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {times.map((t) => (
                <tr key={t}>
                  <th scope="row">{t}</th>
                  {dates.map((d) => (
                    <td key={d}>{cell(d, t)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <small class="hint">{L('○=空きあり（残数） ×=受付不可 休=休み', '○ open (places left), × not bookable, closed')}</small>
    </div>
  );
}
