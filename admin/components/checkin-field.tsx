// A check-in item the service declares (service block `checkin.items`), rendered
// by its type: a checkbox, a short text or a choice. Used by the booking page and
// the visitors list.
import { L } from '../api';
import type { CheckinItem } from '../../blocks/service/block';
import type { CheckinValue } from '../../engine/staff/visits';

/** One declared check-in item: a checkbox, a short text or a choice. */
export function CheckinField({ item, value, onChange, idPrefix = 'visit-item', compact = false }: { item: CheckinItem; value: CheckinValue | undefined; onChange: (v: CheckinValue) => void; idPrefix?: string; compact?: boolean }) {
  const id = `${idPrefix}-${item.id}`;
  const label = L(item.label, item.labelEn);
  if (item.type === 'boolean') {
    return (
      <label class="choice">
        <input type="checkbox" checked={value === true} onChange={(e) => onChange((e.target as HTMLInputElement).checked)} />
        {label}
      </label>
    );
  }
  return (
    <>
      <label for={id}>{label}</label>
      {item.type === 'select' ? (
        <select id={id} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange((e.target as HTMLSelectElement).value)}>
          <option value="">{L('（未選択）', '(none)')}</option>
          {item.options.map((o) => (
            <option key={o.value} value={o.value}>
              {L(o.label, o.labelEn)}
            </option>
          ))}
        </select>
      ) : (
        // compact (a list row): saved on change (leaving the field), not on every keystroke.
        <input
          id={id}
          value={typeof value === 'string' ? value : ''}
          maxLength={item.maxLength}
          {...(compact ? { onChange: (e: Event) => onChange((e.target as HTMLInputElement).value) } : { onInput: (e: Event) => onChange((e.target as HTMLInputElement).value) })}
        />
      )}
    </>
  );
}
