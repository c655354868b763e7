import type { Issue } from '../core/errors';
import type { Lang } from '../core/messages';

/** `file:/pointer: code: message` (with line:column when known), one line per issue. */
export function formatIssue(i: Issue, lang: Lang = 'ja'): string {
  const where = i.line ? `${i.file ?? ''}:${i.line}:${i.column}` : i.file ?? '';
  const msg = lang === 'en' && i.messageEn ? i.messageEn : i.message;
  return `${where}:${i.path || '/'}: ${i.code}: ${msg}`;
}
