// Pieces of a page about one held thing (a booking, a lottery entry, a waiting-list place):
// the outcome of the last action, and a button that posts an action with the holder (受付番号
// and access key in the body, never in a URL).
import { HiddenInputs } from '../../../runtime/hidden-inputs';
import type { Page } from './context';

/** A refusal (role=alert) or what was just done (role=status, #done-note). */
export function Outcome({ notice, done }: { notice?: string | undefined; done?: string | undefined }) {
  return (
    <>
      {notice && (
        <div class="notice notice-error" role="alert">
          <p>{notice}</p>
        </div>
      )}
      {done && (
        <div class="notice" role="status">
          <p id="done-note">{done}</p>
        </div>
      )}
    </>
  );
}

/** One action posted to `path` with the holder, e.g. 当選を確定する or 予約を確定する. */
/** `holder`: the fields that name and prove what is held (receiptNo or entryNo, accessKey). */
export function HolderAction({ p, path, holder, action, label, kind, id }: { p: Page; path: string; holder: Record<string, string>; action: string; label: string; kind: string; id: string }) {
  return (
    <form method="post" action={p.href(path)} class="inline-form">
      <HiddenInputs values={{ _csrf: p.csrf(), ...holder }} />
      <button type="submit" class={`button ${kind}`} name="action" value={action} id={id}>
        {label}
      </button>
    </form>
  );
}
