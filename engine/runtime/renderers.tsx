// Field renderers, chosen by field type from a registry (JSON Forms style: the
// schema core never imports UI). Every control has a visible label, help and
// error are tied to it with aria-describedby, groups are fieldsets.
import type { ComponentChildren, VNode } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ERAS } from '../../blocks/form/normalize';
import { controlId, type FieldProps, type RuntimeField } from './field-props';
import { pick, t, type Lang } from './i18n';
import { BIRTH_PARTS, defaultEra, inputName, LOCATION_PARTS, WESTERN } from './inputs';
import { locationText } from './display';

export type Renderer = (p: FieldProps) => VNode;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] ?? '' : v ?? '');

function Badge({ f, lang }: { f: RuntimeField; lang: Lang }) {
  if (f.required) return <span class="badge badge-required">{t(lang, 'required')}</span>;
  if (f.requiredIf !== undefined) {
    // Shown exactly when it is required (the usual 「その他の内容」): simply 必須.
    const whenShown = f.visibleIf !== undefined && JSON.stringify(f.visibleIf) === JSON.stringify(f.requiredIf);
    return <span class="badge badge-required">{t(lang, whenShown ? 'required' : 'requiredWhen')}</span>;
  }
  return <span class="badge">{t(lang, 'optional')}</span>;
}

function describedBy(p: FieldProps): string | undefined {
  const ids = [p.error ? `${controlId(p.f.id)}-err` : '', p.f.help ? `${controlId(p.f.id)}-help` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function Notes(p: FieldProps) {
  const help = p.f.help ? pick(p.lang, p.f.help, p.f.helpEn) : '';
  return (
    <>
      {help ? <p id={`${controlId(p.f.id)}-help`} class="help">{help}</p> : null}
      {p.error && (
        <p id={`${controlId(p.f.id)}-err`} class="error-text">
          <span class="visually-hidden">{t(p.lang, 'errorPrefix')}</span>
          {p.error}
        </p>
      )}
    </>
  );
}

function Single(p: FieldProps & { children: ComponentChildren }) {
  return (
    <div class={`field${p.error ? ' field-error' : ''}`} id={`w-${p.f.id}`} hidden={p.hidden}>
      <label class="label" for={controlId(p.f.id)}>
        {pick(p.lang, p.f.label, p.f.labelEn)} <Badge f={p.f} lang={p.lang} />
      </label>
      <Notes {...p} />
      {p.children}
    </div>
  );
}

function Group(p: FieldProps & { children: ComponentChildren; kind: string }) {
  return (
    <fieldset class={`field ${p.kind}${p.error ? ' field-error' : ''}`} id={`w-${p.f.id}`} hidden={p.hidden} aria-describedby={describedBy(p)}>
      <legend class="label">
        {pick(p.lang, p.f.label, p.f.labelEn)} <Badge f={p.f} lang={p.lang} />
      </legend>
      <Notes {...p} />
      {p.children}
    </fieldset>
  );
}

const INPUT_ATTRS: Record<string, Record<string, string>> = {
  text: { type: 'text' },
  furigana: { type: 'text', autocomplete: 'off' },
  email: { type: 'email', autocomplete: 'email', inputmode: 'email', spellcheck: 'false' },
  phone: { type: 'tel', autocomplete: 'tel', inputmode: 'tel' },
  'postal-code': { type: 'text', autocomplete: 'postal-code', inputmode: 'numeric' },
  number: { type: 'text', inputmode: 'numeric' },
  date: { type: 'date' },
  time: { type: 'time' },
  password: { type: 'password', autocomplete: 'current-password' },
  'new-password': { type: 'password', autocomplete: 'new-password' },
};

const textInput: Renderer = (p) => {
  const name = inputName(p.f.id);
  const attrs = { ...INPUT_ATTRS[p.f.type] };
  if (p.f.type === 'text' && (p.f.kana || p.f.id === 'name')) attrs.autocomplete = 'name';
  if (p.f.charType === 'digits') attrs.inputmode = 'numeric';
  return (
    <Single {...p}>
      <input
        {...attrs}
        id={controlId(p.f.id)}
        name={name}
        value={one(p.inputs[name])}
        class="input"
        aria-describedby={describedBy(p)}
        aria-invalid={p.error ? 'true' : undefined}
        required={p.f.required}
        onInput={(e) => p.set(name, (e.currentTarget as HTMLInputElement).value)}
        onBlur={() => p.blur(p.f.id)}
      />
    </Single>
  );
};

const textarea: Renderer = (p) => {
  const name = inputName(p.f.id);
  return (
    <Single {...p}>
      <textarea
        id={controlId(p.f.id)}
        name={name}
        rows={4}
        class="input"
        aria-describedby={describedBy(p)}
        aria-invalid={p.error ? 'true' : undefined}
        required={p.f.required}
        value={one(p.inputs[name])}
        onInput={(e) => p.set(name, (e.currentTarget as HTMLTextAreaElement).value)}
        onBlur={() => p.blur(p.f.id)}
      />
    </Single>
  );
};

const select: Renderer = (p) => {
  const name = inputName(p.f.id);
  const v = one(p.inputs[name]);
  return (
    <Single {...p}>
      <select
        id={controlId(p.f.id)}
        name={name}
        class="input"
        aria-describedby={describedBy(p)}
        aria-invalid={p.error ? 'true' : undefined}
        required={p.f.required}
        onChange={(e) => {
          p.set(name, (e.currentTarget as HTMLSelectElement).value);
          p.blur(p.f.id);
        }}
      >
        <option value="">{t(p.lang, 'choose')}</option>
        {p.f.options?.map((o) => (
          <option value={o.value} selected={o.value === v}>
            {pick(p.lang, o.label, o.labelEn)}
          </option>
        ))}
      </select>
    </Single>
  );
};

function choices(p: FieldProps, multiple: boolean) {
  const name = inputName(p.f.id);
  const current = p.inputs[name];
  const list = Array.isArray(current) ? current : current ? [current] : [];
  return (
    <Group {...p} kind="choices">
      {p.f.options?.map((o, i) => {
        const checked = list.includes(o.value);
        return (
          <div class="choice">
            <input
              type={multiple ? 'checkbox' : 'radio'}
              id={controlId(p.f.id, i)}
              name={name}
              value={o.value}
              checked={checked}
              required={!multiple && p.f.required}
              aria-invalid={p.error ? 'true' : undefined}
              onChange={() => {
                p.set(name, multiple ? (checked ? list.filter((x) => x !== o.value) : [...list, o.value]) : o.value);
                p.blur(p.f.id);
              }}
            />
            <label for={controlId(p.f.id, i)}>{pick(p.lang, o.label, o.labelEn)}</label>
          </div>
        );
      })}
    </Group>
  );
}

const consent: Renderer = (p) => {
  const name = inputName(p.f.id);
  const checked = one(p.inputs[name]) === 'true';
  return (
    <Group {...p} kind="choices consent">
      <div class="choice">
        <input
          type="checkbox"
          id={controlId(p.f.id, 0)}
          name={name}
          value="true"
          checked={checked}
          required={p.f.required}
          aria-invalid={p.error ? 'true' : undefined}
          onChange={() => {
            p.set(name, checked ? '' : 'true');
            p.blur(p.f.id);
          }}
        />
        <label for={controlId(p.f.id, 0)}>{t(p.lang, 'agree')}</label>
      </div>
    </Group>
  );
};

const birthdate: Renderer = (p) => {
  const names = Object.fromEntries(BIRTH_PARTS.map((k) => [k, inputName(p.f.id, k)])) as Record<(typeof BIRTH_PARTS)[number], string>;
  const era = one(p.inputs[names.era]) || defaultEra(p.f as never);
  const part = (k: 'y' | 'm' | 'd', size: string) => (
    <span class="date-part">
      <input
        type="text"
        inputmode="numeric"
        id={controlId(p.f.id, k)}
        name={names[k]}
        value={one(p.inputs[names[k]])}
        class={`input ${size}`}
        aria-invalid={p.error ? 'true' : undefined}
        autocomplete={era === WESTERN ? ({ y: 'bday-year', m: 'bday-month', d: 'bday-day' } as const)[k] : 'off'}
        onInput={(e) => p.set(names[k], (e.currentTarget as HTMLInputElement).value)}
        onBlur={() => p.blur(p.f.id)}
      />
      <label for={controlId(p.f.id, k)}>{t(p.lang, k === 'y' ? 'year' : k === 'm' ? 'month' : 'day')}</label>
    </span>
  );
  return (
    <Group {...p} kind="birthdate">
      <div class="date-parts">
        <span class="date-part">
          <label for={controlId(p.f.id, 'era')} class="visually-hidden">
            {t(p.lang, 'birthEra')}
          </label>
          <select id={controlId(p.f.id, 'era')} name={names.era} class="input era" onChange={(e) => p.set(names.era, (e.currentTarget as HTMLSelectElement).value)}>
            <option value={WESTERN} selected={era === WESTERN}>
              {t(p.lang, 'western')}
            </option>
            {ERAS.map((e) => (
              <option value={e.name} selected={era === e.name}>
                {p.lang === 'en' ? `${e.en} (${e.name})` : e.name}
              </option>
            ))}
          </select>
        </span>
        {part('y', 'w-year')}
        {part('m', 'w-2')}
        {part('d', 'w-2')}
      </div>
    </Group>
  );
};

// 場所 (home visits): the address typed, and with JavaScript a button that adds the phone's
// position. Without JavaScript, or when the resident declines, the address alone is enough.
const location: Renderer = (p) => {
  const names = Object.fromEntries(LOCATION_PARTS.map((k) => [k, inputName(p.f.id, k)])) as Record<(typeof LOCATION_PARTS)[number], string>;
  const lat = one(p.inputs[names.lat]);
  const lng = one(p.inputs[names.lng]);
  const point = lat && lng ? locationText({ address: '', lat: Number(lat), lng: Number(lng) }, p.lang) : '';
  return (
    <Single {...p}>
      <input
        type="text"
        id={controlId(p.f.id)}
        name={names.address}
        value={one(p.inputs[names.address])}
        class="input"
        autocomplete="street-address"
        aria-describedby={describedBy(p)}
        aria-invalid={p.error ? 'true' : undefined}
        required={p.f.required}
        onInput={(e) => p.set(names.address, (e.currentTarget as HTMLInputElement).value)}
        onBlur={() => p.blur(p.f.id)}
      />
      <input type="hidden" name={names.lat} value={lat} />
      <input type="hidden" name={names.lng} value={lng} />
      <LocateButton p={p} names={names} point={point} />
    </Single>
  );
};

/** Rendered after hydration only (the server cannot know whether the browser can locate). */
function LocateButton({ p, names, point }: { p: FieldProps; names: Record<(typeof LOCATION_PARTS)[number], string>; point: string }) {
  const [can, setCan] = useState(false);
  const [note, setNote] = useState('');
  useEffect(() => setCan(typeof navigator !== 'undefined' && 'geolocation' in navigator), []);
  const locate = () => {
    setNote(t(p.lang, 'locating'));
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        p.set(names.lat, pos.coords.latitude.toFixed(6));
        p.set(names.lng, pos.coords.longitude.toFixed(6));
        setNote('');
      },
      () => setNote(t(p.lang, 'locateFailed')),
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  };
  const clear = () => {
    p.set(names.lat, '');
    p.set(names.lng, '');
  };
  return (
    <div class="locate">
      {point && (
        <p class="locate-point" id={controlId(p.f.id, 'point')}>
          {t(p.lang, 'locatedAt')} {point}{' '}
          <button type="button" class="link" onClick={clear}>
            {t(p.lang, 'locateClear')}
          </button>
        </p>
      )}
      {can && !point && (
        <button type="button" class="button button-secondary" id={controlId(p.f.id, 'locate')} onClick={locate}>
          {t(p.lang, 'locate')}
        </button>
      )}
      {note && (
        <p class="locate-note" role="status">
          {note}
        </p>
      )}
    </div>
  );
}

export const renderers: Record<string, Renderer> = {
  text: textInput,
  furigana: textInput,
  email: textInput,
  phone: textInput,
  'postal-code': textInput,
  number: textInput,
  date: textInput,
  time: textInput,
  password: textInput,
  'new-password': textInput,
  textarea,
  select,
  radio: (p) => choices(p, false),
  checkboxes: (p) => choices(p, true),
  consent,
  birthdate,
  location,
};

/** Registers (or replaces) the renderer of a field type. */
export function registerRenderer(type: string, r: Renderer): void {
  renderers[type] = r;
}

export function Field(p: FieldProps) {
  return (renderers[p.f.type] ?? textInput)(p);
}
