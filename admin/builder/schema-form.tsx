// A form generated from a block kind's JSON Schema: objects → fieldsets, arrays →
// rows with add / move / remove, enums → select, enum arrays → checkboxes,
// numbers and strings → inputs, booleans → a checkbox. Leaves are drawn by the
// resident form runtime's renderers (engine/runtime/renderers.tsx `Field`), fed
// a synthetic form field per JSON pointer; the walker only handles structure.
// Loader issues are shown next to the field whose pointer they carry.
import type { FormField } from '../../blocks/form/fields';
import { Field } from '../../engine/runtime/renderers';
import { inputName } from '../../engine/runtime/inputs';
import type { Issue } from '../api';
import { L, lang } from '../api';
import { labelOf } from './labels';

type Schema = Record<string, any>;

export interface Ctx {
  root: Schema;
  /** Pointer of the block inside the config: /blocks/<i>. */
  base: string;
  issues: readonly Issue[];
}

export function resolve(root: Schema, s: Schema | undefined): Schema {
  let cur = s ?? {};
  for (let n = 0; n < 10 && typeof cur.$ref === 'string'; n++) {
    const { $ref, ...rest } = cur;
    const target = $ref.startsWith('#/') ? $ref.slice(2).split('/').reduce((o: any, k: string) => o?.[k], root) : undefined;
    cur = { ...(target ?? {}), ...rest };
  }
  return cur;
}

/** An HTML-safe id for a pointer (the runtime prefixes it with f-). */
export const fieldId = (path: string) => `b${path.replace(/[^A-Za-z0-9]/g, '-')}`;

export function defaultFor(root: Schema, s0: Schema): unknown {
  const s = resolve(root, s0);
  if ('const' in s) return s.const;
  if ('default' in s) return structuredClone(s.default);
  if (Array.isArray(s.enum)) return s.enum[0];
  switch (s.type) {
    case 'object':
      return Object.fromEntries((s.required ?? []).map((k: string) => [k, defaultFor(root, s.properties?.[k] ?? {})]));
    case 'array':
      return [];
    case 'integer':
    case 'number':
      return s.minimum ?? 0;
    case 'boolean':
      return false;
    case 'string':
      return '';
    default:
      return {};
  }
}

const messagesAt = (ctx: Ctx, path: string) =>
  ctx.issues
    .filter((i) => i.path === ctx.base + path)
    .map((i) => i.message)
    .join(' ');

function typeOf(s: Schema): string | undefined {
  if (Array.isArray(s.enum)) return 'enum';
  if (Array.isArray(s.type)) return s.type.find((t: string) => t !== 'null');
  return s.type;
}

interface NodeProps {
  ctx: Ctx;
  schema: Schema;
  value: unknown;
  path: string;
  name: string;
  required: boolean;
  onChange(v: unknown): void;
}

/** One leaf drawn by the resident runtime's renderer. */
function Leaf(p: NodeProps & { type: FormField['type']; text: string; options?: { value: string; label: string }[]; multiple?: boolean }) {
  const s = p.schema;
  const id = fieldId(p.path);
  const f = {
    id,
    type: p.type,
    label: labelOf(p.name, 'ja', s),
    labelEn: labelOf(p.name, 'en', s),
    required: p.required,
    ...(s.description ? { help: s.description } : {}),
    ...(p.options ? { options: p.options } : {}),
  } as FormField;
  const current = p.multiple ? ((Array.isArray(p.value) ? p.value : []) as string[]) : p.text;
  return (
    <div class="b-leaf" data-pointer={p.ctx.base + p.path}>
      <Field f={f} lang={lang.value} inputs={{ [inputName(id)]: current }} error={messagesAt(p.ctx, p.path) || undefined} set={(_n, v) => p.onChange(v)} blur={() => undefined} />
    </div>
  );
}

export function SchemaNode(p: NodeProps) {
  const s = resolve(p.ctx.root, p.schema);
  const t = typeOf(s);
  if ('const' in s) {
    return (
      <p class="b-const">
        {labelOf(p.name, lang.value, s)}: <code>{String(s.const)}</code>
      </p>
    );
  }
  if (t === 'enum') {
    return (
      <Leaf
        {...p}
        schema={s}
        type="select"
        text={p.value === undefined ? '' : String(p.value)}
        options={s.enum.map((v: unknown) => ({ value: String(v), label: labelOf(String(v), lang.value) }))}
        onChange={(v) => p.onChange(v === '' ? undefined : s.enum.find((e: unknown) => String(e) === v))}
      />
    );
  }
  if (t === 'string') {
    const long = (s.maxLength ?? 0) > 200;
    return <Leaf {...p} schema={s} type={long ? 'textarea' : 'text'} text={typeof p.value === 'string' ? p.value : p.value === undefined ? '' : String(p.value)} onChange={(v) => p.onChange(v === '' && !p.required ? undefined : v)} />;
  }
  if (t === 'integer' || t === 'number') {
    // A value that is not a number is kept as typed, so the loader locates the problem.
    return (
      <Leaf
        {...p}
        schema={s}
        type="number"
        text={p.value === undefined ? '' : String(p.value)}
        onChange={(v) => {
          const str = String(v).trim();
          p.onChange(str === '' ? undefined : /^-?\d+(\.\d+)?$/.test(str) ? Number(str) : str);
        }}
      />
    );
  }
  if (t === 'boolean') {
    const id = fieldId(p.path);
    const err = messagesAt(p.ctx, p.path);
    return (
      <div class={`b-bool${err ? ' field-error' : ''}`} data-pointer={p.ctx.base + p.path}>
        {/* An absent value means the schema's default (e.g. publicAvailability is on unless turned off). */}
        <input type="checkbox" id={`f-${id}`} checked={p.value === undefined ? s.default === true : p.value === true} onChange={(e) => p.onChange((e.currentTarget as HTMLInputElement).checked)} />{' '}
        <label for={`f-${id}`}>{labelOf(p.name, lang.value, s)}</label>
        {s.description && <p class="help">{s.description}</p>}
        {err && <p class="error-text">{err}</p>}
      </div>
    );
  }
  if (t === 'array') {
    const items = resolve(p.ctx.root, s.items ?? {});
    const list = Array.isArray(p.value) ? p.value : [];
    if (Array.isArray(items.enum) && s.uniqueItems) {
      return (
        <Leaf
          {...p}
          schema={s}
          type="checkboxes"
          text=""
          multiple
          options={items.enum.map((v: unknown) => ({ value: String(v), label: labelOf(String(v), lang.value) }))}
          onChange={(v) => {
            const chosen = (Array.isArray(v) ? v : [v]) as string[];
            // Keep the schema's order (mon, tue, …), not the click order.
            const next = items.enum.filter((e: unknown) => chosen.includes(String(e)));
            p.onChange(next.length || p.required ? next : undefined);
          }}
        />
      );
    }
    if (tableColumns(p.ctx.root, items)) return <TableArray {...p} schema={s} items={items} list={list} />;
    const set = (next: unknown[]) => p.onChange(next);
    const err = messagesAt(p.ctx, p.path);
    return (
      <fieldset class={`b-array${err ? ' field-error' : ''}`} data-pointer={p.ctx.base + p.path}>
        <legend>{labelOf(p.name, lang.value, s)}</legend>
        {s.description && <p class="help">{s.description}</p>}
        {err && <p class="error-text">{err}</p>}
        {list.map((item, i) => (
          <div class="b-row" key={i}>
            <SchemaNode ctx={p.ctx} schema={items} value={item} path={`${p.path}/${i}`} name={`${i + 1}`} required onChange={(v) => set(list.map((x, j) => (j === i ? v : x)))} />
            <div class="b-row-actions">
              <button type="button" disabled={i === 0} onClick={() => set(list.map((x, j) => (j === i - 1 ? list[i] : j === i ? list[i - 1] : x)))} aria-label={`${labelOf(p.name, lang.value, s)} ${i + 1} ${L('上へ', 'up')}`}>
                ↑
              </button>
              <button type="button" disabled={i === list.length - 1} onClick={() => set(list.map((x, j) => (j === i + 1 ? list[i] : j === i ? list[i + 1] : x)))} aria-label={`${labelOf(p.name, lang.value, s)} ${i + 1} ${L('下へ', 'down')}`}>
                ↓
              </button>
              <button type="button" onClick={() => set(list.filter((_, j) => j !== i))}>
                {L('削除', 'Remove')}
              </button>
            </div>
          </div>
        ))}
        <button type="button" class="b-add" onClick={() => set([...list, defaultFor(p.ctx.root, items)])}>
          ＋ {labelOf(p.name, lang.value, s)} {L('を追加', ': add')}
        </button>
      </fieldset>
    );
  }
  if (t === 'object' && s.properties) {
    const obj = (p.value && typeof p.value === 'object' && !Array.isArray(p.value) ? p.value : {}) as Record<string, unknown>;
    const required: string[] = s.required ?? [];
    const err = messagesAt(p.ctx, p.path);
    const setKey = (k: string, v: unknown) => {
      const next = { ...obj };
      if (v === undefined) delete next[k];
      else next[k] = v;
      p.onChange(next);
    };
    const body = Object.entries(s.properties as Record<string, Schema>)
      .filter(([k]) => !(p.path === '' && (k === 'version' || k === 'kind')))
      .map(([k, sub]) => {
        const r = resolve(p.ctx.root, sub);
        const container = typeOf(r) === 'object' || (typeOf(r) === 'array' && !(resolve(p.ctx.root, r.items ?? {}).enum && r.uniqueItems));
        if (container && obj[k] === undefined && !required.includes(k)) {
          // Optional groups stay folded until asked for.
          return (
            <button type="button" class="b-add" key={k} onClick={() => setKey(k, defaultFor(p.ctx.root, r))}>
              ＋ {labelOf(k, lang.value, r)}
            </button>
          );
        }
        return <SchemaNode key={k} ctx={p.ctx} schema={sub} value={obj[k]} path={`${p.path}/${k}`} name={k} required={required.includes(k)} onChange={(v) => setKey(k, v)} />;
      });
    if (p.path === '') return <div class="b-object">{err && <p class="error-text">{err}</p>}{body}</div>;
    return (
      <fieldset class={`b-object${err ? ' field-error' : ''}`} data-pointer={p.ctx.base + p.path}>
        <legend>{labelOf(p.name, lang.value, s)}</legend>
        {err && <p class="error-text">{err}</p>}
        {body}
        {!required.length && (
          <button type="button" class="link" onClick={() => p.onChange(undefined)}>
            {L('この項目を外す', 'Remove this group')}
          </button>
        )}
      </fieldset>
    );
  }
  // Anything else (oneOf, json-logic rules, free objects): JSON in a text area, parsed when valid.
  const text = typeof p.value === 'string' ? p.value : p.value === undefined ? '' : JSON.stringify(p.value);
  return (
    <Leaf
      {...p}
      schema={{ ...s, description: `${s.description ?? ''} (JSON)` }}
      type="textarea"
      text={text}
      onChange={(v) => {
        const str = String(v);
        if (str.trim() === '') return p.onChange(undefined);
        try {
          p.onChange(JSON.parse(str));
        } catch {
          p.onChange(str);
        }
      }}
    />
  );
}

// A list of flat rows (a fee table's 午前・午後・夜間, its options) reads best as a table: one
// row per item, one column per property, as a city's 使用料条例 prints it.
const SCALAR = new Set(['string', 'integer', 'number', 'boolean', 'enum']);

/** The columns when every property of the items is a single value, a set of choices, or a list of words; otherwise undefined. */
export function tableColumns(root: Schema, items0: Schema): [string, Schema][] | undefined {
  const items = resolve(root, items0);
  if (typeOf(items) !== 'object' || !items.properties) return undefined;
  const cols = Object.entries(items.properties as Record<string, Schema>).map(([k, v]): [string, Schema] => [k, resolve(root, v)]);
  const simple = (c: Schema) => {
    if ('const' in c) return false;
    const t = typeOf(c);
    if (t && SCALAR.has(t)) return true;
    if (t !== 'array') return false;
    const it = resolve(root, c.items ?? {});
    return Array.isArray(it.enum) ? !!c.uniqueItems : typeOf(it) === 'string';
  };
  return cols.length > 0 && cols.length <= 10 && cols.every(([, c]) => simple(c)) ? cols : undefined;
}

function TableArray(p: NodeProps & { items: Schema; list: unknown[] }) {
  const cols = tableColumns(p.ctx.root, p.items)!;
  const required: string[] = resolve(p.ctx.root, p.items).required ?? [];
  const set = (next: unknown[]) => p.onChange(next);
  const err = messagesAt(p.ctx, p.path);
  const title = labelOf(p.name, lang.value, p.schema);
  const setCell = (i: number, k: string, v: unknown) =>
    set(
      p.list.map((row, j) => {
        if (j !== i) return row;
        const next = { ...((row ?? {}) as Record<string, unknown>) };
        if (v === undefined) delete next[k];
        else next[k] = v;
        return next;
      }),
    );
  return (
    <fieldset class={`b-array b-table-wrap${err ? ' field-error' : ''}`} data-pointer={p.ctx.base + p.path}>
      <legend>{title}</legend>
      {p.schema.description && <p class="help">{p.schema.description}</p>}
      {err && <p class="error-text">{err}</p>}
      <div class="b-table-scroll">
      <table class="b-table">
        <thead>
          <tr>
            <th scope="col">#</th>
            {cols.map(([k, c]) => (
              <th scope="col" key={k} title={c.description ?? ''}>
                {labelOf(k, lang.value, c).replace(/ \(.*\)$/, '')}
                {required.includes(k) && <span class="req">{L('必須', 'required')}</span>}
              </th>
            ))}
            <th scope="col">{L('操作', 'Actions')}</th>
          </tr>
        </thead>
        <tbody>
          {p.list.map((row, i) => {
            const r = (row ?? {}) as Record<string, unknown>;
            return (
              <tr key={i} data-pointer={`${p.ctx.base}${p.path}/${i}`}>
                <th scope="row">{i + 1}</th>
                {cols.map(([k, c]) => {
                  const it = typeOf(c) === 'array' ? resolve(p.ctx.root, c.items ?? {}) : undefined;
                  const path = `${p.path}/${i}/${k}`;
                  return (
                    <td key={k}>
                      {it && !Array.isArray(it.enum) ? (
                        <WordList ctx={p.ctx} path={path} name={k} schema={c} value={r[k]} onChange={(v) => setCell(i, k, v)} />
                      ) : (
                        <SchemaNode ctx={p.ctx} schema={c} value={r[k]} path={path} name={k} required={required.includes(k)} onChange={(v) => setCell(i, k, v)} />
                      )}
                    </td>
                  );
                })}
                <td class="b-row-actions">
                  <button type="button" disabled={i === 0} onClick={() => set(p.list.map((x, j) => (j === i - 1 ? p.list[i] : j === i ? p.list[i - 1] : x)))} aria-label={`${title} ${i + 1} ${L('上へ', 'up')}`}>
                    ↑
                  </button>
                  <button type="button" disabled={i === p.list.length - 1} onClick={() => set(p.list.map((x, j) => (j === i + 1 ? p.list[i] : j === i ? p.list[i + 1] : x)))} aria-label={`${title} ${i + 1} ${L('下へ', 'down')}`}>
                    ↓
                  </button>
                  <button type="button" onClick={() => set(p.list.filter((_, j) => j !== i))} aria-label={`${title} ${i + 1} ${L('削除', 'remove')}`}>
                    {L('削除', 'Remove')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      </div>
      <button type="button" class="b-add" onClick={() => set([...p.list, defaultFor(p.ctx.root, p.items)])}>
        ＋ {title} {L('を追加', ': add')}
      </button>
    </fieldset>
  );
}

/** A list of words (ids of places) as one text box, split at commas (、 too); empty is absent. */
function WordList(p: { ctx: Ctx; path: string; name: string; schema: Schema; value: unknown; onChange(v: unknown): void }) {
  const id = `f-${fieldId(p.path)}`;
  const err = messagesAt(p.ctx, p.path);
  const text = Array.isArray(p.value) ? p.value.join(', ') : '';
  return (
    <div class={`b-leaf${err ? ' field-error' : ''}`} data-pointer={p.ctx.base + p.path}>
      <label class="visually-hidden" for={id}>
        {labelOf(p.name, lang.value, p.schema)}
      </label>
      <input
        id={id}
        class="input"
        type="text"
        value={text}
        placeholder={L('すべて', 'all')}
        onChange={(e) => {
          const words = (e.currentTarget as HTMLInputElement).value
            .split(/[,、，\s]+/)
            .map((w) => w.trim())
            .filter(Boolean);
          p.onChange(words.length ? words : undefined);
        }}
      />
      {err && <p class="error-text">{err}</p>}
    </div>
  );
}

/** The whole block: the kind's schema from its root. */
export function BlockEditor(props: { schema: Schema; block: Record<string, unknown>; base: string; issues: readonly Issue[]; onChange(b: Record<string, unknown>): void }) {
  const ctx: Ctx = { root: props.schema, base: props.base, issues: props.issues };
  return <SchemaNode ctx={ctx} schema={props.schema} value={props.block} path="" name="" required onChange={(v) => props.onChange(v as Record<string, unknown>)} />;
}
