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

/** 2026-12-03T10:00:00+09:00 → 2026-12-03 10:00 */
export const isoLocal = (iso: string) => iso.slice(0, 16).replace('T', ' ');

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
