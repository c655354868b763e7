// 請求 (blocks/billing): for a month, the road operators' toll CSV upload (managers) with the
// report of its problems by row and column, the invoice preview per customer, 請求書発行
// (managers), each customer's printable invoice, the invoice CSV and the two reports.
import { useEffect, useState } from 'preact/hooks';
import { api, apiBase, ApiError, download, fileBase64, L, lang, qs } from '../api';
import { epochLocal, ErrorBox, ImportProblems } from '../components/ui';
import { me } from '../session';
import type { Invoice as ComputedInvoice } from '../../blocks/billing/invoice';

/** An invoice as GET /invoices answers it: the computed breakdown, with when it was issued once it is. */
type Invoice = ComputedInvoice & { issuedAt?: number };

interface MonthView {
  month: string;
  billing: { id: string; title: string; usageLabel: string; pointLabel: string; annualFee: number };
  billings: { id: string; title: string }[];
  issued: boolean;
  invoices: Invoice[];
  total: number;
  imports: { id: string; fileName: string | null; rows: number; added: number; duplicates: number; importedAt: string; importedBy: string }[];
}
interface Problem {
  row: number;
  column: string;
  message: string;
  messageEn: string;
}

const yen = (n: number) => `${n.toLocaleString('ja-JP')}${L('円', ' yen')}`;

export function BillingPage() {
  const m = me.value!;
  const canManage = m.role === 'system-admin' || m.role === 'facility-manager';
  const [month, setMonth] = useState(m.today.slice(0, 7));
  const [billing, setBilling] = useState('');
  const [view, setView] = useState<MonthView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [stamp, setStamp] = useState(0);
  const reload = () => setStamp((n) => n + 1);
  useEffect(() => {
    if (!/^\d{4}-\d{2}$/.test(month)) return;
    setError(null);
    api<MonthView>('GET', `/invoices${qs({ month, billing })}`)
      .then(setView)
      .catch((e) => {
        setView(null);
        setError(e);
      });
  }, [month, billing, stamp, lang.value]);
  const b = view?.billing;
  return (
    <section class="billing-page">
      <h1>{L('請求', 'Billing')}</h1>
      <div class="panel">
        <label for="billing-month">{L('請求月', 'Billing month')}</label>{' '}
        <input id="billing-month" type="month" value={month} onInput={(e) => setMonth((e.target as HTMLInputElement).value)} />{' '}
        {view && view.billings.length > 1 && (
          <>
            <label for="billing-id">{L('請求の種類', 'Billing')}</label>{' '}
            <select id="billing-id" value={b?.id} onChange={(e) => setBilling((e.target as HTMLSelectElement).value)}>
              {view.billings.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.title}
                </option>
              ))}
            </select>
          </>
        )}
        {b && <strong> {b.title}</strong>}
      </div>
      <ErrorBox error={error} />
      {view && b && (
        <>
          {canManage && !view.issued && <UsageImport billing={b.id} month={view.month} usageLabel={b.usageLabel} onDone={reload} />}
          <Imports view={view} />
          <Invoices view={view} canManage={canManage} onIssued={reload} />
          <Reports billing={b.id} month={view.month} customers={view.invoices} />
        </>
      )}
    </section>
  );
}

function UsageImport({ billing, month, usageLabel, onDone }: { billing: string; month: string; usageLabel: string; onDone: () => void }) {
  const [msg, setMsg] = useState('');
  const [problems, setProblems] = useState<Problem[]>([]);
  const [err, setErr] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const file = (new FormData(form).get('file') as File | null) ?? null;
    if (!file || !file.size) return;
    setMsg('');
    setProblems([]);
    setErr(null);
    setBusy(true);
    try {
      // A 422 carries the report of every problem (nothing was imported).
      const res = await fetch(`${apiBase}/billing/${encodeURIComponent(billing)}/usage/import`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', 'accept-language': lang.value },
        body: JSON.stringify({ month, csvBase64: await fileBase64(file), fileName: file.name }),
      });
      const data = (await res.json()) as { rows?: number; added?: number; duplicates?: number; report?: Problem[]; error?: { code: string; message: string; issues?: [] } };
      if (data.report?.length) {
        setProblems(data.report);
        setMsg(L(`${data.report.length}件の問題があるため、1件も取り込んでいません。`, `Nothing imported: ${data.report.length} problem(s).`));
        return;
      }
      if (data.error) throw new ApiError(res.status, data.error.code, data.error.message, data.error.issues ?? []);
      setMsg(L(`${data.rows}行を読み、${data.added}件を登録しました（取込済みと重複 ${data.duplicates}件）。`, `Read ${data.rows} rows: ${data.added} added, ${data.duplicates} already imported.`));
      form.reset();
      onDone();
    } catch (x) {
      setErr(x);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="panel" aria-label={L('通行記録の取込', 'Import usage records')} onSubmit={(e) => void submit(e)}>
      <h2>{L(`${usageLabel}の通行記録（CSV取込）`, 'Import the toll records (CSV)')}</h2>
      <p>
        {L(
          '道路事業者の通行記録（CSV、UTF-8 または Shift_JIS）を請求月に取り込みます。見出し行: カード番号,入口IC,入口日時,出口IC,出口日時,自動車登録番号,通行料金。日時は YYYY/MM/DD HH:MM。問題が1件でもあれば何も取り込みません。取込済みの通行記録は重複として数え、二重には登録しません。',
          'Import the road operators’ toll records (CSV, UTF-8 or Shift_JIS) into the billing month. Header: カード番号,入口IC,入口日時,出口IC,出口日時,自動車登録番号,通行料金; times YYYY/MM/DD HH:MM. Any problem imports nothing; records already imported are counted as duplicates, not added twice.',
        )}
      </p>
      <label for="toll-file">{L('CSVファイル', 'CSV file')}</label> <input id="toll-file" type="file" name="file" accept=".csv,text/csv" required />{' '}
      <button type="submit" class="primary" disabled={busy}>
        {L('取り込む', 'Import')}
      </button>
      {msg && (
        <p role="status" data-testid="import-result">
          {msg}
        </p>
      )}
      <ErrorBox error={err} />
      {problems.length > 0 && <ImportProblems problems={problems} />}
    </form>
  );
}

function Imports({ view }: { view: MonthView }) {
  if (!view.imports.length) return <p class="panel">{L('この月の通行記録はまだ取り込まれていません。', 'No toll records imported for this month yet.')}</p>;
  return (
    <div class="panel">
      <h2>{L('取込の履歴', 'Imports')}</h2>
      <table class="list" data-testid="imports">
        <thead>
          <tr>
            <th>{L('取込日時', 'Imported')}</th>
            <th>{L('ファイル', 'File')}</th>
            <th class="num">{L('行数', 'Rows')}</th>
            <th class="num">{L('登録', 'Added')}</th>
            <th class="num">{L('重複', 'Duplicates')}</th>
            <th>{L('取込者', 'By')}</th>
          </tr>
        </thead>
        <tbody>
          {view.imports.map((i) => (
            <tr key={i.id}>
              <td>{epochLocal(Date.parse(i.importedAt))}</td>
              <td>{i.fileName ?? ''}</td>
              <td class="num">{i.rows}</td>
              <td class="num">{i.added}</td>
              <td class="num">{i.duplicates}</td>
              <td>{i.importedBy}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Invoices({ view, canManage, onIssued }: { view: MonthView; canManage: boolean; onIssued: () => void }) {
  const [err, setErr] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [encoding, setEncoding] = useState('utf8-bom');
  const base = `/billing/${encodeURIComponent(view.billing.id)}`;
  const issue = async () => {
    setErr(null);
    setBusy(true);
    try {
      await api('POST', `${base}/invoices`, { month: view.month });
      onIssued();
    } catch (e) {
      setErr(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="panel">
      <h2>
        {L('請求書', 'Invoices')}{' '}
        <span class={view.issued ? 'ok' : 'notice-warn'} data-testid="invoice-state">
          {view.issued ? L('発行済み', 'Issued') : L('未発行（プレビュー）', 'Not issued (preview)')}
        </span>
      </h2>
      {view.invoices.length === 0 ? (
        <p>{L('この月に請求する顧客はありません。', 'Nobody to bill this month.')}</p>
      ) : (
        <table class="list" data-testid="invoices">
          <thead>
            <tr>
              <th>{L('顧客番号', 'Customer no.')}</th>
              <th>{L('顧客名', 'Customer')}</th>
              <th class="num">{L('カード', 'Cards')}</th>
              <th class="num">{view.billing.usageLabel}</th>
              <th class="num">{L('カード発行費', 'Issue fees')}</th>
              <th class="num">{L('カード年会費', 'Annual fees')}</th>
              <th class="num">{L('合計請求金額', 'Total')}</th>
              <th>{L('請求書', 'Invoice')}</th>
            </tr>
          </thead>
          <tbody>
            {view.invoices.map((i) => (
              <tr key={i.customer}>
                <td>{i.customer}</td>
                <td>{i.customerName}</td>
                <td class="num">{i.cards.length}</td>
                <td class="num">{yen(i.tolls)}</td>
                <td class="num">{yen(i.issueFees)}</td>
                <td class="num">{yen(i.annualFees)}</td>
                <td class="num">
                  <strong>{yen(i.total)}</strong>
                </td>
                <td>
                  <a href={`${apiBase}${base}/invoices/${encodeURIComponent(i.customer)}/print${qs({ month: view.month })}`} target="_blank" rel="noopener" aria-label={L(`${i.customerName} の請求書を印刷`, `Print the invoice of ${i.customerName}`)}>
                    {L('印刷', 'Print')}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th colSpan={6}>{L('合計', 'Total')}</th>
              <td class="num" data-testid="grand-total">
                <strong>{yen(view.total)}</strong>
              </td>
              <td />
            </tr>
          </tfoot>
        </table>
      )}
      <p>
        <label for="inv-enc">{L('文字コード', 'Encoding')}</label>{' '}
        <select id="inv-enc" value={encoding} onChange={(e) => setEncoding((e.target as HTMLSelectElement).value)}>
          <option value="utf8-bom">UTF-8（BOM付き）</option>
          <option value="cp932">Shift_JIS（CP932）</option>
        </select>{' '}
        <button type="button" onClick={() => download(`${base}/invoices.csv${qs({ month: view.month, encoding })}`).catch(setErr)}>
          {L('請求明細CSVをダウンロード', 'Download the invoice CSV')}
        </button>{' '}
        {canManage && !view.issued && view.invoices.length > 0 && (
          <button type="button" class="primary" disabled={busy} onClick={() => void issue()}>
            {L('請求書発行', 'Issue the invoices')}
          </button>
        )}
      </p>
      {canManage && !view.issued && view.invoices.length > 0 && <p class="hint">{L('発行すると、この月の請求書はこの内容で確定し、通行記録は取り込めなくなります。', 'Issuing fixes these invoices; no more toll records can be imported for the month.')}</p>}
      <ErrorBox error={err} />
    </div>
  );
}

function Reports({ billing, month, customers }: { billing: string; month: string; customers: Invoice[] }) {
  const [customer, setCustomer] = useState('');
  const [err, setErr] = useState<unknown>(null);
  const path = (report: string) => `/billing/${encodeURIComponent(billing)}/reports/${report}`;
  const reports: [string, string, string][] = [
    ['off-days', '利用日確認帳票', 'Use on days off'],
    ['other-vehicles', '利用車両確認帳票', 'Use by other vehicles'],
  ];
  return (
    <div class="panel">
      <h2>{L('確認帳票', 'Reports for customers')}</h2>
      <label for="rep-customer">{L('顧客', 'Customer')}</label>{' '}
      <select id="rep-customer" value={customer} onChange={(e) => setCustomer((e.target as HTMLSelectElement).value)}>
        <option value="">{L('すべての顧客', 'All customers')}</option>
        {customers.map((c) => (
          <option key={c.customer} value={c.customer}>
            {c.customer} {c.customerName}
          </option>
        ))}
      </select>
      <ul>
        {reports.map(([id, ja, en]) => (
          <li key={id}>
            {L(ja, en)}:{' '}
            <a href={`${apiBase}${path(id)}${qs({ month, customer, format: 'print' })}`} target="_blank" rel="noopener" aria-label={L(`${ja}を印刷`, `Print: ${en}`)}>
              {L('印刷', 'Print')}
            </a>{' '}
            <button type="button" onClick={() => download(`${path(id)}${qs({ month, customer, format: 'csv' })}`).catch(setErr)} aria-label={L(`${ja}のCSVをダウンロード`, `CSV: ${en}`)}>
              CSV
            </button>
          </li>
        ))}
      </ul>
      <ErrorBox error={err} />
    </div>
  );
}
