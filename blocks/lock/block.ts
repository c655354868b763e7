// `lock`: smart-lock passcodes for a service's places (seed 003). Each active booking on a
// place with a keypad gets a random 6-digit passcode, registered on the device through
// SwitchBot's Open API as a time-limited key valid from the notice time to the end of the
// booking, sent to the resident at the notice time, revoked on cancellation and replaced on
// a change. A job reconciles what should exist with what does (passcodes.ts), so a hub that
// is offline for a while, a restart or a second server change nothing but the timing.
import { defineBlock, type RawBlock } from '../../engine/core/block';
import { registerMessages } from '../../engine/core/messages';
import { bookingVars } from '../../engine/notify/events';
import { passcodeDue, reconcileLocks } from './passcodes';
import { writeAudit } from '../../engine/audit';
import { localDateTimeJa, localTime } from '../../engine/notify/format';
import { lockRoutes } from './routes';
import { switchBotFromEnv } from './switchbot';
import schema from './schema.json';

export interface LockBlock extends RawBlock {
  kind: 'lock';
  title?: string;
  service: string;
  devices: { resource: string; deviceId: string; title?: string }[];
  noticeMinutes?: number;
  allDayNotice?: string;
}

export interface CompiledLock {
  id: string;
  title: string;
  service: string;
  devices: readonly { resource: string; deviceId: string; title: string }[];
  noticeMinutes: number;
  allDayNotice: string;
}

export const DEFAULT_NOTICE_MINUTES = 60;

registerMessages({
  'lock.unknown_resource': { status: 422, ja: '場所 "{resource}" はサービスのカレンダーにありません。', en: 'Place "{resource}" is not in the service\'s calendar.' },
  'lock.duplicate_resource': { status: 422, ja: '場所 "{resource}" のキーパッドが2つ指定されています。', en: 'Place "{resource}" has two keypads.' },
  'lock.none': { status: 404, ja: 'この予約の場所にはスマートロックがありません。', en: 'This booking\'s place has no smart lock.' },
  'lock.not_active': { status: 409, ja: '有効な予約ではないため、暗証番号は発行できません。', en: 'The booking is not active: no passcode can be made.' },
});

export const lockBlock = defineBlock<LockBlock, CompiledLock>({
  kind: 'lock',
  version: 1,
  schema,
  cardinality: 'many',
  migrations: [],
  title: { ja: 'スマートロック', en: 'Smart lock' },
  refs: (b) => [{ kind: 'service', id: b.service, path: '/service' }],
  check(b, ctx) {
    const service = ctx.find('service', b.service) as { calendar?: string } | undefined;
    const calendar = service?.calendar ? (ctx.find('calendar', service.calendar) as { resources?: { id: string }[] } | undefined) : undefined;
    const resources = new Set(calendar?.resources?.map((r) => r.id) ?? []);
    const seen = new Set<string>();
    b.devices.forEach((d, i) => {
      if (calendar && !resources.has(d.resource)) ctx.issue(`/devices/${i}/resource`, 'lock.unknown_resource', { resource: d.resource });
      if (seen.has(d.resource)) ctx.issue(`/devices/${i}/resource`, 'lock.duplicate_resource', { resource: d.resource });
      seen.add(d.resource);
    });
  },
  compile: (b) => ({
    id: b.id,
    title: b.title ?? b.id,
    service: b.service,
    devices: b.devices.map((d) => ({ resource: d.resource, deviceId: d.deviceId, title: d.title ?? d.resource })),
    noticeMinutes: b.noticeMinutes ?? DEFAULT_NOTICE_MINUTES,
    allDayNotice: b.allDayNotice ?? '15:00',
  }),
  behaviour: {
    events: {
      'lock.passcode': {
        scope: 'booking',
        ja: 'スマートロックの暗証番号のお知らせ',
        en: 'Smart-lock passcode',
        variables: {
          ...bookingVars,
          'lock.passcode': { trusted: true, secret: true, ja: '暗証番号（6桁）' },
          'lock.validFrom': { trusted: true, ja: '使える時刻（例: 2026年12月3日（木） 09:00）' },
          'lock.validUntil': { trusted: true, ja: '使えなくなる時刻' },
          'lock.place': { trusted: true, ja: 'キーパッドの名前（例: 体育館 正面入口）' },
        },
      },
    },
    // Every minute: passcodes appear on devices, go out at their notice time, and are revoked.
    jobs: [
      {
        id: 'passcodes',
        everyMs: 60_000,
        async run(deps) {
          // The jobs' environment (tests, several tenants' keys), not the process's own.
          const env = deps.env ?? process.env;
          for (const published of deps.tenants.all()) if (published.tenant.list('lock').length) await reconcileLocks(deps, published, switchBotFromEnv(env, published.tenant.slug));
        },
      },
    ],
    routes: lockRoutes,
    // Asked in LINE talk: the passcode once its notice time has come (the same rule as the notice), logged as a view.
    talkLines: [
      {
        async forBooking({ db, published, booking, now }) {
          const due = await passcodeDue(db, published, booking.id, now);
          if (!due) return undefined;
          await writeAudit(db, { tenant: published.tenant.slug, at: now, actor: { type: 'member', id: booking.memberId ?? '' }, action: 'lock.viewed', target: { type: 'booking', id: booking.receiptNo }, details: { via: 'line' } });
          const tz = published.tenant.get('service', booking.serviceId)?.calendar.timezone ?? 'Asia/Tokyo';
          return `暗証番号 ${due.passcode}（${localDateTimeJa(due.validFrom, tz)}〜${localTime(due.validUntil, tz)}）`;
        },
      },
    ],
  },
});

declare module '../../engine/core/kinds' {
  interface CompiledKinds {
    lock: CompiledLock;
  }
}
