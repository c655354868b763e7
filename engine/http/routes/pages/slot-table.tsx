// The booking's facts shown above forms and on confirmation screens (場所, 日時 …).
import type { ComponentChildren } from 'preact';

export type Row = [string, ComponentChildren];

export function DetailsTable({ rows, children, label }: { rows: Row[]; children?: ComponentChildren; label?: string }) {
  return (
    <table class="details" aria-label={label}>
      <tbody>
        {rows.map(([k, v]) => (
          <tr>
            <th scope="row">{k}</th>
            <td>{v}</td>
          </tr>
        ))}
        {children}
      </tbody>
    </table>
  );
}
