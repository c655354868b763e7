// Test helpers: compile calendar blocks through the real loader (schema, checks, compile).
import { readFileSync } from 'node:fs';
import { registry } from '../index';
import { loadTenantBlocks } from '../../engine/config/load-tenant';
import type { CompiledCalendar } from '../../engine/schedule/types';

export function compileBlock(block: Record<string, unknown>): CompiledCalendar {
  const r = loadTenantBlocks('test', [block, { kind: 'site', id: 'test-town', title: 'テスト町', timezone: 'Asia/Tokyo' }], registry);
  if (!r.tenant) throw new Error(r.issues.map((i) => `${i.path}: ${i.code}: ${i.messageEn}`).join('\n'));
  return r.tenant.get('calendar', block.id as string)!;
}

/** A calendar.json below the repository root, e.g. `examples/gym-courts`. */
export function readCalendarFile(folder: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../${folder}/calendar.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

export const readDemoCalendar = (service: string) => readCalendarFile(`tenants/demo-city/${service}`);

/** Start times (HH:MM) of a resource's slots on a date, as `HH:MM` or `HH:MM closed-reason`. */
export function dayOf(cal: CompiledCalendar, resource: string, date: string): string[] {
  return cal.expand(date, date, resource).map((s) => (s.closed ? `${s.startLocal} ${s.closed}` : s.startLocal));
}
