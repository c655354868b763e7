// `waitlist`: キャンセル待ち for a service. A resident who meets a full slot joins
// its list; when a place frees (a cancellation, an expired offer or win, capacity
// raised), the first in line whose quotas allow it is offered the place, held for
// `offerHours`; accepting confirms it, expiry passes it on. Entries are bookings in
// the lifecycle's `waitlisted` and `offered` states (engine/booking/status.ts).
import { defineBlock, type RawBlock } from '../../engine/core/block';
import { registerMessages } from '../../engine/core/messages';
import { bookingVars } from '../../engine/notify/events';
import { memberWaitLinks, sweepWaitlists } from './offers';
import { waitlistRoutes } from './routes';
import schema from './schema.json';

export interface WaitlistBlock extends RawBlock {
  kind: 'waitlist';
  service: string;
  offerHours?: number;
  maxPerPerson?: number;
  maxPerSlot?: number;
}

export interface CompiledWaitlist {
  id: string;
  service: string;
  offerHours: number;
  maxPerPerson?: number;
  maxPerSlot?: number;
}

export const DEFAULT_OFFER_HOURS = 24;

registerMessages({
  'waitlist.duplicate_service': { status: 422, ja: 'サービス "{service}" のキャンセル待ちが2つあります。1つにしてください。', en: 'Service "{service}" has two waiting lists; keep one.' },
  'waitlist.not_available': { status: 404, ja: 'このサービスはキャンセル待ちを受け付けていません。', en: 'This service has no waiting list.' },
  'waitlist.has_room': { status: 409, ja: 'この枠には空きがあります。キャンセル待ちではなく、通常の予約をしてください。', en: 'This slot has room: book it instead of joining the waiting list.' },
  'waitlist.already_waiting': { status: 409, ja: 'この枠のキャンセル待ちにはすでに登録されています。', en: 'You are already on the waiting list for this slot.' },
  'waitlist.limit': { status: 409, ja: 'キャンセル待ちは同時に{max}件までです。', en: 'You can wait for at most {max} slots at a time.' },
  'waitlist.full': { status: 409, ja: 'この枠のキャンセル待ちは満員です（{max}人まで）。', en: 'The waiting list for this slot is full ({max}).' },
  'waitlist.no_offer': { status: 409, ja: '確定できる繰上げはありません（現在の状態: {status}）。', en: 'There is no offer to accept (status: {statusEn}).' },
  'waitlist.offer_expired': { status: 409, ja: '繰上げの確定期限を過ぎています。', en: 'The offer has expired.' },
  'waitlist.not_waiting': { status: 409, ja: 'キャンセル待ちの登録がありません（すでに確定・取消・期限切れです）。', en: 'Not on the waiting list any more (booked, withdrawn or expired).' },
});

export const waitlistBlock = defineBlock<WaitlistBlock, CompiledWaitlist>({
  kind: 'waitlist',
  version: 1,
  schema,
  cardinality: 'many',
  migrations: [],
  title: { ja: 'キャンセル待ち', en: 'Waiting list' },
  refs: (b) => [{ kind: 'service', id: b.service, path: '/service' }],
  check(b, ctx) {
    if (ctx.all('waitlist').filter((w) => (w as WaitlistBlock).service === b.service).length > 1) ctx.issue('/service', 'waitlist.duplicate_service', { service: b.service });
  },
  compile: (b) => ({
    id: b.id,
    service: b.service,
    offerHours: b.offerHours ?? DEFAULT_OFFER_HOURS,
    ...(b.maxPerPerson !== undefined ? { maxPerPerson: b.maxPerPerson } : {}),
    ...(b.maxPerSlot !== undefined ? { maxPerSlot: b.maxPerSlot } : {}),
  }),
  behaviour: {
    memberLinks: [{ items: ({ db, published, memberId }) => memberWaitLinks(db, published, memberId) }],
    // A full slot of a service with a list links to joining it (キャンセル待ちに登録).
    fullSlotActions: [
      {
        appliesTo: (service, tenant) => tenant.list('waitlist').some((w) => w.service === service.id),
        label: { ja: 'キャンセル待ち', en: 'Join waiting list' },
        href: (service, slot) => `/waitlist/join?${new URLSearchParams({ service: service.id, resource: slot.resource, start: slot.start })}`,
      },
    ],
    events: {
      'waitlist.joined': {
        scope: 'booking',
        ja: 'キャンセル待ちの受付',
        en: 'Joined the waiting list',
        variables: { ...bookingVars, 'booking.accessKey': { trusted: true, secret: true, ja: 'アクセスキー（未登録者のみ）' } },
      },
      'waitlist.offered': {
        scope: 'booking',
        ja: 'キャンセル待ちの繰上げ（空きが出ました）',
        en: 'A place is offered from the waiting list',
        variables: { ...bookingVars, 'offer.expiresAt': { trusted: true, ja: '確定の期限（例: 2026年12月3日（木） 10:00）' } },
      },
      'waitlist.expired': { scope: 'booking', ja: '繰上げの期限切れ', en: 'Waiting-list offer expired', variables: bookingVars },
    },
    // Every minute: a freed place is offered within a minute, an expired offer passes on.
    jobs: [
      {
        id: 'offers',
        everyMs: 60_000,
        async run(deps) {
          for (const published of deps.tenants.all()) if (published.tenant.list('waitlist').length) await sweepWaitlists(deps, published);
        },
      },
    ],
    routes: waitlistRoutes,
  },
});

declare module '../../engine/core/kinds' {
  interface CompiledKinds {
    waitlist: CompiledWaitlist;
  }
}
