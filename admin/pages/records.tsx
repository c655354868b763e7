// 交付進捗管理: records of a record type by state and keyword, bulk actions (一括) and
// printing (labels, notices) for the ticked records or everything matching, a record's
// history with its transitions and undo (取消). The API is blocks/record/routes.ts and
// blocks/print-template/routes.ts.
import { useEffect, useState } from 'preact/hooks';
import { api, download, L, openPrint, qs } from '../api';
import { CsvImport } from '../components/csv-import';
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
  templates: { id: string; title: string; titleEn: string; layout: 'labels' | 'notice'; sheets: { id: string; title: string; titleEn: string; perSheet: number }[] }[];
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
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [reload, setReload] = useState(0);
  useEffect(() => {
    if (type) api<{ records: Rec[]; total: number }>('GET', `/records/${type.id}${qs({ state: q.state, q: q.q })}`).then(setList, setErr);
  }, [type?.id, q.state, q.q, reload]);
  useEffect(() => setSelected(new Set()), [type?.id, q.state, q.q]);
  if (!type) return <ErrorBox error={error} />;
  const search = (e: Event) => {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    go('records', undefined, { type: type.id, state: String(f.get('state') ?? ''), q: String(f.get('q') ?? '') });
  };
  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };
  const shown = list?.records ?? [];
  const allShown = shown.length > 0 && shown.every((r) => selected.has(r.id));
  // What a bulk action or a print applies to: the ticked records, or everything the search matches.
  const target = { selected: [...selected], total: list?.total ?? 0, filter: { state: q.state || undefined, q: q.q || undefined } };
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
        <button type="button" onClick={() => void download(`/records/${type.id}/export.csv${qs({ state: q.state, q: q.q })}`).catch(setErr)}>
          {L('CSV出力', 'Export CSV')}
        </button>
      </form>
      {list && (
        <>
          <CsvImport path={`/records/${type.id}/import`} title={['CSV取り込み', 'Import CSV']} done={(n) => L(`${n}件を取り込みました。`, `Imported ${n} records.`)} onImported={() => setReload(reload + 1)} />
          <BulkPanel type={type} target={target} onDone={() => setReload(reload + 1)} />
          <PrintPanel type={type} target={target} />
          <p>
            {L(`${list.total}件`, `${list.total} records`)}
            {list.total > shown.length ? L(`（先頭${shown.length}件を表示）`, ` (first ${shown.length} shown)`) : ''}
          </p>
          <table class="list">
            <thead>
              <tr>
                <th>
                  <input type="checkbox" aria-label={L('表示中の記録をすべて選択', 'Select all shown')} checked={allShown} onChange={(e) => setSelected(new Set((e.target as HTMLInputElement).checked ? shown.map((r) => r.id) : []))} />
                </th>
                {type.fields.slice(0, 3).map((f) => (
                  <th>{L(f.label, f.labelEn ?? f.label)}</th>
                ))}
                <th>{L('進捗状況', 'State')}</th>
                <th>{L('更新日時', 'Updated')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <tr>
                  <td>
                    <input type="checkbox" aria-label={L(`${r.key} を選択`, `Select ${r.key}`)} checked={selected.has(r.id)} onChange={(e) => toggle(r.id, (e.target as HTMLInputElement).checked)} />
                  </td>
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

interface Target {
  selected: string[];
  total: number;
  filter: { state?: string; q?: string };
}

/** 対象: the ticked records when any, else everything the search matches. */
function TargetChoice(p: { target: Target; name: string; value: 'selected' | 'all'; set(v: 'selected' | 'all'): void }) {
  return (
    <span role="radiogroup" aria-label={L('対象', 'Apply to')}>
      <label>
        <input type="radio" name={p.name} checked={p.value === 'selected'} disabled={!p.target.selected.length} onChange={() => p.set('selected')} /> {L(`選択した${p.target.selected.length}件`, `${p.target.selected.length} selected`)}
      </label>{' '}
      <label>
        <input type="radio" name={p.name} checked={p.value === 'all'} onChange={() => p.set('all')} /> {L(`検索結果の全${p.target.total}件`, `all ${p.target.total} matching`)}
      </label>
    </span>
  );
}

const selection = (t: Target, scope: 'selected' | 'all'): { ids: string[] } | { all: true; state?: string; q?: string } =>
  scope === 'selected' && t.selected.length ? { ids: t.selected } : { all: true, ...t.filter };
const count = (t: Target, scope: 'selected' | 'all') => (scope === 'selected' && t.selected.length ? t.selected.length : t.total);

/** 一括操作: one transition for many records in one transaction, after a confirmation. */
function BulkPanel(p: { type: RecordType; target: Target; onDone(): void }) {
  const [op, setOp] = useState(0);
  const [scope, setScope] = useState<'selected' | 'all'>('all');
  const [inputs, setInputs] = useState<Record<string, string>>({});
  const [confirming, setConfirming] = useState(false);
  const [msg, setMsg] = useState('');
  const [err, setErr] = useState<unknown>(null);
  useEffect(() => setScope(p.target.selected.length ? 'selected' : 'all'), [p.target.selected.length > 0]);
  const t = p.type.transitions[op];
  if (!t) return null;
  const n = count(p.target, scope);
  const run = async () => {
    setErr(null);
    try {
      const r = await api<{ moved: number }>('POST', `/records/${p.type.id}/transitions`, { ...selection(p.target, scope), to: t.to, inputs });
      setMsg(L(`${r.moved}件を「${t.label}」しました。`, `${t.labelEn}: ${r.moved} records.`));
      setInputs({});
      p.onDone();
    } catch (e) {
      setErr(e);
    }
    setConfirming(false);
  };
  return (
    <form class="panel" aria-label={L('一括操作', 'Bulk action')} onSubmit={(e) => (e.preventDefault(), setMsg(''), setConfirming(true))}>
      <strong>{L('一括操作', 'Bulk action')}</strong>{' '}
      <label>
        {L('操作', 'Action')}{' '}
        <select value={String(op)} onChange={(e) => (setOp(Number((e.target as HTMLSelectElement).value)), setConfirming(false))}>
          {p.type.transitions.map((x, i) => (
            <option value={String(i)}>{L(`${x.label}（${x.from.map((f) => p.type.states.find((s) => s.id === f)?.label ?? f).join('・')}→${p.type.states.find((s) => s.id === x.to)?.label ?? x.to}）`, x.labelEn)}</option>
          ))}
        </select>
      </label>{' '}
      {t.inputs.map((i) => (
        <label>
          {L(i.label, i.labelEn ?? i.label)}{' '}
          <input value={inputs[i.id] ?? ''} required={i.required} onInput={(e) => setInputs({ ...inputs, [i.id]: (e.target as HTMLInputElement).value })} list={i.options ? `bulk-opt-${i.id}` : undefined} />
          {i.options && <datalist id={`bulk-opt-${i.id}`}>{i.options.map((o) => <option value={o} />)}</datalist>}{' '}
        </label>
      ))}
      <TargetChoice target={p.target} name="bulk-scope" value={scope} set={setScope} />{' '}
      {!confirming && <button type="submit">{L('一括実行', 'Run')}</button>}
      {confirming && (
        <span role="alert">
          {L(`「${t.label}」を${n}件に行います。よろしいですか？`, `${t.labelEn} for ${n} records?`)}{' '}
          <button type="button" onClick={() => void run()}>
            {L('実行する', 'Confirm')}
          </button>{' '}
          <button type="button" class="link" onClick={() => setConfirming(false)}>
            {L('やめる', 'Cancel')}
          </button>
        </span>
      )}
      {msg && <span role="status"> {msg}</span>}
      <ErrorBox error={err} />
    </form>
  );
}

/** 印刷: labels on the chosen sheet (from a start position) or notices, in a new window. */
function PrintPanel(p: { type: RecordType; target: Target }) {
  const [tplId, setTpl] = useState(p.type.templates[0]?.id ?? '');
  const [sheet, setSheet] = useState('');
  const [skip, setSkip] = useState('0');
  const [scope, setScope] = useState<'selected' | 'all'>('all');
  useEffect(() => setScope(p.target.selected.length ? 'selected' : 'all'), [p.target.selected.length > 0]);
  const tpl = p.type.templates.find((x) => x.id === tplId) ?? p.type.templates[0];
  if (!tpl) return null;
  const sh = tpl.sheets.find((s) => s.id === sheet) ?? tpl.sheets[0];
  const print = (e: Event) => {
    e.preventDefault();
    const sel = selection(p.target, scope);
    openPrint(`/records/${p.type.id}/print`, {
      template: tpl.id,
      ...(sh ? { sheet: sh.id, skip: Number(skip) || 0 } : {}),
      ...('ids' in sel ? { ids: sel.ids.join(',') } : { all: 1, state: sel.state, q: sel.q }),
    });
  };
  return (
    <form class="panel" aria-label={L('印刷', 'Print')} onSubmit={print}>
      <strong>{L('印刷', 'Print')}</strong>{' '}
      <label>
        {L('帳票', 'Template')}{' '}
        <select value={tpl.id} onChange={(e) => setTpl((e.target as HTMLSelectElement).value)}>
          {p.type.templates.map((x) => (
            <option value={x.id}>{L(x.title, x.titleEn)}</option>
          ))}
        </select>
      </label>{' '}
      {sh && (
        <>
          <label>
            {L('ラベル用紙', 'Label sheet')}{' '}
            <select value={sh.id} onChange={(e) => setSheet((e.target as HTMLSelectElement).value)}>
              {tpl.sheets.map((s) => (
                <option value={s.id}>{L(s.title, s.titleEn)}</option>
              ))}
            </select>
          </label>{' '}
          <label>
            {L('開始位置（使用済みの面数）', 'Skip used labels')} <input type="number" min="0" max={String(sh.perSheet - 1)} value={skip} onInput={(e) => setSkip((e.target as HTMLInputElement).value)} style="width:5em" />
          </label>{' '}
        </>
      )}
      <TargetChoice target={p.target} name="print-scope" value={scope} set={setScope} />{' '}
      <button type="submit" disabled={scope === 'selected' && p.target.selected.length > 200} title={scope === 'selected' && p.target.selected.length > 200 ? L('201件以上は検索条件で印刷してください。', 'Print more than 200 by the search instead.') : undefined}>
        {L('印刷用ページを開く', 'Open for printing')}
      </button>
    </form>
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
