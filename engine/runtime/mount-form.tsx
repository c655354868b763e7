// The form island's browser side, loaded by client.tsx only on a page that has
// a form: Preact comes with it, so pages without a form load no Preact at all.
import { h, hydrate } from 'preact';
import FormIsland, { type FormIslandProps } from './form-island';
import { loadRules } from './rules-deferred';

export async function mount(el: HTMLElement, props: FormIslandProps): Promise<void> {
  if (props.form.fields.some((f) => f.visibleIf !== undefined || f.requiredIf !== undefined)) await loadRules();
  hydrate(h(FormIsland, props), el);
}
