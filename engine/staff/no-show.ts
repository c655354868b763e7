// 不来場: once a day has closed (the end of the calendar's last slot that day),
// confirmed bookings of that day with no visit recorded are marked no-show,
// except for services whose check-in says noShow: false.
// Runs periodically from main.ts; each (calendar, day) is one transaction with
// one audit row per booking, actor "system".
import type { CompiledService } from '../../blocks/service/block';
import { writeAudit } from '../audit';
import type { Clock } from '../core/clock';
import { tenantTimezone } from '../config/tenant';
import type { TenantStore } from '../config/tenant-store';
import { sqlAll, sqlRun, transaction, type Db } from '../db';
import { jsonArrayValues } from '../db/dialect';
import { epochToLocal, localToEpoch, addDays } from '../schedule/time';
import type { CompiledCalendar } from '../schedule/types';
import { statusInSql } from '../booking/status';
import { followVisit } from './visits';

interface Pending {
  id: number;
  receipt_no: string;
  service_id: string;
  answers_json: string;
  calendar_id: string;
  slot_date: string;
}

/** When the day is over for a calendar: the end of its last slot, or midnight when it had none. */
export function closingTime(cal: CompiledCalendar, date: string): number {
  let end = -Infinity;
  for (const s of cal.expand(date, date)) if (s.endMs > end) end = s.endMs;
  return Number.isFinite(end) ? end : localToEpoch(addDays(date, 1), '00:00', cal.timezone);
}

export async function sweepNoShows(deps: { db: Db; clock: Clock; tenants: TenantStore }): Promise<{ marked: number }> {
  const now = deps.clock.now().getTime();
  let marked = 0;
  for (const published of deps.tenants.all()) {
    const slug = published.tenant.slug;
    const services = published.tenant.list('service');
    const calendars = new Map(services.map((s) => [s.calendar.id, s.calendar]));
    // Services that never check visitors in (checkin.noShow false) are left out in SQL,
    // so their unvisited bookings are not re-read on every run.
    const exempt = JSON.stringify(services.filter((s) => !s.checkin.noShow).map((s) => s.id));
    const tz = tenantTimezone(published);
    const today = epochToLocal(now, tz).date;
    const rows = await sqlAll<Pending>(
      deps.db,
      `SELECT b.id, b.receipt_no, b.service_id, b.answers_json, b.calendar_id, b.slot_date FROM bookings b LEFT JOIN booking_visits v ON v.booking_id = b.id
         WHERE b.tenant_slug = ? AND ${statusInSql('visitable', 'b.status')} AND b.slot_date <= ? AND v.status IS NULL
           AND b.service_id NOT IN (${jsonArrayValues('?')}) ORDER BY b.slot_date, b.id`,
      [slug, today, exempt],
    );
    const groups = new Map<string, Pending[]>();
    for (const r of rows) {
      const k = `${r.calendar_id}|${r.slot_date}`;
      const list = groups.get(k);
      if (list) list.push(r);
      else groups.set(k, [r]);
    }
    for (const [key, list] of groups) {
      const [calId, date] = key.split('|');
      const cal = calendars.get(calId);
      const closes = cal ? closingTime(cal, date) : localToEpoch(addDays(date, 1), '00:00', tz);
      if (now < closes) continue;
      await transaction(deps.db, async (tx) => {
        for (const r of list) {
          const mark = await sqlRun(
            tx,
            `INSERT INTO booking_visits (booking_id, tenant_slug, status, updated_at, updated_by) VALUES (?, ?, 'no-show', ?, 'system')
             ON CONFLICT (booking_id) DO UPDATE SET status = 'no-show', updated_at = excluded.updated_at, updated_by = 'system' WHERE booking_visits.status IS NULL`,
            [r.id, slug, now],
          );
          if (mark.changes === 0) continue;
          await writeAudit(tx, { tenant: slug, at: now, actor: { type: 'system' }, action: 'visit.no_show', target: { type: 'booking', id: r.receipt_no }, details: { date: r.slot_date, closedAt: closes } });
          await followVisit(tx, published.tenant, { booking: { id: r.id, receiptNo: r.receipt_no, serviceId: r.service_id, answersJson: r.answers_json }, before: null, after: 'no-show', at: now, actor: { type: 'system' } });
          marked++;
        }
      });
    }
  }
  return { marked };
}

/** Runs the sweep now and then every intervalMs; returns stop(). Errors are logged, never thrown. */
export function startNoShowSweep(deps: { db: Db; clock: Clock; tenants: TenantStore; logger: { error(msg: string, f?: Record<string, unknown>): void } }, intervalMs = 5 * 60_000): () => void {
  let running = false;
  // Never rejects; a sweep still running when the next is due lets that one pass.
  const run = async () => {
    if (running) return;
    running = true;
    try {
      await sweepNoShows(deps);
    } catch (e) {
      deps.logger.error('no-show sweep failed', { error: String(e) });
    } finally {
      running = false;
    }
  };
  void run();
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
