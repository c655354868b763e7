// Message templates: the ONLY importer of handlebars. A template is checked at
// load time against the variables its event offers (walking the parsed AST), so
// a misspelt variable is a configuration error rather than a blank in an email.
// Allowed: {{path}}, {{{path}}} for variables marked safe, {{#if path}} /
// {{#unless path}} with {{else}}, comments. Nothing else (no partials, no
// helpers, no @data, no ../): fail closed.
import Handlebars from 'handlebars';
import type { VariableSpec } from './events';

export interface TemplateProblem {
  code: 'notification.template_syntax' | 'notification.unknown_variable' | 'notification.template_unsupported' | 'notification.raw_not_safe';
  params: Record<string, unknown>;
}

type Node = hbs.AST.Node;

const BLOCK_HELPERS = new Set(['if', 'unless']);
const hb = Handlebars.create();
const OPTIONS = { strict: true, knownHelpersOnly: true, knownHelpers: { if: true, unless: true } } as const;

interface Walked {
  problems: TemplateProblem[];
  /** Every variable path the template reads. */
  paths: Set<string>;
}

function walk(source: string, visit: (path: string, raw: boolean, line: number) => TemplateProblem | undefined): Walked {
  const out: Walked = { problems: [], paths: new Set() };
  let ast: hbs.AST.Program;
  try {
    ast = hb.parse(source);
  } catch (e) {
    // Handlebars: "Parse error on line N:\n<source>\n---^\nExpecting …": keep the first and last lines.
    const lines = (e instanceof Error ? e.message : String(e)).split('\n');
    const reason = lines.length > 1 ? `${lines[0]} ${lines[lines.length - 1]}` : lines[0];
    out.problems.push({ code: 'notification.template_syntax', params: { reason } });
    return out;
  }
  const unsupported = (n: Node, what: string) =>
    out.problems.push({ code: 'notification.template_unsupported', params: { construct: what, line: n.loc?.start.line ?? 1 } });
  const variable = (e: hbs.AST.Expression, raw: boolean, at: Node) => {
    if (e.type !== 'PathExpression') return unsupported(at, (e as { original?: unknown }).original !== undefined ? String((e as { original?: unknown }).original) : e.type);
    const p = e as hbs.AST.PathExpression;
    if (p.data || p.depth > 0 || p.parts.length === 0 || /^this\b|^\.\.?\//.test(p.original)) return unsupported(at, p.original);
    const path = p.parts.join('.');
    out.paths.add(path);
    const problem = visit(path, raw, at.loc?.start.line ?? 1);
    if (problem) out.problems.push(problem);
  };
  const program = (prog: hbs.AST.Program | undefined) => {
    for (const n of prog?.body ?? []) statement(n);
  };
  const statement = (n: hbs.AST.Statement) => {
    switch (n.type) {
      case 'ContentStatement':
      case 'CommentStatement':
        return;
      case 'MustacheStatement': {
        const m = n as hbs.AST.MustacheStatement;
        if (m.params.length > 0 || (m.hash?.pairs?.length ?? 0) > 0) return unsupported(n, (m.path as hbs.AST.PathExpression).original ?? 'helper');
        return variable(m.path as hbs.AST.Expression, !m.escaped, n);
      }
      case 'BlockStatement': {
        const b = n as hbs.AST.BlockStatement;
        const name = b.path.type === 'PathExpression' ? b.path.original : b.path.type;
        if (!BLOCK_HELPERS.has(name) || b.params.length !== 1 || (b.hash?.pairs?.length ?? 0) > 0 || (b.program?.blockParams?.length ?? 0) > 0) {
          return unsupported(n, `#${name}`);
        }
        variable(b.params[0], false, n);
        program(b.program);
        program(b.inverse);
        return;
      }
      default:
        return unsupported(n, n.type.replace(/Statement$/, '').toLowerCase());
    }
  };
  program(ast);
  return out;
}

/** Static check of a template against the variables its event offers and the variables marked safe. */
export function checkTemplate(source: string, known: ReadonlyMap<string, VariableSpec>, safe: ReadonlySet<string>): TemplateProblem[] {
  return walk(source, (path, raw, line) => {
    if (!known.has(path)) return { code: 'notification.unknown_variable', params: { variable: path, line, ...hintFor(path, known) } };
    if (raw && !safe.has(path)) return { code: 'notification.raw_not_safe', params: { variable: path, line } };
    return undefined;
  }).problems;
}

/** The variable paths a template reads (for tests and the builder). */
export function templateVariables(source: string): string[] {
  return [...walk(source, () => undefined).paths];
}

function hintFor(path: string, known: ReadonlyMap<string, VariableSpec>): { hint: string; hintEn: string } {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known.keys()) {
    const d = distance(path.toLowerCase(), k.toLowerCase());
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best && bestD <= Math.max(2, Math.floor(path.length / 5))
    ? { hint: `もしかして「${best}」ですか？`, hintEn: `Did you mean "${best}"?` }
    : { hint: '', hintEn: '' };
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

export type TemplateVars = Record<string, unknown>;

export interface CompiledTemplate {
  /** Plain text (LINE, the text part of an email, webhook): nothing is interpreted, so nothing is escaped. */
  text(vars: TemplateVars): string;
  /** HTML: every variable HTML-escaped except those marked safe ({{{ }}}); line breaks become <br>. */
  html(vars: TemplateVars): string;
}

/** Compiles a checked template (strict mode: a missing variable throws instead of rendering blank). */
export function compileTemplate(source: string): CompiledTemplate {
  const text = hb.compile(source, { ...OPTIONS, noEscape: true });
  const html = hb.compile(source, OPTIONS);
  // Handlebars compiles lazily; render once now so a broken template fails at load, not at send.
  const probe = probeVars(templateVariables(source));
  text(probe);
  html(probe);
  return {
    text: (vars) => text(vars),
    html: (vars) => html(vars).replace(/\r?\n/g, '<br>\n'),
  };
}

/** A subject line: text rendering on one line (a line break in a header would be an injection). */
export function compileSubject(source: string): (vars: TemplateVars) => string {
  const t = compileTemplate(source);
  return (vars) => t.text(vars).replace(/[\r\n]+/g, ' ').trim();
}

function probeVars(paths: readonly string[]): TemplateVars {
  const root: Record<string, unknown> = {};
  for (const p of paths) {
    const parts = p.split('.');
    let o = root;
    for (const k of parts.slice(0, -1)) o = (o[k] ??= {}) as Record<string, unknown>;
    o[parts[parts.length - 1]] = '';
  }
  return root;
}
