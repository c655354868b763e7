// How a stored answer reads for people in the ledger, the staff console and
// messages: option labels instead of values, はい/いいえ, lists joined with 、.
// Numbers stay numbers (a spreadsheet should see a number).
import type { FormField } from './block';
import { locationText } from '../../engine/runtime/display';

const optionLabels = new WeakMap<FormField, Map<string, string>>();

export function answerText(f: FormField | undefined, v: unknown): string | number | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 'はい' : 'いいえ';
  if (f?.type === 'location' && typeof v === 'object' && !Array.isArray(v)) return locationText(v, 'ja');
  // Looked up through a cached map and without a closure per call: an export formats millions of cells.
  let labels: Map<string, string> | undefined;
  if (f?.options) {
    labels = optionLabels.get(f);
    if (!labels) optionLabels.set(f, (labels = new Map(f.options.map((o) => [o.value, o.label]))));
  }
  if (!Array.isArray(v)) return labels ? labelOf(labels, v) : String(v);
  let text = '';
  for (let i = 0; i < v.length; i++) text += i === 0 ? labelOf(labels, v[i]) : `、${labelOf(labels, v[i])}`;
  return text;
}

function labelOf(labels: Map<string, string> | undefined, x: unknown): string {
  return labels?.get(String(x)) ?? String(x);
}
