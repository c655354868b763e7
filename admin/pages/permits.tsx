// 施設利用登録: the application queue (oldest first) with approve / reject (reason),
// the permits with their expiry (revoke with a reason), and 窓口登録 for a member
// found by number or name (seed 000: 利用者ごとに施設利用登録).
import { useEffect, useState } from 'preact/hooks';
import { api, apiBase, ApiError, L, qs } from '../api';
import { answerLabel, missingAnswers, StaffForm, type Answers, type FormFieldDef } from '../components/form-fields';
import { ErrorBox, Field, isoLocal } from '../components/ui';
import { go, href, route } from '../router';
import type { StaffPermitRow } from '../../blocks/permit/store';
import { MemberFinder, type MemberRow } from './proxy';
import { PERMIT } from '../../blocks/permit/states';

interface PermitInfo {
  id: string;
  title: string;
  form?: { fields: FormFieldDef[] };
  unlocks: { serviceTitle: string; resources: { title: string }[] | null; times: { from: string; to: string } | null }[];
}

const STATUSES: [string, string, string][] = [
  ['applied', '申請中（審査待ち）', 'Applied (to review)'],
  ['approved', '承認（有効）', 'Approved (valid)'],
  ['expired', '失効', 'Expired'],
  ['rejected', '却下', 'Rejected'],
  ['revoked', '取消', 'Revoked'],
  ['all', 'すべて', 'All'],
];

const dateJa = (d: string | null) => (d ? d.replace(/^(\d{4})-(\d{2})-(\d{2})$/, (_m, y, m, dd) => `${y}/${Number(m)}/${Number(dd)}`) : '—');

export function PermitsPage() {
  const q = route.value.query;
  const [f, setF] = useState({ status: q.status ?? 'applied', permit: q.permit ?? '', expiringBy: q.expiringBy ?? '' });
  const [rows, setRows] = useState<StaffPermitRow[] | null>(null);
  const [permits, setPermits] = useState<PermitInfo[]>([]);
  const [reason, setReason] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const load = (filter = f) =>
    api<{ rows: StaffPermitRow[]; permits: PermitInfo[] }>('GET', `/permits${qs(filter)}`)
      .then((r) => (setRows(r.rows), setPermits(r.permits), setError(null)))
      .catch(setError);
  useEffect(() => void load(), []);
  const act = async (run: () => Promise<unknown>, message: string) => {
    try {
      await run();
      setDone(message);
      setError(null);
      await load();
    } catch (e) {
      setDone('');
      setError(e);
    }
  };
  const decide = (no: string, decision: 'approve' | 'reject' | 'revoke', message: string) =>
    act(() => api('POST', `/permits/${encodeURIComponent(no)}/${decision}`, decision === 'approve' ? {} : { reason: reason[no] ?? '' }), message);
  const show = (e: Event) => {
    e.preventDefault();
    go('permits', undefined, f);
    void load();
  };
  const fieldsOf = (id: string) => permits.find((p) => p.id === id)?.form?.fields ?? [];
  return (
    <section>
      <h1>{L('施設利用登録', 'Facility-use permits')}</h1>
      <p>
        <a href={href('permit-desk')}>{L('窓口で登録する', 'Register at the desk')}</a>
      </p>
      <form class="panel row" onSubmit={show}>
        <Field id="p-status" label={L('状態', 'Status')}>
          <select id="p-status" value={f.status} onChange={(e) => setF({ ...f, status: (e.target as HTMLSelectElement).value })}>
            {STATUSES.map(([v, ja, en]) => (
              <option key={v} value={v}>
                {L(ja, en)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="p-permit" label={L('登録の種類', 'Permit')}>
          <select id="p-permit" value={f.permit} onChange={(e) => setF({ ...f, permit: (e.target as HTMLSelectElement).value })}>
            <option value="">{L('すべて', 'All')}</option>
            {permits.map((p) => (
              <option key={p.id} value={p.id}>
                {p.title}
              </option>
            ))}
          </select>
        </Field>
        <Field id="p-exp" label={L('有効期限がこの日まで', 'Expiring by')}>
          <input id="p-exp" type="date" value={f.expiringBy} onInput={(e) => setF({ ...f, expiringBy: (e.target as HTMLInputElement).value })} />
        </Field>
        <button type="submit" class="primary">
          {L('表示', 'Show')}
        </button>
      </form>
      <ErrorBox error={error} />
      {done && (
        <p class="ok" role="status">
          {done}
        </p>
      )}
      {rows && rows.length === 0 && <p>{L('該当する施設利用登録はありません。', 'No permits match.')}</p>}
      {rows && rows.length > 0 && (
        <table class="list" data-testid="permit-rows">
          <thead>
            <tr>
              <th>{L('登録番号', 'No.')}</th>
              <th>{L('登録', 'Permit')}</th>
              <th>{L('会員', 'Member')}</th>
              <th>{L('申請内容', 'Answers')}</th>
              <th>{L('状態', 'Status')}</th>
              <th>{L('申請日時', 'Applied')}</th>
              <th>{L('有効期間', 'Valid')}</th>
              <th>{L('操作', 'Action')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.permitNo}>
                <td>{r.permitNo}</td>
                <td>{L(r.title, r.titleEn)}</td>
                <td>
                  <a href={href('member', r.memberId)}>{r.memberNo}</a> {r.memberName}
                  {r.memberKind === 'group' && <small> {L('（団体）', ' (group)')}</small>}
                </td>
                <td>
                  {fieldsOf(r.permit)
                    .filter((x) => r.answers[x.id] !== undefined)
                    .map((x) => (
                      <div key={x.id}>
                        <small>{L(x.label, x.labelEn ?? x.label)}:</small> {answerLabel(x, r.answers[x.id])}
                      </div>
                    ))}
                </td>
                <td>
                  {L(r.statusLabel, r.statusLabelEn)}
                  {r.channel === 'staff' && <small>{L('（窓口）', ' (desk)')}</small>}
                  {r.reason && (
                    <>
                      <br />
                      <small>{r.reason}</small>
                    </>
                  )}
                </td>
                <td>{isoLocal(r.appliedAt)}</td>
                <td>
                  {dateJa(r.validFrom)} 〜 {dateJa(r.validUntil)}
                </td>
                <td>
                  {r.status === PERMIT.applied && (
                    <>
                      <button type="button" onClick={() => decide(r.permitNo, 'approve', L(`登録番号 ${r.permitNo} を承認しました。`, `Approved ${r.permitNo}.`))}>
                        {L('承認', 'Approve')}
                      </button>{' '}
                    </>
                  )}
                  {(r.status === PERMIT.applied || r.status === PERMIT.approved) && (
                    <>
                      <label class="visually-hidden" for={`reason-${r.permitNo}`}>
                        {r.status === PERMIT.applied ? L('却下の理由', 'Reason to reject') : L('取消の理由', 'Reason to revoke')}
                      </label>
                      <input
                        id={`reason-${r.permitNo}`}
                        placeholder={r.status === PERMIT.applied ? L('却下の理由', 'Reason to reject') : L('取消の理由', 'Reason to revoke')}
                        value={reason[r.permitNo] ?? ''}
                        onInput={(e) => setReason({ ...reason, [r.permitNo]: (e.target as HTMLInputElement).value })}
                      />{' '}
                      {r.status === PERMIT.applied ? (
                        <button type="button" onClick={() => decide(r.permitNo, 'reject', L(`登録番号 ${r.permitNo} を却下しました。`, `Rejected ${r.permitNo}.`))}>
                          {L('却下', 'Reject')}
                        </button>
                      ) : (
                        <button type="button" onClick={() => decide(r.permitNo, 'revoke', L(`登録番号 ${r.permitNo} を取り消しました。`, `Revoked ${r.permitNo}.`))}>
                          {L('取消', 'Revoke')}
                        </button>
                      )}
                    </>
                  )}
                  {r.status === PERMIT.approved && (
                    <p class="print-links">
                      {L('施設利用登録証を印刷：', 'Print the permit card: ')}
                      <a href={`${apiBase}/permits/${r.permitNo}/card?size=a4`} target="_blank" rel="noopener" aria-label={L(`登録番号 ${r.permitNo} の施設利用登録証（A4）`, `Permit card ${r.permitNo} (A4)`)}>
                        {L('A4', 'A4')}
                      </a>{' '}
                      <a href={`${apiBase}/permits/${r.permitNo}/card?size=card`} target="_blank" rel="noopener" aria-label={L(`登録番号 ${r.permitNo} の施設利用登録証（カードサイズ）`, `Permit card ${r.permitNo} (card size)`)}>
                        {L('カードサイズ', 'Card size')}
                      </a>
                    </p>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** 窓口登録: find the member, choose the permit, enter what its application asks; granted at once. */
export function PermitDeskPage() {
  const [member, setMember] = useState<MemberRow | null>(null);
  const [permits, setPermits] = useState<PermitInfo[]>([]);
  const [permitId, setPermitId] = useState('');
  const [answers, setAnswers] = useState<Answers>({});
  const [issues, setIssues] = useState<{ path: string; code: string; message: string }[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<{ permitNo: string; validFrom: string; validUntil: string } | null>(null);
  useEffect(() => {
    api<{ permits: PermitInfo[] }>('GET', '/permits?status=applied')
      .then((r) => (setPermits(r.permits), setPermitId(r.permits[0]?.id ?? '')))
      .catch(setError);
  }, []);
  const fields = permits.find((p) => p.id === permitId)?.form?.fields ?? [];
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!member) return;
    const missing = missingAnswers(fields, answers);
    setIssues(missing);
    if (missing.length) return;
    try {
      setDone(await api('POST', '/permits', { permit: permitId, memberId: member.id, answers }));
      setError(null);
    } catch (err) {
      setError(err);
      if (err instanceof ApiError) setIssues(err.issues);
    }
  };
  return (
    <section>
      <h1>{L('施設利用登録（窓口登録）', 'Register a permit at the desk')}</h1>
      <p>
        <a href={href('permits')}>{L('施設利用登録の一覧へ', 'Back to permits')}</a>
      </p>
      <ErrorBox error={error} />
      {done ? (
        <div class="ok" role="status">
          <p>
            {L(`登録しました。登録番号 ${done.permitNo}（有効期間 ${dateJa(done.validFrom)} 〜 ${dateJa(done.validUntil)}）`, `Registered: ${done.permitNo} (valid ${done.validFrom} to ${done.validUntil}).`)}
          </p>
        </div>
      ) : (
        <>
          <div class="panel">
            <h2>{L('1. 会員を選ぶ', '1. Choose the member')}</h2>
            {member ? (
              <p data-testid="desk-member">
                {member.memberNo} {member.name}{' '}
                <button type="button" class="link" onClick={() => setMember(null)}>
                  {L('選び直す', 'Change')}
                </button>
              </p>
            ) : (
              <MemberFinder onPick={setMember} />
            )}
          </div>
          {member && (
            <form class="panel" onSubmit={submit}>
              <h2>{L('2. 登録の種類と申請内容', '2. Permit and application')}</h2>
              <Field id="desk-permit" label={L('登録の種類', 'Permit')}>
                <select id="desk-permit" value={permitId} onChange={(e) => (setPermitId((e.target as HTMLSelectElement).value), setAnswers({}))}>
                  {permits.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.title}
                    </option>
                  ))}
                </select>
              </Field>
              <StaffForm fields={fields} answers={answers} onChange={setAnswers} issues={issues} />
              <button type="submit" class="primary">
                {L('登録する', 'Register')}
              </button>
            </form>
          )}
        </>
      )}
    </section>
  );
}
