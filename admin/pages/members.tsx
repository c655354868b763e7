// 会員管理: find a member, view (audited), edit the base fields, suspend, and
// reset the LINE user id link (seed 004 LINEユーザーIDリセット).
import { useEffect, useState } from 'preact/hooks';
import { api, L } from '../api';
import { dateLabel, epochJa, ErrorBox, Field, STATUS_LABEL, phoneText } from '../components/ui';
import { go, href, route } from '../router';
import { me } from '../session';
import { MemberFinder, type MemberRow } from './proxy';

export function MembersPage() {
  return (
    <section>
      <h1>{L('会員一覧', 'Members')}</h1>
      <div class="panel">
        <MemberFinder onPick={(m) => go('member', m.id)} />
      </div>
    </section>
  );
}

interface MemberDetail extends MemberRow {
  loginId: string | null;
  profile: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
  bookings: { receiptNo: string; service: string; resource: string; date: string; time: string; status: string }[];
}

export function MemberPage() {
  const id = route.value.arg ?? '';
  const m = me.value!;
  const [d, setD] = useState<MemberDetail | null>(null);
  const [edit, setEdit] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [msg, setMsg] = useState('');
  const load = () =>
    api<MemberDetail>('GET', `/members/${encodeURIComponent(id)}`)
      .then((x) => (setD(x), setEdit({ name: x.name ?? '', nameKana: x.nameKana ?? '', phone: x.phone ?? '', email: x.email ?? '' })))
      .catch(setError);
  useEffect(() => void load(), [id]);
  const act = async (fn: () => Promise<unknown>, done: string) => {
    setError(null);
    try {
      await fn();
      setMsg(done);
      await load();
    } catch (e) {
      setError(e);
    }
  };
  if (!d) return <ErrorBox error={error} />;
  const set = (k: string) => (e: Event) => setEdit({ ...edit, [k]: (e.target as HTMLInputElement).value });
  return (
    <section>
      <h1>
        {L('会員', 'Member')} {d.memberNo} {d.name}
      </h1>
      {msg && <p class="ok" role="status">{msg}</p>}
      <ErrorBox error={error} />
      <table class="kv">
        <tbody>
          <tr><th>{L('会員番号', 'Member no.')}</th><td>{d.memberNo}</td></tr>
          <tr><th>{L('会員種別', 'Account type')}</th><td data-testid="account-type">{d.accountType}</td></tr>
          <tr><th>{L('状態', 'Status')}</th><td>{d.status === 'active' ? L('利用中', 'Active') : L('利用停止', 'Suspended')}</td></tr>
          <tr><th>{L('ログインID', 'Login id')}</th><td>{d.loginId ?? '—'}</td></tr>
          <tr><th>{L('登録日時', 'Registered')}</th><td>{epochJa(d.createdAt, m.tenant.timeZone)}</td></tr>
          {Object.entries(d.profile).map(([k, v]) => (
            <tr key={k}><th>{k}</th><td>{String(v)}</td></tr>
          ))}
        </tbody>
      </table>
      {m.can.editMembers ? (
        <form class="panel" onSubmit={(e) => (e.preventDefault(), act(() => api('PATCH', `/members/${d.id}`, edit), L('保存しました。', 'Saved.')))}>
          <h2>{L('基本情報の変更', 'Edit')}</h2>
          <div class="row">
            <Field id="me-name" label={L('氏名', 'Name')}><input id="me-name" value={edit.name} onInput={set('name')} /></Field>
            <Field id="me-kana" label={L('フリガナ', 'Kana')}><input id="me-kana" value={edit.nameKana} onInput={set('nameKana')} /></Field>
            <Field id="me-phone" label={L('電話番号', 'Phone')}><input id="me-phone" type="tel" value={edit.phone} onInput={set('phone')} /></Field>
            <Field id="me-email" label={L('メールアドレス', 'Email')}><input id="me-email" type="email" value={edit.email} onInput={set('email')} /></Field>
          </div>
          <div class="actions">
            <button type="submit" class="primary">{L('保存', 'Save')}</button>
            <button type="button" onClick={() => confirm(L('利用状態を切り替えますか？', 'Change the status?')) && act(() => api('PUT', `/members/${d.id}/status`, { status: d.status === 'active' ? 'suspended' : 'active' }), L('利用状態を変更しました。', 'Status changed.'))}>
              {d.status === 'active' ? L('利用停止にする', 'Suspend') : L('利用を再開する', 'Reactivate')}
            </button>
            {d.accountType === 'LINE' && (
              <button type="button" class="danger" onClick={() => confirm(L('LINEユーザーIDとの連携を解除しますか？', 'Unlink the LINE account?')) && act(() => api('DELETE', `/members/${d.id}/line-link`), L('LINEユーザーIDをリセットしました。', 'LINE link reset.'))}>
                {L('LINEユーザーIDリセット', 'Reset LINE user id')}
              </button>
            )}
          </div>
        </form>
      ) : (
        <table class="kv">
          <tbody>
            <tr><th>{L('電話番号', 'Phone')}</th><td>{phoneText(d.phone)}</td></tr>
            <tr><th>{L('メールアドレス', 'Email')}</th><td>{d.email}</td></tr>
          </tbody>
        </table>
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
