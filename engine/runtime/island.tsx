// Islands: the server renders a component and writes its props as JSON data
// (<script type="application/json">, never executed, so the CSP stays strict);
// client.tsx finds them and hydrates the same component with the same props.
import type { ComponentType } from 'preact';

let counter = 0;

export function Island<P extends object>({ name, component: C, props }: { name: string; component: ComponentType<P>; props: P }) {
  const id = `island-${name}-${++counter}`;
  const json = JSON.stringify(props).replace(/</g, '\\u003c');
  return (
    <>
      <div data-island={name} data-props={id}>
        <C {...props} />
      </div>
      <script type="application/json" id={id} dangerouslySetInnerHTML={{ __html: json }} />
    </>
  );
}
