// How values read in a message: Japanese dates with the weekday, answers as
// their option labels.
import type { FormField } from '../../blocks/form/block';
import { answerText } from '../../blocks/form/answer-text';
import { epochToLocal, weekdayOf } from '../schedule/time';

const WEEKDAYS = ['日', '月', '火', '水', '木', '金', '土'];

/** 2026-12-03 → 2026年12月3日（木） */
export function formatDateJa(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${y}年${m}月${d}日（${WEEKDAYS[weekdayOf(date)]}）`;
}

export function localTime(ms: number, timeZone: string): string {
  return epochToLocal(ms, timeZone).time;
}

export function localDateJa(ms: number, timeZone: string): string {
  return formatDateJa(epochToLocal(ms, timeZone).date);
}

/** e.g. 2026年12月7日（月） 18:00: a deadline in a notice or on a page. */
export function localDateTimeJa(ms: number, timeZone: string): string {
  return `${localDateJa(ms, timeZone)} ${localTime(ms, timeZone)}`;
}

/**
 * Every field of the form as display text ('' when unanswered), so strict templates always find
 * the key. Without the form (its service was removed since), the stored answers as they are.
 */
export function answersForDisplay(fields: readonly FormField[] | undefined, answers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  const list = fields ?? Object.keys(answers).map((id): FormField => ({ id, type: 'text', label: id }));
  for (const f of list) out[f.id] = String(answerText(f, answers[f.id]) ?? '');
  return out;
}
