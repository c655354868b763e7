// Small labelled inputs for the guided builder. Every control has a visible label,
// its hint and error tied with aria-describedby; numbers and times accept what
// residents may type (full-width digits, １３：００, 13時) and show it normalised.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { L } from '../api';
import { normalizeNumber, normalizeTime } from './typed';

export interface Problem {
  where: string;
  ja: string;
  en: string;
}

const describedBy = (id: string, hint?: string, error?: string) => [hint ? `${id}-hint` : '', error ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined;

function Notes({ id, hint, error }: { id: string; hint?: string; error?: string }) {
  return (
    <>
      {hint && (
        <small id={`${id}-hint`} class="hint">
          {hint}
        </small>
      )}
      {error && (
        <p id={`${id}-err`} class="error-text">
          {error}
        </p>
      )}
    </>
  );
}

export function TextField(p: { id: string; label: string; value: string; onValue(v: string): void; hint?: string; error?: string; multiline?: boolean; placeholder?: string; required?: boolean; size?: number }) {
  const common = {
    id: p.id,
    value: p.value,
    'aria-describedby': describedBy(p.id, p.hint, p.error),
    'aria-invalid': p.error ? ('true' as const) : undefined,
    placeholder: p.placeholder,
    onInput: (e: Event) => p.onValue((e.currentTarget as HTMLInputElement).value),
  };
  return (
    <div class={`field${p.error ? ' invalid' : ''}`}>
      <label for={p.id}>
        {p.label}
        {p.required && <span class="req">{L('必須', 'required')}</span>}
      </label>
      {p.multiline ? <textarea {...common} rows={3} /> : <input type="text" {...common} size={p.size} />}
      <Notes id={p.id} hint={p.hint} error={p.error} />
    </div>
  );
}

/** A number typed as text: ２０ and 20分 read as 20; anything else is reported as NaN and explained here. */
export function NumberField(p: { id: string; label: string; value: number; onValue(v: number): void; unit?: string; hint?: string; error?: string; example?: string; inline?: boolean }) {
  const [raw, setRaw] = useState(Number.isFinite(p.value) ? String(p.value) : '');
  useEffect(() => {
    if (Number.isFinite(p.value) && normalizeNumber(raw) !== p.value) setRaw(String(p.value));
  }, [p.value]);
  const n = normalizeNumber(raw);
  const own = raw !== '' && Number.isNaN(n) ? L(`「${p.label}」は数字で書いてください（例: ${p.example ?? '20'}）。`, `${p.label}: write a number (e.g. ${p.example ?? '20'}).`) : undefined;
  const error = own ?? p.error;
  return (
    <div class={`field${p.inline ? ' inline-field' : ''}${error ? ' invalid' : ''}`}>
      <label for={p.id}>{p.label}</label>
      <span class="with-unit">
        <input
          type="text"
          inputMode="numeric"
          id={p.id}
          size={6}
          value={raw}
          aria-describedby={describedBy(p.id, p.hint, error)}
          aria-invalid={error ? 'true' : undefined}
          onInput={(e) => {
            const v = (e.currentTarget as HTMLInputElement).value;
            setRaw(v);
            const x = normalizeNumber(v);
            p.onValue(x === undefined ? NaN : x);
          }}
          onChange={() => {
            if (n !== undefined && !Number.isNaN(n)) setRaw(String(n));
          }}
        />
        {p.unit && <span>{p.unit}</span>}
      </span>
      <Notes id={p.id} hint={p.hint} error={error} />
    </div>
  );
}

/** A time typed as text; １３：００, 13時 and 1300 become 13:00 when the field is left. */
export function TimeField(p: { id: string; label: string; value: string; onValue(v: string): void; error?: string; hideLabel?: boolean }) {
  return (
    <span class={`time-field${p.error ? ' invalid' : ''}`}>
      <label for={p.id} class={p.hideLabel ? 'visually-hidden' : undefined}>
        {p.label}
      </label>
      <input
        type="text"
        id={p.id}
        size={6}
        inputMode="numeric"
        placeholder="13:00"
        value={p.value}
        aria-describedby={p.error ? `${p.id}-err` : undefined}
        aria-invalid={p.error ? 'true' : undefined}
        onInput={(e) => p.onValue((e.currentTarget as HTMLInputElement).value)}
        onChange={(e) => p.onValue(normalizeTime((e.currentTarget as HTMLInputElement).value))}
      />
      {p.error && (
        <span id={`${p.id}-err`} class="error-text">
          {p.error}
        </span>
      )}
    </span>
  );
}

export function Check(p: { id: string; label: ComponentChildren; checked: boolean; onValue(v: boolean): void; hint?: string }) {
  return (
    <div class="check">
      <input type="checkbox" id={p.id} checked={p.checked} aria-describedby={p.hint ? `${p.id}-hint` : undefined} onChange={(e) => p.onValue((e.currentTarget as HTMLInputElement).checked)} />
      <label for={p.id}>{p.label}</label>
      {p.hint && (
        <small id={`${p.id}-hint`} class="hint">
          {p.hint}
        </small>
      )}
    </div>
  );
}

export function Radios<T extends string>(p: { name: string; legend: string; value: T; options: { value: T; label: string; hint?: string }[]; onValue(v: T): void; error?: string }) {
  return (
    <fieldset class={`radios${p.error ? ' invalid' : ''}`} aria-describedby={p.error ? `${p.name}-err` : undefined}>
      <legend>{p.legend}</legend>
      {p.options.map((o) => (
        <div class="check" key={o.value}>
          <input type="radio" id={`${p.name}-${o.value}`} name={p.name} value={o.value} checked={p.value === o.value} onChange={() => p.onValue(o.value)} />
          <label for={`${p.name}-${o.value}`}>
            {o.label}
            {o.hint && <small class="hint"> {o.hint}</small>}
          </label>
        </div>
      ))}
      {p.error && (
        <p id={`${p.name}-err`} class="error-text">
          {p.error}
        </p>
      )}
    </fieldset>
  );
}

/** The problems of a step, each a button that takes the focus to its field. */
export function ProblemList({ problems, title }: { problems: Problem[]; title?: string }) {
  if (!problems.length) return null;
  return (
    <div class="error" role="alert" data-testid="problems">
      <p>{title ?? L(`直してほしいところが${problems.length}件あります。`, `${problems.length} thing(s) to fix.`)}</p>
      <ul>
        {problems.map((x, i) => (
          <li key={i}>
            <button type="button" class="link-inline" onClick={() => document.getElementById(x.where)?.focus()}>
              {L(x.ja, x.en)}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

export const problemAt = (problems: Problem[], where: string) => {
  const p = problems.filter((x) => x.where === where);
  return p.length ? p.map((x) => L(x.ja, x.en)).join(' ') : undefined;
};
