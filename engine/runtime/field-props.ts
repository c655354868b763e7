// What every field renderer receives. Renderers are pure: SSR passes no-op
// handlers, the browser model passes its actions.
import type { FormField } from '../../blocks/form/fields';
import type { Lang } from './i18n';
import type { Inputs } from './inputs';

/** A field as the runtime renders it: the form's fields plus page-only ones (passwords). */
export type RuntimeField = Omit<FormField, 'type'> & { type: FormField['type'] | 'password' | 'new-password' };

export interface FieldProps {
  f: RuntimeField;
  lang: Lang;
  inputs: Inputs;
  /** Message shown next to the field (already localised). */
  error?: string;
  /** Hidden by its visibleIf (browser only; without JS every field of the screen is shown). */
  hidden?: boolean;
  set(name: string, value: string | string[]): void;
  blur(fieldId: string): void;
}

export const controlId = (id: string, part?: string | number) => (part === undefined ? `f-${id}` : `f-${id}-${part}`);

/** Where an error summary link lands: the field's first control. */
export function firstControlId(f: Pick<RuntimeField, 'id' | 'type'>): string {
  if (f.type === 'radio' || f.type === 'checkboxes') return controlId(f.id, 0);
  if (f.type === 'birthdate') return controlId(f.id, 'era');
  return controlId(f.id);
}
