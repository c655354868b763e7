// Login (per-person id and password) and the forced change of a temporary password.
import { useState } from 'preact/hooks';
import { api, L } from '../api';
import { ErrorBox, Field } from '../components/ui';
import { go } from '../router';
import { loadMe, me } from '../session';

export function LoginPage() {
  const [loginId, setLoginId] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await api('POST', '/login', { loginId, password });
      await loadMe();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <main class="login">
      <form onSubmit={submit} class="card">
        <h1>{L('職員ログイン', 'Staff login')}</h1>
        <Field id="loginId" label={L('ログインID', 'Login id')}>
          <input id="loginId" autoComplete="username" value={loginId} onInput={(e) => setLoginId((e.target as HTMLInputElement).value)} required />
        </Field>
        <Field id="password" label={L('パスワード', 'Password')}>
          <input id="password" type="password" autoComplete="current-password" value={password} onInput={(e) => setPassword((e.target as HTMLInputElement).value)} required />
        </Field>
        <ErrorBox error={error} />
        <button type="submit" class="primary">
          {L('ログイン', 'Log in')}
        </button>
      </form>
    </main>
  );
}

export function PasswordPage() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const forced = me.value?.mustChangePassword;
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    if (next !== confirm) return setError(new Error(L('確認用のパスワードが一致しません。', 'The confirmation does not match.')));
    try {
      await api('POST', '/password', { currentPassword: current, newPassword: next });
      setDone(true);
      await loadMe();
      go('today');
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form onSubmit={submit} class="card narrow">
      <h1>{L('パスワード変更', 'Change password')}</h1>
      {forced && <p class="notice">{L('仮パスワードでログインしています。新しいパスワードを設定してください。', 'You logged in with a temporary password. Please set a new one.')}</p>}
      <Field id="current" label={L('現在のパスワード', 'Current password')}>
        <input id="current" type="password" autoComplete="current-password" value={current} onInput={(e) => setCurrent((e.target as HTMLInputElement).value)} required />
      </Field>
      <Field id="next" label={L('新しいパスワード', 'New password')} hint={L('8文字以上、英字と数字を含める', 'At least 8 characters with letters and digits')}>
        <input id="next" type="password" autoComplete="new-password" value={next} onInput={(e) => setNext((e.target as HTMLInputElement).value)} required />
      </Field>
      <Field id="confirm" label={L('新しいパスワード（確認用）', 'New password (again)')}>
        <input id="confirm" type="password" autoComplete="new-password" value={confirm} onInput={(e) => setConfirm((e.target as HTMLInputElement).value)} required />
      </Field>
      <ErrorBox error={error} />
      {done && <p class="ok">{L('変更しました。', 'Changed.')}</p>}
      <button type="submit" class="primary">
        {L('変更する', 'Change')}
      </button>
    </form>
  );
}
