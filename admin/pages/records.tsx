// 交付進捗管理: records of a record type by state and keyword, a record's history with
// its transitions and undo (取消). The API is blocks/record/routes.ts.
import { useEffect, useState } from 'preact/hooks';
import { api, download, L, qs } from '../api';
import { ErrorBox } from '../components/ui';
import { go, href, route } from '../router';

interface Input { id: string; label: string; labelEn?: string; required?: boolean; options?: string[] }
interface RecordType {
  id: string;
  title: string;
  titleEn: string;
  fields: { id: string; label: string; labelEn?: string }[];
  states: { id: string; label: string; labelEn?: string }[];
  transitions: { from: string[]; to: string; label: string; labelEn: string; inputs: Input[] }[];
}
interface Rec { id: string; key: string; fields: Record<string, string>; state: string; stateLabel: string; linkCode: string | null; updatedAt: string }
interface Entry { id: number; at: string; fromLabel: string; toLabel: string; operator: string; inputs: Record<string, string>; note: string | null; reverses: number | null; reversedBy: number | null }

const local = (iso: string) => new Date(iso).toLocaleString('sv-SE', { timeZone: 'Asia/Tokyo' }).slice(0, 16);

function useTypes() {
  const [types, setTypes] = useState<RecordType[]>([]);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => void api<{ types: RecordType[] }>('GET', '/records').then((x) => setTypes(x.types), setError), []);
  return { types, error };
}

export function RecordsPage() {
  const { types, error } = useTypes();
  const q = route.value.query;
  const type = types.find((x) => x.id === q.type) ?? types[0];
  const [list, setList] = useState<{ records: Rec[]; total: number } | null>(null);
  const [err, setErr] = useState<unknown>(null);
  useEffect(() => {
    if (type) api<{ records: Rec[]; total: number }>('GET', `/records/${type.id}${qs({ state: q.state, q: q.q })}`).then(setList, setErr);
  }, [type?.id, q.state, q.q]);
  if (!type) return <ErrorBox error={error} />;
  const search = (e: Event) => {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    go('records', undefined, { type: type.id, state: String(f.get('state') ?? ''), q: String(f.get('q') ?? '') });
  };
  return (
    <section>
      <h1>{L(`${type.title} 進捗管理`, `${type.titleEn} progress`)}</h1>
      <ErrorBox error={error ?? err} />
      <form class="panel" onSubmit={search}>
        <label>
          {L('進捗状況', 'State')}{' '}
          <select name="state" value={q.state ?? ''}>
            <option value="">{L('すべて', 'All')}</option>
            {type.states.map((s) => (
              <option value={s.id}>{L(s.label, s.labelEn ?? s.label)}</option>
            ))}
          </select>
        </label>{' '}
        <label>
          {L('キーワード', 'Keyword')} <input name="q" value={q.q ?? ''} />
        </label>{' '}
        <button type="submit">{L('検索', 'Search')}</button>{' '}
        <button type="button" onClick={() => void download(`/records/${type.id}/export.csv${qs({ state: q.state, q: q.q })}`)}>
          {L('CSV出力', 'Export CSV')}
        </button>
      </form>
      {list && (
        <>
          <p>{L(`${list.total}件`, `${list.total} records`)}</p>
          <table class="list">
            <thead>
              <tr>
                {type.fields.slice(0, 3).map((f) => (
                  <th>{L(f.label, f.labelEn ?? f.label)}</th>
                ))}
                <th>{L('進捗状況', 'State')}</th>
                <th>{L('更新日時', 'Updated')}</th>
              </tr>
            </thead>
            <tbody>
              {list.records.map((r) => (
                <tr>
                  {type.fields.slice(0, 3).map((f, i) => (
                    <td>{i === 0 ? <a href={href('record', r.id, { type: type.id })}>{r.fields[f.id] ?? r.key}</a> : r.fields[f.id] ?? ''}</td>
                  ))}
                  <td>{r.stateLabel}</td>
                  <td>{local(r.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

export function RecordPage() {
  const { types, error } = useTypes();
  const id = route.value.arg ?? '';
  const type = types.find((x) => x.id === route.value.query.type) ?? types[0];
  const [d, setD] = useState<{ record: Rec; history: Entry[] } | null>(null);
  const [err, setErr] = useState<unknown>(null);
  const [inputs, setInputs] = useState<Record<string, string>>({});
  const load = () => type && api<{ record: Rec; history: Entry[] }>('GET', `/records/${type.id}/${encodeURIComponent(id)}/history`).then(setD, setErr);
  useEffect(() => void load(), [type?.id, id]);
  if (!type || !d) return <ErrorBox error={error ?? err} />;
  const act = async (fn: () => Promise<unknown>) => {
    setErr(null);
    try {
      await fn();
      setInputs({});
      await load();
    } catch (e) {
      setErr(e);
    }
  };
  const next = type.transitions.filter((t) => t.from.includes(d.record.state));
  return (
    <section>
      <h1>
        {d.record.key} — {d.record.stateLabel}
      </h1>
      <ErrorBox error={err} />
      <table class="kv">
        {type.fields.map((f) => (d.record.fields[f.id] !== undefined ? (
          <tr>
            <th>{L(f.label, f.labelEn ?? f.label)}</th>
            <td>{d.record.fields[f.id]}</td>
          </tr>
        ) : null))}
        <tr>
          <th>{L('引換番号', 'Link code')}</th>
          <td>{d.record.linkCode ?? ''}</td>
        </tr>
      </table>
      <div class="panel">
        {next.map((t) => (
          <div>
            {t.inputs.map((i) => (
              <label>
                {L(i.label, i.labelEn ?? i.label)}{' '}
                <input value={inputs[i.id] ?? ''} onInput={(e) => setInputs({ ...inputs, [i.id]: (e.target as HTMLInputElement).value })} list={i.options ? `opt-${i.id}` : undefined} />
                {i.options && <datalist id={`opt-${i.id}`}>{i.options.map((o) => <option value={o} />)}</datalist>}{' '}
              </label>
            ))}
            <button type="button" onClick={() => void act(() => api('POST', `/records/${type.id}/${encodeURIComponent(id)}/transitions`, { to: t.to, inputs }))}>
              {L(t.label, t.labelEn)}
            </button>
          </div>
        ))}
      </div>
      <h2>{L('履歴', 'History')}</h2>
      <table class="list">
        <thead>
          <tr>
            <th>{L('日時', 'When')}</th>
            <th>{L('進捗', 'Change')}</th>
            <th>{L('操作者', 'Operator')}</th>
            <th>{L('入力・備考', 'Inputs, note')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {d.history.map((h) => (
            <tr class={h.reversedBy ? 'undone' : ''}>
              <td>{local(h.at)}</td>
              <td>
                {h.fromLabel ? `${h.fromLabel} → ` : ''}
                {h.toLabel}
                {h.reverses !== null ? L('（取消）', ' (undo)') : ''}
                {h.reversedBy !== null ? L('［取消済］', ' [undone]') : ''}
              </td>
              <td>{h.operator}</td>
              <td>{[...Object.values(h.inputs), h.note ?? ''].filter(Boolean).join(' / ')}</td>
              <td>
                {h.reverses === null && h.reversedBy === null && h.fromLabel && (
                  <button type="button" onClick={() => void act(() => api('POST', `/records/${type.id}/history/${h.id}/undo`, {}))}>
                    {L('取消', 'Undo')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
