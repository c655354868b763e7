// Pieces of a page about one held thing (a booking, a lottery entry, a waiting-list place):
// the outcome of the last action, and a button that posts an action with the holder (受付番号
// and access key in the body, never in a URL).
import { HiddenInputs } from '../../../runtime/hidden-inputs';
import type { Page } from './context';
import { Layout } from './layout';

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

/**
 * 予約確認-style look-up: a number and the access key, posted (the key never in a URL).
 * The number field's name and label differ (受付番号, 抽選申込番号); the rest is one form.
 */
export function KeyLookupPage(props: {
  p: Page;
  title: string;
  intro: string;
  path: string;
  number: { name: string; id: string; label: string; value: string };
  keyLabel: string;
  button: string;
  error?: string | undefined;
}) {
  const { p, error, number } = props;
  const described = error ? 'lookup-err' : undefined;
  return (
    <Layout p={p} title={props.title} errorTitle={!!error}>
      <p>{props.intro}</p>
      <form method="post" action={p.href(props.path)} class="form" noValidate>
        <input type="hidden" name="_csrf" value={p.csrf()} />
        {error && (
          <div class="notice notice-error" role="alert" id="lookup-err">
            <p>{error}</p>
          </div>
        )}
        <div class="field">
          <label class="label" for={number.id}>
            {number.label}
          </label>
          <input class="input" id={number.id} name={number.name} value={number.value} inputmode="numeric" autocomplete="off" required aria-describedby={described} />
        </div>
        <div class="field">
          <label class="label" for="access-key-input">
            {props.keyLabel}
          </label>
          <input class="input" id="access-key-input" name="accessKey" autocomplete="off" autocapitalize="characters" spellcheck={false} required aria-describedby={described} />
        </div>
        <div class="actions">
          <button type="submit" class="button button-primary" name="action" value="show">
            {props.button}
          </button>
        </div>
      </form>
    </Layout>
  );
}

/** The confirmation before something that cannot be undone (取下げ, キャンセル待ちをやめる): the action or 戻る (action=show). */
export function ConfirmUndoable(props: { p: Page; title: string; text: string; path: string; holder: Record<string, string>; confirm: { action: string; label: string; id: string }; back: string }) {
  const { p } = props;
  return (
    <Layout p={p} title={props.title} step="confirm">
      <p>{props.text}</p>
      <form method="post" action={p.href(props.path)} class="form">
        <HiddenInputs values={{ _csrf: p.csrf(), ...props.holder }} />
        <div class="actions">
          <button type="submit" class="button button-danger" name="action" value={props.confirm.action} id={props.confirm.id}>
            {props.confirm.label}
          </button>
          <button type="submit" class="button button-secondary" name="action" value="show">
            {props.back}
          </button>
        </div>
      </form>
    </Layout>
  );
}
