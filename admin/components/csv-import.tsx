// The CSV uploads of the console's registers (records, contracts, a card ledger).
import { useState } from 'preact/hooks';
import { apiBase, ApiError, fileBase64, L, lang } from '../api';
import { ErrorBox, ImportProblems } from './ui';

interface ImportIssue {
  row: number;
  column: string;
  message: string;
  messageEn: string;
}

/** A CSV upload (UTF-8 or Shift_JIS, sent as bytes): all rows or none, the 422 report `{ imported: 0, issues }` shown by row and column. */
export function CsvImport(p: { path: string; title: [string, string]; hint?: [string, string]; done(n: number): string; onImported?(): void }) {
  const [msg, setMsg] = useState('');
  const [issues, setIssues] = useState<ImportIssue[]>([]);
  const [err, setErr] = useState<unknown>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setMsg('');
    setIssues([]);
    setErr(null);
    const file = (new FormData(e.target as HTMLFormElement).get('file') as File | null) ?? null;
    if (!file || !file.size) return;
    try {
      // 422 answers { imported: 0, issues }: the issues are the report.
      const res = await fetch(`${apiBase}${p.path}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', 'accept-language': lang.value },
        body: JSON.stringify({ csvBase64: await fileBase64(file) }),
      });
      const data = (await res.json()) as { imported?: number; issues?: ImportIssue[]; error?: { code: string; message: string } };
      if (data.error) throw new ApiError(res.status, data.error.code, data.error.message);
      if (data.issues?.length) {
        setIssues(data.issues);
        setMsg(L(`${data.issues.length}件の問題があるため、取り込んでいません。`, `Nothing imported: ${data.issues.length} problem(s).`));
        return;
      }
      setMsg(p.done(data.imported ?? 0));
      (e.target as HTMLFormElement).reset();
      p.onImported?.();
    } catch (x) {
      setErr(x);
    }
  };
  return (
    <form class="panel" aria-label={L(...p.title)} onSubmit={(e) => void submit(e)}>
      <strong>{L(...p.title)}</strong>{' '}
      <label>
        {L('CSVファイル（UTF-8 または Shift_JIS）', 'CSV file (UTF-8 or Shift_JIS)')} <input type="file" name="file" accept=".csv,text/csv" required />
      </label>{' '}
      <button type="submit">{L('取り込む', 'Import')}</button>
      {p.hint && <p class="hint">{L(...p.hint)}</p>}
      {msg && <span role="status"> {msg}</span>}
      <ErrorBox error={err} />
      {issues.length > 0 && <ImportProblems problems={issues} />}
    </form>
  );
}
