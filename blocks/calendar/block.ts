// `calendar`: resources (窓口, rooms, courts), opening hours (一括登録) and per-date
// exceptions (個別登録), exclusions (除外時間), holidays and closures (休館日), slot
// unit (予約時間単位), capacity (時間枠内許容申込数) and the booking window
// (予約受付期間). Expands into slots in local wall time; see rules.ts for precedence.
import { defineBlock } from '../../engine/core/block';
import type { CompiledCalendar } from '../../engine/schedule/types';
import { checkCalendar } from './check';
import { compileCalendar } from './compile';
import './messages';
import labels from './labels.json';
import schema from './schema.json';
import type { CalendarBlock } from './types';

export type { CalendarBlock } from './types';

export const calendarBlock = defineBlock<CalendarBlock, CompiledCalendar>({
  kind: 'calendar',
  version: 1,
  schema,
  labels,
  cardinality: 'many',
  migrations: [],
  title: { ja: 'カレンダー', en: 'Calendar' },
  check: checkCalendar,
  compile: (b, ctx) => compileCalendar(b, ctx.tenant.timezone),
});

declare module '../../engine/core/kinds' {
  interface CompiledKinds {
    calendar: CompiledCalendar;
  }
}
