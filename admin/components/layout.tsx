// Header and navigation (seed 001: トップ | 本日分予約 | 予約管理 | 会員管理 | 操作者一覧).
import type { ComponentChildren } from 'preact';
import { api, L, lang } from '../api';
import { href, route } from '../router';
import { me } from '../session';

export function Layout({ children }: { children: ComponentChildren }) {
  const m = me.value!;
  // The pages of what the tenant has: a register of cards without services shows no booking pages.
  const has = (kind: string) => !m.tenant.kinds || m.tenant.kinds.includes(kind);
  const booking = has('service');
  const items: [string, string, string, boolean][] = [
    ['today', '本日の来店者', "Today's visitors", booking],
    ['scan', '受付スキャン', 'Scan', booking],
    ['search', '予約状況検索', 'Search bookings', booking],
    ['proxy', '代理予約', 'Book for a caller', booking],
    ['reviews', '審査待ち', 'Reviews', booking],
    ['lotteries', '抽選', 'Lotteries', has('lottery')],
    ['waitlists', 'キャンセル待ち', 'Waiting lists', has('waitlist')],
    ['permits', '施設利用登録', 'Permits', has('permit')],
    ['payments', '入金・収納', 'Payments', has('fee')],
    ['members', '会員管理', 'Members', booking],
    ['groups', '団体', 'Groups', booking],
    ['records', '進捗管理', 'Progress', has('record')],
    ['cards', 'カード台帳', 'Card register', has('card-register')],
    ['billing', '請求', 'Billing', has('billing')],
    ['staff', '操作職員', 'Staff accounts', m.can.manageStaff],
    ['audit', 'アクセス履歴', 'Access log', m.can.viewAudit],
    ['builder', '予約フロー作成', 'Builder', m.can.manageConfig],
  ];
  const logout = async () => {
    await api('POST', '/logout').catch(() => undefined);
    me.value = null;
  };
  const toggleLang = () => {
    lang.value = lang.value === 'ja' ? 'en' : 'ja';
    localStorage.setItem('admin.lang', lang.value);
    document.documentElement.lang = lang.value;
  };
  // The entrance tablet: the scanner alone, no menu to wander off into.
  if (route.value.page === 'scan' && route.value.query.kiosk === '1') return <main class="content kiosk-main">{children}</main>;
  return (
    <div class="layout">
      <header class="top">
        <div class="brand">
          {m.tenant.title} <span>{L('職員用画面', 'Staff console')}</span>
        </div>
        <div class="who">
          <span data-testid="who">
            {m.name}（{m.roleLabel}）
          </span>
          <a href={href('password')}>{L('パスワード変更', 'Password')}</a>
          <button type="button" class="link" onClick={toggleLang}>
            {lang.value === 'ja' ? 'English' : '日本語'}
          </button>
          <button type="button" class="link" onClick={logout}>
            {L('ログアウト', 'Log out')}
          </button>
        </div>
      </header>
      <nav class="main-nav" aria-label={L('メニュー', 'Menu')}>
        {items
          .filter((i) => i[3])
          .map(([page, ja, en]) => (
            <a key={page} href={href(page)} aria-current={route.value.page === page || (page === 'builder' && (route.value.page === 'wizard' || route.value.page === 'publish')) || (page === 'groups' && route.value.page === 'group') ? 'page' : undefined}>
              {L(ja, en)}
            </a>
          ))}
      </nav>
      <main class="content">{children}</main>
    </div>
  );
}
