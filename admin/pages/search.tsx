// 予約状況検索: 基本 and 日付 panels, results with row selection, the column
// chooser (gear icon, remembered per staff member) and the CSV exports
// (selected rows, or everything matching, with displayed or all columns).
import { useEffect, useState } from 'preact/hooks';
import { api, download, L, qs } from '../api';
import { ColumnChooser } from '../components/column-chooser';
import type { FormFieldDef } from '../components/form-fields';
import { dateLabel, ErrorBox, Field, phoneText, STATUS_LABEL } from '../components/ui';
import { href } from '../router';
import { me } from '../session';

interface Column {
  id: string;
  label: string;
  labelEn: string;
  format?: 'date' | 'phone';
}
interface Result {
  total: number;
  page: number;
  pageSize: number;
  columns: Column[];
  available: Column[];
  rows: { receiptNo: string; status: string; cells: Record<string, string | number | null> }[];
}
/** A cell as staff read it: dates with weekday, phone numbers with hyphens. */
function cellText(c: Column, v: string | number | null | undefined): string | number {
  if (v === null || v === undefined) return '';
  if (c.format === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return dateLabel(v);
  if (c.format === 'phone') return phoneText(v);
  return v;
}

interface ServiceDef {
  id: string;
  title: string;
  resources: { id: string; title: string }[];
  form: { fields: FormFieldDef[] };
}

const EMPTY = { receiptNo: '', memberNo: '', name: '', nameMatch: 'partial', phone: '', status: 'active', dateField: 'visit', from: '', to: '', service: '', resource: '', visit: '' };

export function SearchPage() {
  const m = me.value!;
  const [f, setF] = useState<Record<string, string>>({ ...EMPTY });
  const [services, setServices] = useState<ServiceDef[]>([]);
  const [result, setResult] = useState<Result | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [columns, setColumns] = useState<string[] | undefined>(m.preferences['search.columns'] as string[] | undefined);
  const [chooser, setChooser] = useState(false);
  const [scope, setScope] = useState<'displayed' | 'all'>('displayed');
  const [encoding, setEncoding] = useState('utf8-bom');
  const [error, setError] = useState<unknown>(null);
  const [page, setPage] = useState(1);
  useEffect(() => void api<{ services: ServiceDef[] }>('GET', '/services').then((r) => setServices(r.services)), []);
  const set = (k: string) => (e: Event) => setF({ ...f, [k]: (e.target as HTMLInputElement).value });
  const service = services.find((s) => s.id === f.service);
  const params = (extra: Record<string, string | undefined> = {}) => ({ ...f, ...extra });

  const run = async (p = 1, cols = columns) => {
    setError(null);
    try {
      const r = await api<Result>('GET', `/bookings${qs({ ...params(), page: p, columns: cols?.join(',') })}`);
      setResult(r);
      setPage(p);
      setSelected(new Set());
    } catch (e) {
      setError(e);
    }
  };
  const saveColumns = async (cols: string[]) => {
    await api('PUT', '/preferences/search.columns', { value: cols });
    m.preferences['search.columns'] = cols;
    setColumns(cols);
    setChooser(false);
    if (result) await run(page, cols);
  };
  const exportCsv = async (what: 'selected' | 'search') => {
    setError(null);
    const cols = scope === 'displayed' ? result?.columns.map((c) => c.id).join(',') : undefined;
    const base = what === 'selected' ? { receipts: [...selected].join(','), status: 'all' } : params();
    try {
      await download(`/ledger.csv${qs({ ...base, columns: cols, encoding })}`);
    } catch (e) {
      setError(e);
    }
  };
  const toggle = (no: string) => {
    const s = new Set(selected);
    if (s.has(no)) s.delete(no);
    else s.add(no);
    setSelected(s);
  };
  const allOnPage = result ? result.rows.every((r) => selected.has(r.receiptNo)) && result.rows.length > 0 : false;

  return (
    <section>
      <h1>{L('予約状況検索', 'Search bookings')}</h1>
      <form
        class="search"
        onSubmit={(e) => {
          e.preventDefault();
          void run(1);
        }}
      >
        <fieldset class="panel">
          <legend>{L('基本', 'Basic')}</legend>
          <div class="row">
            <Field id="s-receipt" label={L('受付番号', 'Receipt no.')}>
              <input id="s-receipt" value={f.receiptNo} onInput={set('receiptNo')} />
            </Field>
            <Field id="s-member" label={L('会員番号', 'Member no.')}>
              <input id="s-member" value={f.memberNo} onInput={set('memberNo')} />
            </Field>
            <Field id="s-name" label={L('利用者名', 'Name')}>
              <input id="s-name" value={f.name} onInput={set('name')} />
              <span class="inline">
                <label>
                  <input type="radio" name="nameMatch" value="prefix" checked={f.nameMatch === 'prefix'} onChange={set('nameMatch')} />
                  {L('前方一致', 'Prefix')}
                </label>
                <label>
                  <input type="radio" name="nameMatch" value="partial" checked={f.nameMatch === 'partial'} onChange={set('nameMatch')} />
                  {L('部分一致', 'Partial')}
                </label>
              </span>
            </Field>
            <Field id="s-phone" label={L('電話番号', 'Phone')} hint={L('ハイフンはあってもなくても可', 'With or without hyphens')}>
              <input id="s-phone" type="tel" value={f.phone} onInput={set('phone')} />
            </Field>
          </div>
          <div class="row">
            <div class="field">
              <span class="label">{L('表示データ', 'Show')}</span>
              <span class="inline">
                {[
                  ['active', '有効な予約', 'Active'],
                  ['inactive', '取消・終了', 'Cancelled or ended'],
                  ['all', 'すべて', 'All'],
                ].map(([v, ja, en]) => (
                  <label key={v}>
                    <input type="radio" name="status" value={v} checked={f.status === v} onChange={set('status')} />
                    {L(ja, en)}
                  </label>
                ))}
              </span>
            </div>
            <Field id="s-service" label={L('サービス', 'Service')}>
              <select id="s-service" value={f.service} onChange={(e) => setF({ ...f, service: (e.target as HTMLSelectElement).value, resource: '' })}>
                <option value="">{L('すべて', 'All')}</option>
                {services.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.title}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="s-resource" label={L('場所', 'Place')}>
              <select id="s-resource" value={f.resource} onChange={set('resource')} disabled={!service}>
                <option value="">{L('すべて', 'All')}</option>
                {service?.resources.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.title}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="s-visit" label={L('来場', 'Visit')}>
              <select id="s-visit" value={f.visit} onChange={set('visit')}>
                <option value="">{L('すべて', 'All')}</option>
                <option value="visited">{L('来場', 'Visited')}</option>
                <option value="no-show">{L('不来場', 'No-show')}</option>
                <option value="none">{L('未記録', 'Not recorded')}</option>
              </select>
            </Field>
          </div>
          {service && (
            <div class="row questions">
              {service.form.fields
                .filter((x) => x.type !== 'consent')
                .map((x) => (
                  <Field key={x.id} id={`s-q-${x.id}`} label={L(x.label, x.labelEn ?? x.label)}>
                    {x.options ? (
                      <select id={`s-q-${x.id}`} value={f[`q.${x.id}`] ?? ''} onChange={set(`q.${x.id}`)}>
                        <option value="">{L('指定なし', 'Any')}</option>
                        {x.options.map((o) => (
                          <option key={o.value} value={o.value}>
                            {L(o.label, o.labelEn ?? o.label)}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <input id={`s-q-${x.id}`} value={f[`q.${x.id}`] ?? ''} onInput={set(`q.${x.id}`)} />
                    )}
                  </Field>
                ))}
            </div>
          )}
        </fieldset>
        <fieldset class="panel">
          <legend>{L('日付', 'Dates')}</legend>
          <div class="row">
            <span class="inline">
              {[
                ['visit', '来店日', 'Visit date'],
                ['created', '申込日', 'Applied'],
                ['updated', '更新日', 'Updated'],
              ].map(([v, ja, en]) => (
                <label key={v}>
                  <input type="radio" name="dateField" value={v} checked={f.dateField === v} onChange={set('dateField')} />
                  {L(ja, en)}
                </label>
              ))}
            </span>
            <Field id="s-from" label={L('期間（から）', 'From')}>
              <input id="s-from" type="date" value={f.from} onInput={set('from')} />
            </Field>
            <Field id="s-to" label={L('期間（まで）', 'To')}>
              <input id="s-to" type="date" value={f.to} onInput={set('to')} />
            </Field>
          </div>
        </fieldset>
        <div class="actions">
          <button type="submit" class="primary">
            {L('検索', 'Search')}
          </button>
          <button type="button" onClick={() => (setF({ ...EMPTY }), setResult(null))}>
            {L('クリア', 'Clear')}
          </button>
        </div>
      </form>
      <ErrorBox error={error} />
      {result && (
        <div class="results">
          <div class="toolbar">
            <strong data-testid="result-count">{L(`${result.total}件`, `${result.total} found`)}</strong>
            <button type="button" class="gear" aria-label={L('表示項目の設定', 'Choose columns')} title={L('表示項目の設定', 'Choose columns')} onClick={() => setChooser(true)}>
              ⚙
            </button>
            <span class="export">
              <label>
                <input type="radio" name="scope" checked={scope === 'displayed'} onChange={() => setScope('displayed')} />
                {L('表示中の項目のみ', 'Displayed columns')}
              </label>
              <label>
                <input type="radio" name="scope" checked={scope === 'all'} onChange={() => setScope('all')} />
                {L('全ての項目', 'All columns')}
              </label>
              <select aria-label={L('文字コード', 'Encoding')} value={encoding} onChange={(e) => setEncoding((e.target as HTMLSelectElement).value)}>
                <option value="utf8-bom">UTF-8 (BOM)</option>
                <option value="cp932">Shift_JIS (CP932)</option>
              </select>
              <button type="button" disabled={selected.size === 0} onClick={() => exportCsv('selected')}>
                {L(`選択した行をCSV出力（${selected.size}件）`, `Export selected (${selected.size})`)}
              </button>
              <button type="button" onClick={() => exportCsv('search')}>
                {L('検索条件のCSV出力', 'Export all matching')}
              </button>
            </span>
          </div>
          {chooser && <ColumnChooser available={result.available} chosen={result.columns.map((c) => c.id)} onSave={saveColumns} onClose={() => setChooser(false)} />}
          <div class="scroll">
          <table class="list" data-testid="results">
            <thead>
              <tr>
                <th>
                  <input
                    type="checkbox"
                    aria-label={L('このページをすべて選択', 'Select page')}
                    checked={allOnPage}
                    onChange={() => setSelected(allOnPage ? new Set() : new Set(result.rows.map((r) => r.receiptNo)))}
                  />
                </th>
                {result.columns.map((c) => (
                  <th key={c.id}>{L(c.label, c.labelEn)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {result.rows.map((r) => (
                <tr key={r.receiptNo} class={r.status}>
                  <td>
                    <input type="checkbox" aria-label={L(`受付番号${r.receiptNo}を選択`, `Select ${r.receiptNo}`)} checked={selected.has(r.receiptNo)} onChange={() => toggle(r.receiptNo)} />
                  </td>
                  {result.columns.map((c) => (
                    <td key={c.id}>{c.id === 'receiptNo' ? <a href={href('booking', r.receiptNo)}>{r.receiptNo}</a> : c.id === 'status' ? STATUS_LABEL(r.status) : cellText(c, r.cells[c.id])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          </div>
          <div class="pager">
            <button type="button" disabled={page <= 1} onClick={() => run(page - 1)}>
              {L('前へ', 'Previous')}
            </button>
            <span>
              {page} / {Math.max(1, Math.ceil(result.total / result.pageSize))}
            </span>
            <button type="button" disabled={page * result.pageSize >= result.total} onClick={() => run(page + 1)}>
              {L('次へ', 'Next')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
