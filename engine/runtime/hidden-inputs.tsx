import type { Inputs } from './inputs';

/** Context and answers carried from screen to screen as hidden inputs (no server-side draft, no time limit). */
export function HiddenInputs({ values, skip }: { values: Inputs | Record<string, string>; skip?: ReadonlySet<string> }) {
  const out = [];
  for (const [name, v] of Object.entries(values)) {
    if (skip?.has(name)) continue;
    for (const one of Array.isArray(v) ? v : [v]) out.push(<input type="hidden" name={name} value={one} />);
  }
  return <>{out}</>;
}
