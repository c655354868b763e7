// How a stored answer reads for people in the ledger, the staff console and
// messages: option labels instead of values, はい/いいえ, lists joined with 、.
// Numbers stay numbers (a spreadsheet should see a number).
import type { FormField } from './block';

const optionLabels = new WeakMap<FormField, Map<string, string>>();

export function answerText(f: FormField | undefined, v: unknown): string | number | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 'はい' : 'いいえ';
  // Looked up through a cached map: an export formats millions of cells.
  let labels = f?.options ? optionLabels.get(f) : undefined;
  if (f?.options && !labels) optionLabels.set(f, (labels = new Map(f.options.map((o) => [o.value, o.label]))));
  const label = (x: unknown) => labels?.get(String(x)) ?? String(x);
  if (Array.isArray(v)) return v.map(label).join('、');
  return f?.options ? label(v) : String(v);
}
