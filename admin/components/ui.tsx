// Small shared pieces: error box with located issues, date helpers, labels.
import type { ComponentChildren } from 'preact';
import { ApiError, L, lang } from '../api';
import { isBookingStatus, statusLabel } from '../../engine/booking/status';

export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  const e = error instanceof ApiError ? error : undefined;
  const places = (e?.details.places as { receiptNo: string; columnLabel: string; char: string; codePoint: string }[] | undefined) ?? [];
  return (
    <div class="error" role="alert">
      <p>{e ? e.message : String(error)}</p>
      {e && e.issues.length > 0 && (
        <ul>
          {e.issues.map((i) => (
            <li key={i.path + i.code}>
              {/* An answer's message already names its field by label: no raw /answers/… path. */}
              {i.path && !i.path.startsWith('/answers/') && <code>{i.path}</code>} {i.message}
            </li>
          ))}
        </ul>
      )}
      {places.length > 0 && (
        <table class="places">
          <thead>
            <tr>
              <th>{L('受付番号', 'Receipt')}</th>
              <th>{L('項目', 'Column')}</th>
              <th>{L('文字', 'Character')}</th>
            </tr>
          </thead>
          <tbody>
            {places.map((p, i) => (
              <tr key={i}>
                <td>{p.receiptNo || L('（見出し）', '(header)')}</td>
                <td>{p.columnLabel}</td>
                <td>
                  {p.char} <small>{p.codePoint}</small>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function Field({ label, children, id, hint }: { label: string; id: string; children: ComponentChildren; hint?: string }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
      {hint && <small class="hint">{hint}</small>}
    </div>
  );
}

export function addDays(date: string, n: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

const WEEK_JA = ['日', '月', '火', '水', '木', '金', '土'];
const WEEK_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export function dateLabel(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const w = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return L(`${y}年${m}月${d}日（${WEEK_JA[w]}）`, `${WEEK_EN[w]} ${date}`);
}

/** 2026-12-03T10:00:00+09:00 → 2026年12月3日（木） 10:00 (the offset is the tenant's: the text is its local time) */
export const isoLocal = (iso: string) => `${dateLabel(iso.slice(0, 10))} ${iso.slice(11, 16)}`;

export function epochLocal(ms: number | null | undefined, timeZone = 'Asia/Tokyo'): string {
  if (!ms) return '';
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(new Date(ms));
}

/** A booking state as staff read it (予約, 審査中, 取消, …), from the engine's one status table. */
export const STATUS_LABEL = (s: string) => (isBookingStatus(s) ? statusLabel(s, lang.value, 'short') : s);

/**
 * A phone number with hyphens, for reading only (stored and searched as digits):
 * 携帯・IP 3-4-4, 0120/0800 4-3-3(4), 東京 03 and 大阪 06 2-4-4, other fixed lines 3-3-4.
 * 3-3-4 is not every area's grouping (some have 4- or 5-digit area codes) but is always readable.
 */
export function phoneText(v: unknown): string {
  if (typeof v !== 'string' || !/^0\d{9,10}$/.test(v)) return v === null || v === undefined ? '' : String(v);
  if (/^(0[5789]0)/.test(v) && v.length === 11) return `${v.slice(0, 3)}-${v.slice(3, 7)}-${v.slice(7)}`;
  if (/^(0120|0800)/.test(v)) return `${v.slice(0, 4)}-${v.slice(4, 7)}-${v.slice(7)}`;
  if (v.length !== 10) return v;
  if (/^0[36]/.test(v)) return `${v.slice(0, 2)}-${v.slice(2, 6)}-${v.slice(6)}`;
  return `${v.slice(0, 3)}-${v.slice(3, 6)}-${v.slice(6)}`;
}

// Audit actions in words; an action not listed (a new kind's) shows its group and code.
const ACTIONS: Record<string, [string, string]> = {
  'booking.created': ['予約', 'Booked'], 'booking.confirmed': ['予約確定', 'Confirmed'], 'booking.changed': ['予約変更', 'Changed'],
  'booking.cancelled': ['予約取消', 'Cancelled'], 'booking.verification_requested': ['申込者確認メール送信', 'Verification sent'],
  'visit.recorded': ['来場記録', 'Visit recorded'], 'visit.checked_in': ['来場', 'Checked in'], 'visit.updated': ['来場情報の更新', 'Visit updated'], 'visit.no_show': ['不来場（自動）', 'No-show (automatic)'],
  'pii.viewed': ['個人情報の閲覧', 'Personal data viewed'], 'pii.listed': ['個人情報の一覧表示', 'Personal data listed'], 'ledger.exported': ['台帳CSV出力', 'Ledger exported'],
  'notification.staff_message': ['職員からのメッセージ送信', 'Staff message sent'],
  'member.registered': ['会員登録', 'Member registered'], 'member.updated': ['会員情報の変更（職員）', 'Member updated'], 'member.profile_updated': ['登録情報の変更', 'Profile updated'],
  'member.logged_in': ['会員ログイン', 'Member login'], 'member.logged_out': ['会員ログアウト', 'Member logout'], 'member.password_reset': ['会員パスワード再設定', 'Member password reset'],
  'member.password_reset_requested': ['会員パスワード再設定の申請', 'Member password reset requested'], 'member.suspended': ['会員の利用停止', 'Member suspended'],
  'member.reactivated': ['会員の利用再開', 'Member reactivated'], 'member.line_unlinked': ['LINE連携の解除', 'LINE unlinked'],
  'staff.login': ['職員ログイン', 'Staff login'], 'staff.login_failed': ['職員ログイン失敗', 'Staff login failed'], 'staff.logout': ['職員ログアウト', 'Staff logout'],
  'staff.created': ['職員アカウント作成', 'Staff created'], 'staff.updated': ['職員アカウント変更', 'Staff updated'], 'staff.suspended': ['職員アカウント停止', 'Staff suspended'],
  'staff.password_changed': ['パスワード変更', 'Password changed'], 'staff.password_change_failed': ['パスワード変更失敗', 'Password change failed'],
  'staff.password_reset': ['パスワード再設定（管理者）', 'Password reset'], 'staff.preference_saved': ['表示設定の保存', 'Preferences saved'],
  'payment.received': ['入金（支払済み）', 'Payment received'], 'payment.expired': ['支払期限切れ', 'Unpaid: expired'], 'payment.slip_issued': ['納付書の発行', 'Payment slip issued'],
  'payment.imported': ['入金消込（CSV取込）', 'Payments imported'], 'payment.receipt_printed': ['領収書の印刷', 'Receipt printed'], 'report.exported': ['帳票CSV出力', 'Report exported'],
  'config.draft_saved': ['設定の下書き保存', 'Draft saved'], 'config.draft_discarded': ['設定の下書き破棄', 'Draft discarded'], 'config.published': ['設定の公開', 'Published'], 'config.rolled_back': ['設定を以前の版に戻す', 'Rolled back'],
  'audit.exported': ['アクセス履歴CSV出力', 'Audit log exported'],
  'member.card_printed': ['利用者登録証の印刷', 'Member card printed'], 'member.deregistered': ['登録抹消', 'Member deregistered'], 'member.purged': ['会員情報の消去（保存期間満了）', 'Member purged'],
  'member.imported': ['会員の一括登録（CSV）', 'Members imported'], 'member.line_linked': ['LINE連携', 'LINE linked'],
  'group.approved': ['団体の承認', 'Group approved'], 'group.rejected': ['団体の却下', 'Group rejected'], 'group.reduction_set': ['団体の減免区分の設定', 'Group reduction set'],
  'group.person_added': ['団体の構成員の追加', 'Group person added'], 'group.person_removed': ['団体の構成員の削除', 'Group person removed'],
  'permit.applied': ['施設利用登録の申請', 'Permit applied for'], 'permit.registered': ['施設利用登録（窓口）', 'Permit registered at the desk'], 'permit.approved': ['施設利用登録の承認', 'Permit approved'],
  'permit.rejected': ['施設利用登録の却下', 'Permit rejected'], 'permit.revoked': ['施設利用登録の取消', 'Permit revoked'], 'permit.expired': ['施設利用登録の失効', 'Permit expired'],
  'permit.renewal_due': ['施設利用登録の更新勧奨', 'Permit renewal reminded'], 'permit.card_printed': ['施設利用登録証の印刷', 'Permit card printed'],
  'card.contract_registered': ['カード契約の登録', 'Card contract registered'], 'card.contracts_imported': ['カード契約の一括登録', 'Card contracts imported'],
  'card.cards_imported': ['カード台帳の取込', 'Card ledger imported'], 'card.issued': ['カードの発行', 'Card issued'],
  'card.renewed': ['カードの更新', 'Card renewed'], 'card.reissued': ['カードの再発行', 'Card re-issued'], 'card.month_end': ['カードの月末解約', 'Cards cancelled at month end'], 'card.notices_printed': ['有効期限更新の案内書の印刷', 'Renewal notices printed'],
  'review.approved': ['予約審査：承認', 'Review: approved'], 'review.rejected': ['予約審査：却下', 'Review: rejected'], 'review.cancel_approved': ['取消審査：承認', 'Cancellation approved'],
  'review.cancel_rejected': ['取消審査：却下', 'Cancellation refused'], 'review.cancel_requested': ['取消の申し出', 'Cancellation requested'],
  'lottery.applied': ['抽選の申込', 'Lottery entry'], 'lottery.withdrawn': ['抽選の申込取下げ', 'Lottery entry withdrawn'], 'lottery.drawn': ['抽選の実施', 'Lottery drawn'],
  'lottery.released': ['抽選結果の公開', 'Lottery results released'], 'lottery.exported': ['抽選結果CSV出力', 'Lottery results exported'],
  'waitlist.offered': ['キャンセル待ちの繰上げ案内', 'Waitlist offer sent'], 'waitlist.accepted': ['キャンセル待ちの繰上げ予約', 'Waitlist offer accepted'], 'waitlist.left': ['キャンセル待ちの取下げ', 'Left the waitlist'],
  'visit.checked_out': ['退場', 'Checked out'], 'lock.sent': ['暗証番号の送信', 'Lock code sent'], 'lock.viewed': ['暗証番号の表示', 'Lock code viewed'],
  'payment.started': ['オンライン決済の開始', 'Online payment started'], 'payment.start_failed': ['オンライン決済の開始に失敗', 'Online payment failed to start'],
  'refund.requested': ['返金の申請', 'Refund requested'], 'refund.approved': ['返金の承認', 'Refund approved'], 'refund.rejected': ['返金の却下', 'Refund rejected'],
  'refund.sending': ['返金の送信中', 'Refund sending'], 'refund.processing': ['返金の処理中', 'Refund processing'], 'refund.refunded': ['返金の完了', 'Refunded'],
  'refund.failed': ['返金の失敗', 'Refund failed'], 'refund.exported': ['返金データの出力', 'Refund exported'], 'refund.none': ['返金なし', 'No refund'],
  'refund.resend': ['返金の再送', 'Refund resent'], 'refund.sent': ['返金の送信', 'Refund sent'], 'refund.batch_exported': ['返金一覧の出力', 'Refund batch exported'],
  'refund.csv_downloaded': ['返金CSVのダウンロード', 'Refund CSV downloaded'],
  'billing.usage_imported': ['通行記録の取込', 'Usage records imported'], 'billing.invoices_issued': ['請求書の発行', 'Invoices issued'],
  'billing.invoices_exported': ['請求書CSV出力', 'Invoices exported'], 'billing.invoice_printed': ['請求書の印刷', 'Invoice printed'],
  'billing.report_exported': ['確認帳票CSV出力', 'Billing report exported'], 'billing.report_printed': ['確認帳票の印刷', 'Billing report printed'],
  'record.viewed': ['進捗記録の閲覧', 'Record viewed'], 'record.transitioned': ['進捗の更新', 'Record progressed'], 'record.undone': ['進捗の取消', 'Record step undone'],
  'record.imported': ['進捗記録の取込（CSV）', 'Records imported'], 'record.exported': ['進捗記録のCSV出力', 'Records exported'], 'record.printed': ['進捗記録の印刷', 'Record printed'],
};

export function actionLabel(action: string): string {
  const known = ACTIONS[action];
  if (known) return L(known[0], known[1]);
  // Status transitions are written as booking.<status>.
  const status = action.startsWith('booking.') ? action.slice('booking.'.length) : '';
  if (status && isBookingStatus(status)) return L(`予約：${statusLabel(status, 'ja', 'short')}`, `Booking: ${statusLabel(status, 'en', 'short')}`);
  return action;
}

// Detail keys in words; values that are instants (ms since 1970, after 2001) as dates.
const DETAIL_KEYS: Record<string, [string, string]> = {
  reason: ['理由', 'Reason'], from: ['変更前', 'Before'], to: ['変更後', 'After'], status: ['状態', 'Status'], columns: ['項目', 'Columns'],
  conditions: ['条件', 'Conditions'], encoding: ['文字コード', 'Encoding'], rows: ['件数', 'Rows'], allColumns: ['全項目', 'All columns'],
  method: ['支払方法', 'Method'], amount: ['金額', 'Amount'], receivedOn: ['収納日', 'Received on'], reference: ['納付番号・領収書番号', 'Reference'], slipNo: ['納付番号', 'Slip no.'],
  items: ['項目', 'Items'], start: ['開始', 'Start'], resource: ['場所', 'Place'], channel: ['受付経路', 'Channel'], overrideCapacity: ['定員超過', 'Over capacity'],
  service: ['サービス', 'Service'], seats: ['人数', 'People'], itemsChanged: ['変更した項目', 'Items changed'], noteChanged: ['対応内容の変更', 'Note changed'],
  receiptNo: ['受付番号', 'Receipt no.'], note: ['対応内容', 'Note'],
  source: ['入力元', 'Source'], line: ['行', 'Line'], fee: ['使用料', 'Fee'], refund: ['還付', 'Refund'], route: ['還付方法', 'Route'], permit: ['施設利用登録', 'Permit'],
};
// Coded values staff meet in details (visit states).
const VALUE_WORDS: Record<string, [string, string]> = {
  visited: ['来場', 'visited'], 'no-show': ['不来場', 'no-show'],
  cash: ['現金（窓口）', 'cash'], slip: ['納付書', 'payment slip'], card: ['クレジットカード', 'card'], konbini: ['コンビニ払い', 'convenience store'],
  import: ['入金ファイルの取込', 'bank file import'], provider: ['決済代行会社', 'payment provider'], finance: ['財務会計', 'finance system'],
};
// States of permits (施設利用登録) and other records in the audit log.
const PERMIT_WORDS: Record<string, [string, string]> = { applied: ['申請中', 'applied'], approved: ['承認', 'approved'], rejected: ['却下', 'rejected'], expired: ['失効', 'expired'], revoked: ['取消', 'revoked'] };
// Internal bookkeeping that means nothing to a clerk (the configuration version is in 設定の公開).
const HIDDEN_KEYS = new Set(['version']);

/** Who did it, in words: the staff login id, else 利用者・会員・システム. */
export function actorText(type: string, id: string | null): string {
  if (type === 'staff') return id ?? L('職員', 'Staff');
  const words: Record<string, [string, string]> = { resident: ['利用者', 'Resident'], member: ['会員', 'Member'], system: ['システム（自動）', 'System'], api: ['API', 'API'] };
  return words[type] ? L(words[type][0], words[type][1]) : type;
}

function detailValue(v: unknown, timeZone: string, bookingWords = true): string {
  if (typeof v === 'number' && v > 978_307_200_000 && v < 4_102_444_800_000) return epochJa(v, timeZone);
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v)) return isoLocal(v);
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return dateLabel(v);
  if (typeof v === 'boolean') return v ? L('はい', 'yes') : L('いいえ', 'no');
  if (Array.isArray(v)) return v.length ? v.map((x) => detailValue(x, timeZone, bookingWords)).join('、') : '—';
  if (typeof v === 'string' && VALUE_WORDS[v]) return L(VALUE_WORDS[v][0], VALUE_WORDS[v][1]);
  // Only a booking's own states read as booking words (a permit is 'applied' too, and means 申請中).
  if (bookingWords && typeof v === 'string' && isBookingStatus(v)) return statusLabel(v, lang.value);
  if (!bookingWords && typeof v === 'string' && PERMIT_WORDS[v]) return L(PERMIT_WORDS[v][0], PERMIT_WORDS[v][1]);
  if (v && typeof v === 'object') return Object.entries(v).map(([k, x]) => `${detailKey(k)}: ${detailValue(x, timeZone, bookingWords)}`).join('、');
  return v === null || v === undefined ? '—' : String(v);
}
const detailKey = (k: string) => (DETAIL_KEYS[k] ? L(DETAIL_KEYS[k][0], DETAIL_KEYS[k][1]) : k);

/**
 * An audit row's details in words: 「理由: 電話で取消、件数: 3」, no JSON, no epoch numbers;
 * `names` turns ids into titles (service, resource) where the page knows them.
 */
export function detailsText(details: Record<string, unknown> | null | undefined, timeZone = 'Asia/Tokyo', names: Record<string, Record<string, string>> = {}, opts: { bookingWords?: boolean } = {}): string {
  if (!details) return '';
  return Object.entries(details)
    .filter(([k]) => !HIDDEN_KEYS.has(k))
    .map(([k, v]) => {
      const named = (x: unknown) => (typeof x === 'string' && names[k]?.[x] ? names[k][x] : x);
      return `${detailKey(k)}: ${detailValue(Array.isArray(v) ? v.map(named) : named(v), timeZone, opts.bookingWords ?? true)}`;
    })
    .join('、');
}

/** An instant in Japanese: 2026年12月3日（木）10:00. */
export function epochJa(ms: number | null | undefined, timeZone = 'Asia/Tokyo'): string {
  if (!ms) return '';
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  const wd = { Sun: '日', Mon: '月', Tue: '火', Wed: '水', Thu: '木', Fri: '金', Sat: '土' }[p.weekday as string] ?? '';
  return L(`${p.year}年${p.month}月${p.day}日（${wd}）${p.hour}:${p.minute}`, `${p.weekday} ${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`);
}

/** The problems of a CSV import, by row and column (as the importers report them), as a table. */
export function ImportProblems({ problems }: { problems: readonly { row: number; column: string; message: string; messageEn: string }[] }) {
  return (
    <table class="list">
      <thead>
        <tr>
          <th>{L('行', 'Row')}</th>
          <th>{L('列', 'Column')}</th>
          <th>{L('内容', 'Problem')}</th>
        </tr>
      </thead>
      <tbody>
        {problems.map((p, i) => (
          <tr key={i}>
            <td>{p.row}</td>
            <td>{p.column || L('（行全体）', '(whole row)')}</td>
            <td>{L(p.message, p.messageEn)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
