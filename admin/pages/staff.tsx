// 操作職員権限設定: accounts with role, facility scope, validity period,
// suspension and temporary passwords (system administrators only).
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, L } from '../api';
import { ErrorBox, Field } from '../components/ui';
import { me } from '../session';

interface Staff {
  loginId: string;
  name: string;
  email: string | null;
  organization: string | null;
  role: string;
  roleLabel: string;
  scope: string[];
  validFrom: string | null;
  validUntil: string | null;
  suspended: boolean;
  mustChangePassword: boolean;
}
const ROLES: [string, string, string][] = [
  ['system-admin', 'システム管理者', 'System administrator'],
  ['facility-manager', '施設運営管理者', 'Facility manager'],
  ['facility-staff', '施設担当者', 'Facility staff'],
];
const BLANK = { loginId: '', name: '', email: '', organization: '', role: 'facility-staff', scope: [] as string[], validFrom: '', validUntil: '', suspended: false, password: '', password2: '', temporary: true };

export function StaffPage() {
  const m = me.value!;
  const [list, setList] = useState<Staff[]>([]);
  const [form, setForm] = useState({ ...BLANK });
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [msg, setMsg] = useState('');
  const load = () => api<{ staff: Staff[] }>('GET', '/staff').then((r) => setList(r.staff)).catch(setError);
  useEffect(() => void load(), []);
  const set = (k: string) => (e: Event) => setForm({ ...form, [k]: (e.target as HTMLInputElement).value });
  const edit = (s: Staff) => {
    setEditing(s.loginId);
    setForm({ ...BLANK, ...s, email: s.email ?? '', organization: s.organization ?? '', validFrom: s.validFrom ?? '', validUntil: s.validUntil ?? '' });
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setMsg('');
    const { password, password2, temporary, loginId, ...fields } = form;
    if (password !== password2) return setError(new Error(L('パスワード（確認用）が一致しません。', 'Passwords do not match.')));
    try {
      if (editing) {
        await api('PATCH', `/staff/${editing}`, fields);
        setMsg(L('変更しました。', 'Saved.'));
      } else {
        const r = await api<{ temporaryPassword?: string }>('POST', '/staff', { ...fields, loginId, ...(password ? { password, temporary } : {}) });
        setMsg(r.temporaryPassword ? L(`登録しました。仮パスワード: ${r.temporaryPassword}（この画面でのみ表示）`, `Created. Temporary password: ${r.temporaryPassword} (shown once)`) : L('登録しました。', 'Created.'));
      }
      setEditing(null);
      setForm({ ...BLANK });
      await load();
    } catch (err) {
      setError(err);
    }
  };
  const reset = async (loginId: string) => {
    if (!confirm(L(`${loginId} のパスワードを仮パスワードにリセットしますか？`, `Reset the password of ${loginId}?`))) return;
    try {
      const r = await api<{ temporaryPassword?: string }>('POST', `/staff/${loginId}/password`, {});
      setMsg(L(`仮パスワード: ${r.temporaryPassword}（この画面でのみ表示）`, `Temporary password: ${r.temporaryPassword} (shown once)`));
    } catch (err) {
      setError(err);
    }
  };
  const issues = error instanceof ApiError ? error.issues : [];
  const bad = (p: string) => (issues.some((i) => i.path.startsWith(p)) ? 'invalid' : '');
  return (
    <section>
      <h1>{L('操作職員権限設定', 'Staff accounts')}</h1>
      {msg && <p class="ok" role="status" data-testid="staff-msg">{msg}</p>}
      <table class="list">
        <thead>
          <tr>
            <th>{L('ログインID', 'Login id')}</th><th>{L('氏名', 'Name')}</th><th>{L('登録区分', 'Role')}</th><th>{L('担当施設', 'Facilities')}</th>
            <th>{L('適用開始日', 'From')}</th><th>{L('有効期限', 'Until')}</th><th>{L('状態', 'Status')}</th><th />
          </tr>
        </thead>
        <tbody>
          {list.map((s) => (
            <tr key={s.loginId}>
              <td>{s.loginId}</td><td>{s.name}</td><td>{s.roleLabel}</td>
              <td>{s.scope.includes('*') ? L('すべて', 'All') : s.scope.map((id) => m.services.find((x) => x.id === id)?.title ?? id).join('、')}</td>
              <td>{s.validFrom ?? ''}</td><td>{s.validUntil ?? ''}</td>
              <td>{s.suspended ? L('利用停止', 'Suspended') : s.mustChangePassword ? L('仮パスワード', 'Temporary password') : L('利用中', 'Active')}</td>
              <td>
                <button type="button" onClick={() => edit(s)}>{L('変更', 'Edit')}</button>
                <button type="button" onClick={() => reset(s.loginId)}>{L('パスワード再発行', 'Reset password')}</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form class="panel" onSubmit={submit}>
        <h2>{editing ? L(`操作者情報変更（${editing}）`, `Edit ${editing}`) : L('操作者情報登録', 'New staff account')}</h2>
        <div class="row">
          <Field id="st-org" label={L('運営管理団体', 'Organization')}><input id="st-org" value={form.organization} onInput={set('organization')} /></Field>
          <Field id="st-name" label={L('氏名', 'Name')}><input id="st-name" class={bad('/name')} value={form.name} onInput={set('name')} required /></Field>
          <Field id="st-login" label={L('ログインID', 'Login id')}><input id="st-login" class={bad('/loginId')} value={form.loginId} onInput={set('loginId')} disabled={!!editing} required /></Field>
          <Field id="st-email" label={L('メールアドレス', 'Email')}><input id="st-email" type="email" value={form.email} onInput={set('email')} /></Field>
        </div>
        {!editing && (
          <div class="row">
            <Field id="st-pw" label={L('パスワード（空欄なら自動発行）', 'Password (blank: generated)')}><input id="st-pw" type="password" autoComplete="new-password" value={form.password} onInput={set('password')} /></Field>
            <Field id="st-pw2" label={L('パスワード（確認用）', 'Password (again)')}><input id="st-pw2" type="password" autoComplete="new-password" value={form.password2} onInput={set('password2')} /></Field>
            <label class="choice">
              <input type="checkbox" checked={form.temporary} onChange={(e) => setForm({ ...form, temporary: (e.target as HTMLInputElement).checked })} />
              {L('仮パスワード（初回ログイン時に変更させる）', 'Temporary (must change at first login)')}
            </label>
          </div>
        )}
        <div class="row">
          <div class="field">
            <span class="label">{L('利用停止', 'Suspended')}</span>
            <span class="inline">
              <label><input type="radio" name="suspended" checked={!form.suspended} onChange={() => setForm({ ...form, suspended: false })} />{L('しない', 'No')}</label>
              <label><input type="radio" name="suspended" checked={form.suspended} onChange={() => setForm({ ...form, suspended: true })} />{L('する', 'Yes')}</label>
            </span>
          </div>
          <Field id="st-from" label={L('適用開始日', 'Valid from')}><input id="st-from" type="date" value={form.validFrom} onInput={set('validFrom')} /></Field>
          <Field id="st-until" label={L('有効期限', 'Valid until')}><input id="st-until" class={bad('/validUntil')} type="date" value={form.validUntil} onInput={set('validUntil')} /></Field>
        </div>
        <div class="row">
          <div class="field">
            <span class="label">{L('登録区分', 'Role')}</span>
            <span class="inline">
              {ROLES.map(([v, ja, en]) => (
                <label key={v}><input type="radio" name="role" value={v} checked={form.role === v} onChange={set('role')} />{L(ja, en)}</label>
              ))}
            </span>
          </div>
          {form.role !== 'system-admin' && (
            <div class={`field ${bad('/scope')}`}>
              <span class="label">{L('担当施設（サービス）', 'Facilities (services)')}</span>
              <span class="inline">
                <label><input type="checkbox" checked={form.scope.includes('*')} onChange={(e) => setForm({ ...form, scope: (e.target as HTMLInputElement).checked ? ['*'] : [] })} />{L('すべて', 'All')}</label>
                {m.services.map((s) => (
                  <label key={s.id}>
                    <input type="checkbox" disabled={form.scope.includes('*')} checked={form.scope.includes(s.id)} onChange={(e) => setForm({ ...form, scope: (e.target as HTMLInputElement).checked ? [...form.scope, s.id] : form.scope.filter((x) => x !== s.id) })} />
                    {s.title}
                  </label>
                ))}
              </span>
            </div>
          )}
        </div>
        <ErrorBox error={error} />
        <div class="actions">
          <button type="submit" class="primary">{editing ? L('変更', 'Save') : L('登録', 'Create')}</button>
          {editing && <button type="button" onClick={() => (setEditing(null), setForm({ ...BLANK }))}>{L('戻る', 'Back')}</button>}
        </div>
      </form>
    </section>
  );
}
