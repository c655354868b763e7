// 入金・収納: 入金消込 from the bank's or collecting agent's CSV (managers), with the
// report of the rows that did not match, and the fee reports as CSV (収納日計表,
// 使用料月計表) for the services in the staff member's scope.
import { useState } from 'preact/hooks';
import { api, download, fileBase64, L, qs } from '../api';
import { dateLabel, ErrorBox } from '../components/ui';
import { href } from '../router';
import { me } from '../session';

interface RowResult {
  line: number;
  slipNo: string;
  amount: number | null;
  receivedOn: string | null;
  outcome: string;
  matched: boolean;
  receiptNo?: string;
  message: string;
  messageEn: string;
}
interface Report {
  dryRun: boolean;
  rows: number;
  matched: number;
  unmatched: number;
  matchedAmount: number;
  results: RowResult[];
}

export function PaymentsPage() {
  const m = me.value!;
  const canImport = m.role === 'system-admin' || m.role === 'facility-manager';
  return (
    <section class="payments-page">
      <h1>{L('入金・収納', 'Payments')}</h1>
      {canImport && <ImportPanel />}
      <ReportsPanel />
    </section>
  );
}


function ImportPanel() {
  const [file, setFile] = useState<File | null>(null);
  const [dryRun, setDryRun] = useState(false);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!file) return;
    setError(null);
    setReport(null);
    setBusy(true);
    try {
      const csvBase64 = await fileBase64(file);
      setReport(await api<Report>('POST', '/payments/import', { csvBase64, fileName: file.name, dryRun }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const unmatched = report?.results.filter((r) => !r.matched) ?? [];
  return (
    <div class="panel">
      <h2>{L('入金消込（CSV取込）', 'Import a bank file')}</h2>
      <p>
        {L(
          '金融機関・収納代行の入金データ（CSV、UTF-8 または Shift_JIS）を取り込みます。見出し行に「納付番号」「金額」「入金日」の列が必要です（列の順序は自由、ほかの列は無視します）。納付番号と金額が一致したお支払い待ちの予約は確定し、利用者に支払済み通知を送ります。一致した行はまとめて登録され、途中で失敗したときは1件も登録されません。',
          'Import the payments file of the bank or collecting agent (CSV, UTF-8 or Shift_JIS). The header row needs 納付番号, 金額 and 入金日 columns (any order; other columns are ignored). Bookings awaiting payment whose slip number and amount match are confirmed and the resident is told. Matching rows are applied together: if anything fails, none is.',
        )}
      </p>
      <form onSubmit={submit}>
        <label for="bank-file">{L('CSVファイル', 'CSV file')}</label>
        <input id="bank-file" type="file" accept=".csv,text/csv" onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0] ?? null)} />
        <label class="choice">
          <input type="checkbox" checked={dryRun} onChange={(e) => setDryRun((e.target as HTMLInputElement).checked)} />
          {L('確認のみ（登録しない）', 'Check only (record nothing)')}
        </label>
        <button type="submit" class="primary" disabled={!file || busy}>
          {L('取り込む', 'Import')}
        </button>
      </form>
      <ErrorBox error={error} />
      {report && (
        <div class="import-report" role="status">
          <p class={report.unmatched ? 'notice-warn' : 'ok'} data-testid="import-summary">
            {report.dryRun ? L('【確認のみ・未登録】', '[Check only: nothing recorded] ') : ''}
            {L(
              `${report.rows}行のうち ${report.matched}件を消込（${report.matchedAmount.toLocaleString('ja-JP')}円）、照合できない行 ${report.unmatched}件`,
              `${report.rows} rows: ${report.matched} matched (${report.matchedAmount.toLocaleString('en')} yen), ${report.unmatched} not matched`,
            )}
          </p>
          {unmatched.length > 0 && (
            <>
              <h3>{L('照合できなかった行', 'Rows not matched')}</h3>
              <table class="list" data-testid="unmatched">
                <thead>
                  <tr>
                    <th>{L('行', 'Line')}</th>
                    <th>{L('納付番号', 'Slip no.')}</th>
                    <th class="num">{L('金額', 'Amount')}</th>
                    <th>{L('入金日', 'Paid on')}</th>
                    <th>{L('理由', 'Reason')}</th>
                    <th>{L('受付番号', 'Booking')}</th>
                  </tr>
                </thead>
                <tbody>
                  {unmatched.map((r) => (
                    <tr key={r.line}>
                      <td>{r.line}</td>
                      <td>{r.slipNo}</td>
                      <td class="num">{r.amount === null ? '' : `${r.amount.toLocaleString('ja-JP')}円`}</td>
                      <td>{r.receivedOn ? dateLabel(r.receivedOn) : ''}</td>
                      <td>{L(r.message, r.messageEn)}</td>
                      <td>{r.receiptNo && <a href={href('booking', r.receiptNo)}>{r.receiptNo}</a>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {report.matched > 0 && (
            <>
              <h3>{L('消込済み', 'Matched')}</h3>
              <ul data-testid="matched">
                {report.results
                  .filter((r) => r.matched)
                  .map((r) => (
                    <li key={r.line}>
                      {L(`${r.line}行目`, `Line ${r.line}`)}: <a href={href('booking', r.receiptNo)}>{r.receiptNo}</a> {r.amount?.toLocaleString('ja-JP')}円（{r.receivedOn && dateLabel(r.receivedOn)}）
                    </li>
                  ))}
              </ul>
            </>
          )}
        </div>
      )}
    </div>
  );
}

function ReportsPanel() {
  const m = me.value!;
  const [from, setFrom] = useState(m.today);
  const [to, setTo] = useState(m.today);
  const [month, setMonth] = useState(m.today.slice(0, 7));
  const [encoding, setEncoding] = useState('utf8-bom');
  const [error, setError] = useState<unknown>(null);
  const get = (path: string) => {
    setError(null);
    download(path).catch(setError);
  };
  return (
    <div class="panel">
      <h2>{L('帳票（CSV）', 'Reports (CSV)')}</h2>
      <label for="enc">{L('文字コード', 'Encoding')}</label>
      <select id="enc" value={encoding} onChange={(e) => setEncoding((e.target as HTMLSelectElement).value)}>
        <option value="utf8-bom">UTF-8（BOM付き）</option>
        <option value="cp932">Shift_JIS（CP932）</option>
      </select>
      <h3>{L('収納日計表', 'Daily receipts')}</h3>
      <label for="rep-from">{L('収納日（から）', 'From')}</label>
      <input id="rep-from" type="date" value={from} onInput={(e) => setFrom((e.target as HTMLInputElement).value)} />
      <label for="rep-to">{L('収納日（まで）', 'To')}</label>
      <input id="rep-to" type="date" value={to} onInput={(e) => setTo((e.target as HTMLInputElement).value)} />
      <button type="button" onClick={() => get(`/reports/receipts.csv${qs({ from, to, encoding })}`)}>
        {L('収納日計表をダウンロード', 'Download daily receipts')}
      </button>
      <h3>{L('使用料月計表', 'Monthly fees')}</h3>
      <label for="rep-month">{L('利用月', 'Month of use')}</label>
      <input id="rep-month" type="month" value={month} onInput={(e) => setMonth((e.target as HTMLInputElement).value)} />
      <button type="button" onClick={() => get(`/reports/fees.csv${qs({ month, encoding })}`)}>
        {L('使用料月計表をダウンロード', 'Download monthly fees')}
      </button>
      <ErrorBox error={error} />
    </div>
  );
}
