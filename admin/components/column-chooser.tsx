// The gear icon's dialog: tick the columns to show; saved per staff member.
import { useState } from 'preact/hooks';
import { L } from '../api';

export function ColumnChooser(props: { available: { id: string; label: string; labelEn: string }[]; chosen: string[]; onSave: (ids: string[]) => void; onClose: () => void }) {
  const [ids, setIds] = useState<string[]>(props.chosen);
  const toggle = (id: string) => setIds(ids.includes(id) ? ids.filter((x) => x !== id) : props.available.map((c) => c.id).filter((x) => x === id || ids.includes(x)));
  return (
    <div class="dialog" role="dialog" aria-modal="true" aria-label={L('表示項目の設定', 'Choose columns')}>
      <h2>{L('表示する項目', 'Columns to show')}</h2>
      <div class="columns">
        {props.available.map((c) => (
          <label key={c.id} class="choice">
            <input type="checkbox" checked={ids.includes(c.id)} onChange={() => toggle(c.id)} />
            {L(c.label, c.labelEn)}
          </label>
        ))}
      </div>
      <div class="actions">
        <button type="button" class="primary" disabled={ids.length === 0} onClick={() => props.onSave(ids)}>
          {L('保存', 'Save')}
        </button>
        <button type="button" onClick={props.onClose}>
          {L('閉じる', 'Close')}
        </button>
      </div>
    </div>
  );
}
