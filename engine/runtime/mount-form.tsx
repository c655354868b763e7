// The form island's browser side, loaded by client.tsx only on a page that has
// a form: Preact comes with it, so pages without a form load no Preact at all.
import { h, hydrate } from 'preact';
import { hasConditions } from '../../blocks/form/answers';
import FormIsland, { type FormIslandProps } from './form-island';
import { loadRules } from './rules-deferred';

export async function mount(el: HTMLElement, props: FormIslandProps): Promise<void> {
  if (hasConditions(props.form.fields)) await loadRules();
  hydrate(h(FormIsland, props), el);
}
