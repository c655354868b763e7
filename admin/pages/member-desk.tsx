// 窓口登録: staff register a member with every item of the member-fields block
// (GET /member-fields), acknowledge look-alike members (409 member.possible_duplicates)
// and import a CSV of members (any problem imports nothing; the report names row and column).
import type { DuplicateCandidate as ServerCandidate } from '../../engine/members/duplicates';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, fileBase64, L, type Issue } from '../api';
import { StaffForm, type Answers, type FormFieldDef } from '../components/form-fields';
import { dateLabel, ErrorBox, ImportProblems, phoneText } from '../components/ui';
import { go, href } from '../router';

export interface MemberFields {
  kinds: { kind: 'individual' | 'group'; fields: FormFieldDef[] }[];
  password: boolean;
  maxImportRows: number;
  retentionDays: number;
}

/** A look-alike member as the API reports it; the import adds the CSV row that looks like it. */
export type DuplicateCandidate = Omit<ServerCandidate, 'status'> & { row?: number };

let fieldsCache: Promise<MemberFields> | null = null;

/** The member items (fetched once per console load; a publish changes them rarely). */
export function useMemberFields(): [MemberFields | null, unknown] {
  const [mf, setMf] = useState<MemberFields | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    fieldsCache ??= api<MemberFields>('GET', '/member-fields');
    fieldsCache.then(setMf).catch((e) => ((fieldsCache = null), setError(e)));
  }, []);
  return [mf, error];
}

export const kindLabel = (k: string) => (k === 'group' ? L('団体', 'Group') : L('個人', 'Individual'));

/** The new member's initial password, shown once on its page after the desk registration. */
let justRegistered: { id: string; initialPassword?: string } | null = null;
export function takeJustRegistered(id: string): { initialPassword?: string } | null {
  if (justRegistered?.id !== id) return null;
  const r = justRegistered;
  justRegistered = null;
  return r;
}

/** Candidates of a 409 member.possible_duplicates, else null. */
export function duplicatesOf(e: unknown): DuplicateCandidate[] | null {
  return e instanceof ApiError && e.code === 'member.possible_duplicates' ? ((e.details.candidates as DuplicateCandidate[] | undefined) ?? []) : null;
}

/** Issues located at an answer (shown beside their field) and the rest. */
export function splitIssues(e: unknown): { answers: Issue[]; other: unknown } {
  if (!(e instanceof ApiError)) return { answers: [], other: e };
  const answers = e.issues.filter((i) => i.path.startsWith('/answers/'));
  return { answers, other: e };
}

export function DuplicateWarning({ candidates, message, confirmLabel, onConfirm, busy }: { candidates: DuplicateCandidate[]; message: string; confirmLabel: string; onConfirm: () => void; busy: boolean }) {
  const withRow = candidates.some((c) => c.row !== undefined);
  // Focus the panel (not its button): a second Enter must not register without reading it.
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div class="panel duplicate-warning" role="alert" tabIndex={-1} ref={ref} data-testid="duplicate-warning">
      <h2>{L('同じ方が登録されていませんか', 'Possibly registered already')}</h2>
      <p class="notice-warn">{message}</p>
      <table class="list">
        <thead>
          <tr>
            {withRow && <th>{L('行', 'Row')}</th>}
            <th>{L('会員番号', 'Member no.')}</th>
            <th>{L('氏名', 'Name')}</th>
            <th>{L('生年月日', 'Date of birth')}</th>
            <th>{L('電話番号', 'Phone')}</th>
            <th>{L('一致した項目', 'Matched')}</th>
          </tr>
        </thead>
        <tbody>
          {candidates.map((c) => (
            <tr key={`${c.row ?? ''}-${c.id}`}>
              {withRow && <td>{c.row}</td>}
              <td>
                <a href={href('member', c.id)} target="_blank" rel="noopener">
                  {c.memberNo}
                </a>
              </td>
              <td>{c.name}</td>
              <td>{c.birthdate ? dateLabel(c.birthdate) : '—'}</td>
              <td>{c.phone ? phoneText(c.phone) : '—'}</td>
              <td>{c.matched.map((m) => (m === 'birthdate' ? L('氏名・生年月日', 'name, birthdate') : L('氏名・電話番号', 'name, phone'))).join('、')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="actions">
        <button type="button" class="primary" disabled={busy} onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </div>
  );
}

/** 新規登録（窓口）: the member-fields form of the chosen kind, the initial password, the duplicate warning. */
export function MemberNewPage() {
  const [mf, loadError] = useMemberFields();
  const [kind, setKind] = useState<'individual' | 'group'>('individual');
  const [answers, setAnswers] = useState<Answers>({});
  const [pwMode, setPwMode] = useState<'generate' | 'given'>('generate');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [dups, setDups] = useState<DuplicateCandidate[] | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (mf && !mf.kinds.some((k) => k.kind === kind)) setKind(mf.kinds[0].kind);
  }, [mf]);
  if (!mf) return <ErrorBox error={loadError} />;
  const fields = mf.kinds.find((k) => k.kind === kind)?.fields ?? mf.kinds[0].fields;
  const submit = async (confirmDuplicates: boolean) => {
    setError(null);
    setBusy(true);
    try {
      const body = { kind, answers, confirmDuplicates, ...(mf.password && pwMode === 'given' ? { password } : {}) };
      const r = await api<{ member: { id: string }; initialPassword?: string }>('POST', '/members', body);
      justRegistered = { id: r.member.id, ...(r.initialPassword ? { initialPassword: r.initialPassword } : {}) };
      go('member', r.member.id);
    } catch (e) {
      const d = duplicatesOf(e);
      setDups(d);
      setError(d ? null : e);
    } finally {
      setBusy(false);
    }
  };
  const { answers: answerIssues, other } = splitIssues(error);
  const pwIssue = error instanceof ApiError ? error.issues.find((i) => i.path === '/password') : undefined;
  return (
    <section>
      <p>
        <a href={href('members')}>{L('← 会員一覧', '← Members')}</a>
      </p>
      <h1>{L('新規登録（窓口）', 'Register a member (desk)')}</h1>
      <form
        class="panel desk-form"
        aria-label={L('会員登録', 'Member registration')}
        onSubmit={(e) => {
          e.preventDefault();
          void submit(false);
        }}
      >
        {mf.kinds.length > 1 && (
          <fieldset class="choices">
            <legend>{L('会員の種類', 'Kind of member')}</legend>
            {mf.kinds.map((k) => (
              <label key={k.kind} class="choice">
                <input type="radio" name="member-kind" value={k.kind} checked={kind === k.kind} onChange={() => (setKind(k.kind), setDups(null))} />
                {kindLabel(k.kind)}
              </label>
            ))}
          </fieldset>
        )}
        <StaffForm fields={fields} answers={answers} onChange={(a) => (setAnswers(a), setDups(null))} issues={answerIssues} />
        {mf.password && (
          <fieldset class="choices">
            <legend>{L('初期パスワード', 'Initial password')}</legend>
            <label class="choice">
              <input type="radio" name="pw-mode" checked={pwMode === 'generate'} onChange={() => setPwMode('generate')} />
              {L('自動で発行する（登録後に一度だけ表示）', 'Generate one (shown once after registering)')}
            </label>
            <label class="choice">
              <input type="radio" name="pw-mode" checked={pwMode === 'given'} onChange={() => setPwMode('given')} />
              {L('指定する', 'Set one')}
            </label>
            {pwMode === 'given' && (
              <div class={`field${pwIssue ? ' invalid' : ''}`}>
                <label for="new-member-password">{L('パスワード', 'Password')}</label>
                <input id="new-member-password" type="text" autoComplete="off" value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
                {pwIssue && <p class="field-error">{pwIssue.message}</p>}
              </div>
            )}
          </fieldset>
        )}
        <ErrorBox error={other} />
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            {L('登録する', 'Register')}
          </button>
        </div>
      </form>
      {dups && (
        <DuplicateWarning
          candidates={dups}
          message={L(
            `同じ氏名で生年月日または電話番号が同じ会員が${dups.length}件登録されています。同じ方でないか確認してください。別の方であれば、確認のうえ登録できます。`,
            `${dups.length} member(s) with the same name and the same birthdate or phone are already registered. Check that this is not the same person; if not, you can register after confirming.`,
          )}
          confirmLabel={L('確認のうえ登録する', 'Register anyway')}
          onConfirm={() => void submit(true)}
          busy={busy}
        />
      )}
    </section>
  );
}


interface ImportProblem {
  row: number;
  column: string;
  message: string;
  messageEn: string;
}

interface ImportResult {
  imported: number;
  members: { row: number; id: string; memberNo: string; name: string | null; loginId: string | null }[];
}

/** CSV一括登録 (there is no dry run: the server checks every row first and imports all or nothing). */
export function MemberImportPanel({ mf }: { mf: MemberFields }) {
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState<'individual' | 'group'>(mf.kinds[0].kind);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [problems, setProblems] = useState<ImportProblem[] | null>(null);
  const [dups, setDups] = useState<DuplicateCandidate[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async (confirmDuplicates: boolean) => {
    if (!file) return;
    setError(null);
    setResult(null);
    setProblems(null);
    setDups(null);
    setBusy(true);
    try {
      const csvBase64 = await fileBase64(file);
      setResult(await api<ImportResult>('POST', '/members/import', { csvBase64, kind, confirmDuplicates }));
    } catch (e) {
      const d = duplicatesOf(e);
      if (d) setDups(d);
      else if (e instanceof ApiError && e.code === 'member.import_invalid') setProblems((e.details.problems as ImportProblem[] | undefined) ?? []);
      else setError(e);
    } finally {
      setBusy(false);
    }
  };
  const columns = (mf.kinds.find((k) => k.kind === kind) ?? mf.kinds[0]).fields;
  return (
    <div class="panel" data-testid="member-import">
      <h2>{L('CSV一括登録', 'Import members from a CSV')}</h2>
      <p>
        {L(
          `見出し行に会員登録項目の名前（${columns.map((f) => f.label).join('・')}${mf.password ? '・パスワード' : ''}）を書いたCSV（UTF-8 または Shift_JIS、${mf.maxImportRows.toLocaleString('ja-JP')}行まで）を取り込みます。すべての行を確認し、問題が1件でもあれば何も登録しません。`,
          `A CSV (UTF-8 or Shift_JIS, up to ${mf.maxImportRows.toLocaleString('en')} rows) whose header names the member items (${columns.map((f) => f.labelEn ?? f.label).join(', ')}${mf.password ? ', Password' : ''}). Every row is checked first; if any has a problem, nothing is registered.`,
        )}
      </p>
      <form
        aria-label={L('CSV一括登録', 'Import members from a CSV')}
        onSubmit={(e) => {
          e.preventDefault();
          void run(false);
        }}
      >
        {mf.kinds.length > 1 && (
          <>
            <label for="import-kind">{L('会員の種類', 'Kind of member')}</label>
            <select id="import-kind" value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value as 'individual' | 'group')}>
              {mf.kinds.map((k) => (
                <option key={k.kind} value={k.kind}>
                  {kindLabel(k.kind)}
                </option>
              ))}
            </select>
          </>
        )}
        <label for="member-csv">{L('CSVファイル（UTF-8 または Shift_JIS）', 'CSV file (UTF-8 or Shift_JIS)')}</label>
        <input id="member-csv" type="file" accept=".csv,text/csv" onChange={(e) => (setFile((e.target as HTMLInputElement).files?.[0] ?? null), setResult(null), setProblems(null), setDups(null))} />
        <div class="actions">
          <button type="submit" class="primary" disabled={!file || busy}>
            {L('取り込む', 'Import')}
          </button>
        </div>
      </form>
      <ErrorBox error={error} />
      {problems && (
        <div class="import-report" role="alert" data-testid="import-problems">
          <p class="error">
            <strong>{L(`CSVに${problems.length}件の問題があります。何も取り込んでいません。`, `The CSV has ${problems.length} problem(s). Nothing was imported.`)}</strong>{' '}
            {L('行と列を確かめて直し、もう一度取り込んでください。', 'Fix them at the rows and columns shown and import again.')}
          </p>
          <ImportProblems problems={problems} />
        </div>
      )}
      {dups && (
        <DuplicateWarning
          candidates={dups}
          message={L(
            `CSVの行と同じ氏名で生年月日または電話番号が同じ会員が${dups.length}件登録されています。まだ何も取り込んでいません。同じ方でないか確認してください。`,
            `${dups.length} registered member(s) have the same name and birthdate or phone as rows of the CSV. Nothing is imported yet; check they are not the same people.`,
          )}
          confirmLabel={L('確認のうえ取り込む', 'Import anyway')}
          onConfirm={() => void run(true)}
          busy={busy}
        />
      )}
      {result && (
        <div class="import-report" role="status" data-testid="import-result">
          <p class="ok">{L(`${result.imported}件を登録しました。`, `${result.imported} member(s) registered.`)}</p>
          <table class="list">
            <thead>
              <tr>
                <th>{L('行', 'Row')}</th>
                <th>{L('会員番号', 'Member no.')}</th>
                <th>{L('氏名', 'Name')}</th>
                <th>{L('ログインID', 'Login id')}</th>
              </tr>
            </thead>
            <tbody>
              {result.members.map((m) => (
                <tr key={m.id}>
                  <td>{m.row}</td>
                  <td>
                    <a href={href('member', m.id)}>{m.memberNo}</a>
                  </td>
                  <td>{m.name}</td>
                  <td>{m.loginId ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
