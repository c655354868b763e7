// The message catalog: every error and issue code with its HTTP status and
// its Japanese (first) and English text. `{name}` placeholders are filled
// from the details/params object.

export type Lang = 'ja' | 'en';

export interface CatalogEntry {
  status: number;
  ja: string;
  en: string;
}

// Filled by registerMessages: engine codes in ./catalog.ts (server side), each block
// kind's own codes beside it. Kept empty here so the resident form runtime, which
// imports this module, ships only the codes it uses (its answer.* messages).
const catalog: Record<string, CatalogEntry> = {};

export function hasMessage(code: string): boolean {
  return code in catalog;
}

export function statusOf(code: string): number {
  return catalog[code]?.status ?? 500;
}

// JSON Schema type names as staff read them: {type:ja} in a Japanese message.
const TYPE_WORDS: Record<string, string> = { integer: '整数', number: '数値', string: '文字', boolean: 'はい・いいえ', array: '一覧', object: '項目のまとまり', null: '空' };

function fill(template: string, params: Record<string, unknown>): string {
  return template
    .replace(/\{(\w+):ja\}/g, (m, name: string) => (name in params ? String(params[name]).split(',').map((t) => TYPE_WORDS[t.trim()] ?? t.trim()).join('または') : m))
    .replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m))
    .replace(/\s+$/, '');
}

/** Text for a code in the given language; unknown codes fall back to the code itself. */
export function messageFor(code: string, params: Record<string, unknown> = {}, lang: Lang = 'ja'): string {
  const entry = catalog[code];
  if (!entry) return code;
  return fill(entry[lang], params);
}

/** Registers codes owned by a block kind or module (kept in one catalog at runtime). */
export function registerMessages(entries: Record<string, CatalogEntry>): void {
  for (const [code, entry] of Object.entries(entries)) {
    if (code in catalog && JSON.stringify(catalog[code]) !== JSON.stringify(entry)) {
      throw new Error(`message code registered twice with different text: ${code}`);
    }
    catalog[code] = entry;
  }
}

/** Builds an Issue with both languages filled in. */
export function makeIssue(path: string, code: string, params: Record<string, unknown> = {}, file?: string): import('./errors').Issue {
  const issue: import('./errors').Issue = {
    path,
    code,
    message: messageFor(code, params, 'ja'),
    messageEn: messageFor(code, params, 'en'),
  };
  if (file !== undefined) issue.file = file;
  return issue;
}
