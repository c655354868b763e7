// The bridge between HTML form controls and answers. A posted form (no JS) and
// the browser model hold the same raw "inputs" (control name → value), and both
// turn them into answers with answersFromInputs, so the two paths cannot drift.
import type { FormField } from '../../blocks/form/fields';
import { ERAS, japaneseEraOf } from '../../blocks/form/normalize';

export type Inputs = Record<string, string | string[]>;

const PREFIX = 'a.';
export const inputName = (id: string, part?: string) => (part ? `${PREFIX}${id}.${part}` : `${PREFIX}${id}`);
export const BIRTH_PARTS = ['era', 'y', 'm', 'd'] as const;
export const LOCATION_PARTS = ['address', 'lat', 'lng'] as const;
export const WESTERN = 'western';

/** Control names that belong to a field. */
export function namesOf(f: FormField): string[] {
  if (f.type === 'location') return LOCATION_PARTS.map((p) => inputName(f.id, p));
  return f.type === 'birthdate' ? BIRTH_PARTS.map((p) => inputName(f.id, p)) : [inputName(f.id)];
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] ?? '' : v ?? '');

export function answersFromInputs(fields: readonly FormField[], inputs: Inputs): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = inputs[inputName(f.id)];
    switch (f.type) {
      case 'checkboxes': {
        const list = (Array.isArray(v) ? v : v ? [v] : []).filter((x) => x !== '');
        if (list.length) out[f.id] = list;
        break;
      }
      case 'birthdate': {
        const [era, y, m, d] = BIRTH_PARTS.map((p) => one(inputs[inputName(f.id, p)]).trim());
        if (!y && !m && !d) break;
        // Left to the shared normaliser: it understands both notations and refuses impossible days.
        out[f.id] = `${era && era !== WESTERN ? era : ''}${y}年${m}月${d}日`;
        break;
      }
      case 'consent':
        if (one(v) === 'true') out[f.id] = true;
        break;
      case 'location': {
        const [address, lat, lng] = LOCATION_PARTS.map((p) => one(inputs[inputName(f.id, p)]).trim());
        // Left to the shared normaliser: numbers, and a point only with both halves.
        if (address || (lat && lng)) out[f.id] = { address, ...(lat && lng ? { lat, lng } : {}) };
        break;
      }
      default:
        if (one(v) !== '') out[f.id] = one(v);
    }
  }
  return out;
}

/** Stored answers as control values (prefilling a change or a profile form). */
export function inputsFromAnswers(fields: readonly FormField[], answers: Record<string, unknown>): Inputs {
  const out: Inputs = {};
  for (const f of fields) {
    const v = answers[f.id];
    if (v === undefined || v === null) continue;
    if (f.type === 'checkboxes' && Array.isArray(v)) out[inputName(f.id)] = v.map(String);
    else if (f.type === 'consent') out[inputName(f.id)] = v === true ? 'true' : '';
    else if (f.type === 'location' && typeof v === 'object') {
      const l = v as { address?: unknown; lat?: unknown; lng?: unknown };
      for (const p of LOCATION_PARTS) if (l[p] !== undefined) out[inputName(f.id, p)] = String(l[p]);
    }
    else if (f.type === 'birthdate' && typeof v === 'string') {
      const e = f.era === 'western' ? undefined : japaneseEraOf(v);
      const [y, m, d] = v.split('-').map(Number);
      const parts = e ? [e.era, String(e.year), String(e.month), String(e.day)] : [WESTERN, String(y), String(m), String(d)];
      BIRTH_PARTS.forEach((p, i) => (out[inputName(f.id, p)] = parts[i]));
    } else out[inputName(f.id)] = String(v);
  }
  return out;
}

/** The answer controls of a parsed form body (anything else is context, handled by the page). */
export function pickInputs(body: Record<string, unknown>): Inputs {
  const out: Inputs = {};
  for (const [k, v] of Object.entries(body)) {
    if (!k.startsWith(PREFIX)) continue;
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.filter((x): x is string => typeof x === 'string');
  }
  return out;
}

/** Default era shown for an empty birthdate: 和暦 unless the field asks for 西暦. */
export function defaultEra(f: FormField): string {
  return f.era === 'western' ? WESTERN : ERAS[2].name;
}
