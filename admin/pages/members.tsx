// 会員管理: find a member, 新規登録（窓口） and CSV一括登録 (member-desk.tsx), view
// (audited), edit every item of the member-fields form, suspend, 登録抹消, print the
// 利用者登録証, and reset the LINE user id link (seed 004 LINEユーザーIDリセット).
import { useEffect, useState } from 'preact/hooks';
import { api, apiBase, L } from '../api';
import { answerLabel, StaffForm, type Answers } from '../components/form-fields';
import { dateLabel, epochJa, ErrorBox, STATUS_LABEL } from '../components/ui';
import { go, href, route } from '../router';
import { me } from '../session';
import { DuplicateWarning, duplicatesOf, kindLabel, MemberImportPanel, splitIssues, takeJustRegistered, useMemberFields, type DuplicateCandidate } from './member-desk';
import { MemberFinder, type MemberRow } from './proxy';

export function MembersPage() {
  const [mf] = useMemberFields();
  const canEdit = me.value?.can.editMembers ?? false;
  return (
    <section>
      <h1>{L('会員一覧', 'Members')}</h1>
      {canEdit && (
        <p class="actions">
          <a class="button primary" href={href('member-new')}>
            {L('新規登録（窓口）', 'Register a member (desk)')}
          </a>
        </p>
      )}
      <div class="panel">
        <MemberFinder onPick={(m) => go('member', m.id)} />
      </div>
      {canEdit && mf && <MemberImportPanel mf={mf} />}
    </section>
  );
}

interface MemberDetail extends MemberRow {
  loginId: string | null;
  kind: 'individual' | 'group';
  profile: Record<string, unknown>;
  answers: Answers;
  deregisteredAt: number | null;
  purgeAfter: number | null;
  createdAt: number;
  updatedAt: number;
  bookings: { receiptNo: string; service: string; resource: string; date: string; time: string; status: string }[];
}

export function MemberPage() {
  const id = route.value.arg ?? '';
  const m = me.value!;
  const [mf, mfError] = useMemberFields();
  const [d, setD] = useState<MemberDetail | null>(null);
  const [edit, setEdit] = useState<Answers>({});
  const [error, setError] = useState<unknown>(null);
  const [editError, setEditError] = useState<unknown>(null);
  const [dups, setDups] = useState<DuplicateCandidate[] | null>(null);
  const [msg, setMsg] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  // The initial password of a member just registered at the desk: shown on this visit only.
  const [initial] = useState(() => takeJustRegistered(id));
  const load = () =>
    api<MemberDetail>('GET', `/members/${encodeURIComponent(id)}`)
      .then((x) => (setD(x), setEdit({ ...x.answers })))
      .catch(setError);
  useEffect(() => void load(), [id]);
  const act = async (fn: () => Promise<unknown>, done: string) => {
    setError(null);
    setMsg('');
    try {
      await fn();
      await load(); // the member as it now is, then the word that it was done
      setMsg(done);
    } catch (e) {
      setError(e);
    }
  };
  const fieldsOf = (x: MemberDetail) => (mf!.kinds.find((k) => k.kind === x.kind) ?? mf!.kinds[0]).fields;
  const save = async (confirmDuplicates: boolean) => {
    setEditError(null);
    setMsg('');
    setBusy(true);
    try {
      // Only the form's items: the profile may hold others (kept by the server as they are).
      const ids = new Set(fieldsOf(d!).map((f) => f.id));
      const answers = Object.fromEntries(Object.entries(edit).filter(([k]) => ids.has(k)));
      await api('PATCH', `/members/${d!.id}`, { answers, confirmDuplicates });
      setDups(null);
      await load();
      setMsg(L('保存しました。', 'Saved.'));
    } catch (e) {
      const c = duplicatesOf(e);
      setDups(c);
      setEditError(c ? null : e);
    } finally {
      setBusy(false);
    }
  };
  if (!d || !mf) return <ErrorBox error={error ?? mfError} />;
  const fields = fieldsOf(d);
  const deregistered = d.status === 'deleted';
  const statusText = deregistered ? L('登録抹消', 'Deregistered') : d.status === 'active' ? L('利用中', 'Active') : L('利用停止', 'Suspended');
  const card = (size: 'a4' | 'card') => `${apiBase}/members/${encodeURIComponent(d.id)}/card?size=${size}`;
  const deregister = () => {
    const text = L(
      `会員番号 ${d.memberNo}（${d.name ?? ''}）を登録抹消しますか？\nこの会員はすぐにログインできなくなり、検索にも出なくなります。個人情報は保存期間（${mf.retentionDays}日）の経過後に消去されます。`,
      `Deregister member ${d.memberNo} (${d.name ?? ''})?\nThe member can no longer log in and is no longer found by search. The personal data is erased after the retention period (${mf.retentionDays} days).`,
    );
    if (confirm(text)) void act(() => api('POST', `/members/${d.id}/deregister`, reason.trim() ? { reason: reason.trim() } : {}), L('登録抹消しました。', 'Deregistered.'));
  };
  const { answers: answerIssues, other } = splitIssues(editError);
  return (
    <section>
      <p>
        <a href={href('members')}>{L('← 会員一覧', '← Members')}</a>
      </p>
      <h1>
        {L('会員', 'Member')} {d.memberNo} {d.name}
      </h1>
      {initial && (
        <div class="panel" role="status" data-testid="registered">
          <p class="ok">{L(`会員番号 ${d.memberNo} で登録しました。`, `Registered as member ${d.memberNo}.`)}</p>
          {initial.initialPassword && (
            <p>
              {L('初期パスワード（この画面でのみ表示します。控えて会員にお渡しください）', 'Initial password (shown here only once: note it for the member)')}:{' '}
              <strong class="initial-password" data-testid="initial-password">
                {initial.initialPassword}
              </strong>
            </p>
          )}
        </div>
      )}
      {msg && <p class="ok" role="status">{msg}</p>}
      <ErrorBox error={error} />
      <table class="kv">
        <tbody>
          <tr><th>{L('会員番号', 'Member no.')}</th><td>{d.memberNo}</td></tr>
          <tr><th>{L('会員の種類', 'Kind of member')}</th><td>{kindLabel(d.kind)}</td></tr>
          <tr><th>{L('会員種別', 'Account type')}</th><td data-testid="account-type">{d.accountType}</td></tr>
          <tr><th>{L('状態', 'Status')}</th><td data-testid="member-status">{statusText}{deregistered && d.purgeAfter ? L(`（${epochJa(d.purgeAfter, m.tenant.timeZone)} 以降に個人情報を消去）`, ` (personal data erased after ${epochJa(d.purgeAfter, m.tenant.timeZone)})`) : ''}</td></tr>
          <tr><th>{L('登録日時', 'Registered')}</th><td>{epochJa(d.createdAt, m.tenant.timeZone)}</td></tr>
          {(!m.can.editMembers || deregistered) &&
            fields.map((f) => (
              <tr key={f.id}><th>{L(f.label, f.labelEn ?? f.label)}</th><td>{f.type === 'birthdate' && typeof d.answers[f.id] === 'string' ? dateLabel(d.answers[f.id] as string) : answerLabel(f, d.answers[f.id])}</td></tr>
            ))}
        </tbody>
      </table>
      {!deregistered && (
        <p class="actions">
          <a class="button" href={card('a4')} target="_blank" rel="noopener">{L('利用者登録証を印刷（A4）', 'Print the member card (A4)')}</a>
          <a class="button" href={card('card')} target="_blank" rel="noopener">{L('利用者登録証を印刷（カードサイズ）', 'Print the member card (card size)')}</a>
        </p>
      )}
      {m.can.editMembers && !deregistered && (
        <>
          <form class="panel" aria-label={L('登録内容の変更', 'Edit the registration')} onSubmit={(e) => (e.preventDefault(), void save(false))}>
            <h2>{L('登録内容の変更', 'Edit the registration')}</h2>
            <StaffForm fields={fields} answers={edit} onChange={(a) => (setEdit(a), setDups(null))} issues={answerIssues} />
            <ErrorBox error={other} />
            <div class="actions">
              <button type="submit" class="primary" disabled={busy}>{L('保存', 'Save')}</button>
            </div>
          </form>
          {dups && (
            <DuplicateWarning
              candidates={dups}
              message={L(
                `変更後の内容と同じ氏名で生年月日または電話番号が同じ会員が${dups.length}件登録されています。まだ保存していません。同じ方でないか確認してください。`,
                `${dups.length} other member(s) have the same name and birthdate or phone as the edited details. Nothing is saved yet; check they are not the same person.`,
              )}
              confirmLabel={L('確認のうえ保存する', 'Save anyway')}
              onConfirm={() => void save(true)}
              busy={busy}
            />
          )}
          <div class="panel">
            <h2>{L('利用状態', 'Status')}</h2>
            <div class="actions">
              <button type="button" onClick={() => confirm(L('利用状態を切り替えますか？', 'Change the status?')) && act(() => api('PUT', `/members/${d.id}/status`, { status: d.status === 'active' ? 'suspended' : 'active' }), L('利用状態を変更しました。', 'Status changed.'))}>
                {d.status === 'active' ? L('利用停止にする', 'Suspend') : L('利用を再開する', 'Reactivate')}
              </button>
              {d.accountType === 'LINE' && (
                <button type="button" class="danger" onClick={() => confirm(L('LINEユーザーIDとの連携を解除しますか？', 'Unlink the LINE account?')) && act(() => api('DELETE', `/members/${d.id}/line-link`), L('LINEユーザーIDをリセットしました。', 'LINE link reset.'))}>
                  {L('LINEユーザーIDリセット', 'Reset LINE user id')}
                </button>
              )}
            </div>
            <h3>{L('登録抹消', 'Deregister')}</h3>
            <p>
              {L(
                `登録抹消するとすぐにログインできなくなります。個人情報は${mf.retentionDays}日間保存したあと消去されます（会員番号は予約の記録のため残ります）。`,
                `A deregistered member can no longer log in. The personal data is kept for ${mf.retentionDays} days, then erased (the member number stays for the booking records).`,
              )}
            </p>
            <div class="field">
              <label for="dereg-reason">{L('抹消の理由（任意）', 'Reason (optional)')}</label>
              <input id="dereg-reason" value={reason} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
            </div>
            <div class="actions">
              <button type="button" class="danger" onClick={deregister}>{L('登録抹消', 'Deregister')}</button>
            </div>
          </div>
        </>
      )}
      <h2>{L('予約', 'Bookings')}</h2>
      <a class="button" href={href('proxy', undefined, { member: d.id })}>{L('この会員の代理予約', 'Book for this member')}</a>
      <table class="list">
        <tbody>
          {d.bookings.map((b) => (
            <tr key={b.receiptNo} class={b.status}>
              <td><a href={href('booking', b.receiptNo)}>{b.receiptNo}</a></td>
              <td>{dateLabel(b.date)} {b.time}</td>
              <td>{b.service}</td>
              <td>{STATUS_LABEL(b.status)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
