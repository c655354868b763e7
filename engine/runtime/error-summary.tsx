// The error summary at the top of a form: how many problems, each a link to its field.
import type { Ref } from 'preact';
import { firstControlId, type RuntimeField } from './field-props';
import { t, type Lang } from './i18n';

export function ErrorSummary({ lang, errors, innerRef }: { lang: Lang; errors: { f: Pick<RuntimeField, 'id' | 'type'>; message: string }[]; innerRef?: Ref<HTMLDivElement> }) {
  if (!errors.length) return null;
  return (
    <div class="error-summary" id="error-summary" role="alert" tabIndex={-1} aria-labelledby="error-summary-title" ref={innerRef}>
      <h2 id="error-summary-title" class="error-summary-title">
        {t(lang, 'errorSummary', { n: errors.length })}
      </h2>
      <ul>
        {errors.map((e) => (
          <li>
            <a href={`#${firstControlId(e.f)}`}>{e.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
