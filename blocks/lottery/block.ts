// The `lottery` block (抽選): slots of a service on the given dates are drawn
// among entries made in the application window. Everything it adds to the engine
// (the first-come refusal, events, jobs, HTTP routes) comes through `behaviour`.
import type { KindTenantView } from '../../engine/core/behaviour';
import { defineBlock, type RawBlock } from '../../engine/core/block';
import { EngineError } from '../../engine/core/errors';
import { makeIssue } from '../../engine/core/messages';
import { parseInstant } from '../../engine/schedule/time';
import schema from './schema.json';
import { lotteryRoutes } from './routes';
import { blockingLottery, memberEntryLinks, lotteryStatus, readInstance, drawLottery, dueDraws, ensureInstance, lotteriesOf, releaseExpiredWins, remindUnconfirmedWins } from './store';
import { type CompiledLottery, type CompiledLotteryBlock, type DayTime } from './cycles';
import './messages';

export interface LotteryBlock extends RawBlock {
  kind: 'lottery';
  title?: string;
  titleEn?: string;
  service: string;
  slots?: { from: string; to: string };
  applicationWindow?: { opens: string; closes: string };
  drawAt?: string;
  cycle?: { monthly: { firstMonth: string; lastMonth?: string; monthsAhead: number; opens: string; closes: string; drawAt: string } };
  maxChoices: number;
  maxEntriesPerPerson: number;
  maxWinsPerPerson: number;
  confirmWithinHours?: number;
  onlineWithdrawal?: boolean;
  priority?: { id: string; title?: string; when: unknown }[];
}

export type { CompiledLottery, CompiledLotteryBlock };

const dayTime = (s: string): DayTime => ({ day: Number(s.slice(0, 2)), time: s.slice(3) });

const forService = (tenant: KindTenantView, id: string) => tenant.list('lottery').some((l) => l.service === id);

const t = (ja: string) => ({ trusted: true, ja });
const bookingVars = { 'booking.receiptNo': t('受付番号'), 'booking.datetime': t('利用日時'), 'booking.resourceTitle': t('施設名'), 'booking.serviceTitle': t('サービス名') };
const entryVars = { 'lottery.title': t('抽選の名前'), 'lottery.entryNo': t('抽選の申込番号'), 'lottery.drawAt': t('抽選日時') };

export const lotteryBlock = defineBlock<LotteryBlock, CompiledLotteryBlock>({
  kind: 'lottery',
  version: 1,
  schema,
  cardinality: 'many',
  migrations: [],
  title: { ja: '抽選', en: 'Lottery' },
  refs: (b) => [{ kind: 'service', id: b.service, path: '/service' }],
  check(b, ctx) {
    const fixed = b.slots !== undefined || b.applicationWindow !== undefined || b.drawAt !== undefined;
    const complete = b.slots !== undefined && b.applicationWindow !== undefined && b.drawAt !== undefined;
    if (fixed === (b.cycle !== undefined) || (fixed && !complete)) ctx.issue('', 'lottery.dates_or_cycle');
    if (complete) {
      const opens = parseInstant(b.applicationWindow!.opens);
      const closes = parseInstant(b.applicationWindow!.closes);
      const drawAt = parseInstant(b.drawAt!);
      if (opens !== undefined && closes !== undefined && closes <= opens) ctx.issue('/applicationWindow/closes', 'lottery.bad_window');
      if (closes !== undefined && drawAt !== undefined && drawAt < closes) ctx.issue('/drawAt', 'lottery.draw_before_close');
      if (b.slots!.from > b.slots!.to) ctx.issue('/slots/from', 'lottery.bad_slot_range');
      if (drawAt !== undefined && b.drawAt!.slice(0, 10) >= b.slots!.from) ctx.issue('/slots/from', 'lottery.slots_before_draw');
    }
    const m = b.cycle?.monthly;
    if (m) {
      // Day-and-time strings (DDTHH:MM) compare in time order.
      if (m.closes <= m.opens) ctx.issue('/cycle/monthly/closes', 'lottery.bad_window');
      if (m.drawAt < m.closes) ctx.issue('/cycle/monthly/drawAt', 'lottery.draw_before_close');
      if (m.lastMonth !== undefined && m.lastMonth < m.firstMonth) ctx.issue('/cycle/monthly/lastMonth', 'lottery.bad_slot_range');
    }
    if (b.maxWinsPerPerson > b.maxEntriesPerPerson) ctx.issue('/maxWinsPerPerson', 'lottery.wins_over_entries');
    const range = (x: LotteryBlock) =>
      x.slots ? [x.slots.from, x.slots.to] : x.cycle ? [`${x.cycle.monthly.firstMonth}-01`, x.cycle.monthly.lastMonth ? `${x.cycle.monthly.lastMonth}-31` : '9999-12-31'] : undefined;
    const mine = range(b);
    for (const other of ctx.all('lottery') as LotteryBlock[]) {
      if (other.id === b.id || other.service !== b.service) continue;
      const theirs = range(other);
      if (mine && theirs && theirs[0]! <= mine[1]! && mine[0]! <= theirs[1]!) ctx.issue(b.slots ? '/slots' : '/cycle', 'lottery.overlap', { other: other.id });
    }
    const service = ctx.find('service', b.service) as { form?: string } | undefined;
    const form = service?.form ? (ctx.find('form', service.form) as { fields?: { id: string }[] } | undefined) : undefined;
    const memberFields = (ctx.all('member-fields')[0] as { fields?: { id: string }[] } | undefined)?.fields ?? [];
    const variables = [...(form?.fields ?? []).map((f) => `answers.${f.id}`), ...memberFields.map((f) => `member.${f.id}`), 'member.name', 'member.email', 'member.phone'];
    const seen = new Set<string>();
    (b.priority ?? []).forEach((p, i) => {
      if (seen.has(p.id)) ctx.issue(`/priority/${i}/id`, 'lottery.duplicate_tier', { id: p.id });
      seen.add(p.id);
      ctx.checkRule(p.when, `/priority/${i}/when`, variables);
    });
  },
  compile: (b, ctx) => ({
    id: b.id,
    title: b.title ?? b.id,
    service: b.service,
    timezone: ctx.tenant.timezone,
    maxChoices: b.maxChoices,
    maxEntriesPerPerson: b.maxEntriesPerPerson,
    maxWinsPerPerson: b.maxWinsPerPerson,
    confirmWithinHours: b.confirmWithinHours ?? 0,
    onlineWithdrawal: b.onlineWithdrawal ?? true,
    priority: (b.priority ?? []).map((p) => ({ id: p.id, title: p.title ?? p.id, when: p.when })),
    ...(b.slots && b.applicationWindow && b.drawAt
      ? { fixed: { slotsFrom: b.slots.from, slotsTo: b.slots.to, opens: b.applicationWindow.opens, closes: b.applicationWindow.closes, drawAt: b.drawAt } }
      : {}),
    ...(b.cycle
      ? {
          monthly: {
            firstMonth: b.cycle.monthly.firstMonth,
            ...(b.cycle.monthly.lastMonth ? { lastMonth: b.cycle.monthly.lastMonth } : {}),
            monthsAhead: b.cycle.monthly.monthsAhead,
            opens: dayTime(b.cycle.monthly.opens),
            closes: dayTime(b.cycle.monthly.closes),
            drawAt: dayTime(b.cycle.monthly.drawAt),
          },
        }
      : {}),
  }),
  behaviour: {
    memberLinks: [{ items: ({ db, published, memberId }) => memberEntryLinks(db, published, memberId) }],
    // The grid and the availability API show lottery slots as `lottery` until the draw, linked to the entry page while it takes entries.
    slotHolds: [
      {
        status: 'lottery',
        appliesTo: (service, tenant) => forService(tenant, service.id),
        async holds({ db, published, service, date, now }) {
          const l = await blockingLottery(db, published, service.id, date);
          if (!l) return undefined;
          const st = lotteryStatus(l, await readInstance(db, published.tenant.slug, l), now);
          if (st === 'open') return { label: { ja: '抽選受付中', en: 'Lottery open' }, href: `/lottery/${encodeURIComponent(l.id)}/apply` };
          if (st === 'upcoming') return { label: { ja: '抽選（受付前）', en: 'Lottery (not open yet)' }, href: `/lottery/${encodeURIComponent(l.id)}` };
          return { label: { ja: '抽選待ち', en: 'Awaiting draw' }, href: `/lottery/${encodeURIComponent(l.id)}` };
        },
      },
    ],
    admissionSteps: [
      {
        // Lottery slots cannot be booked first-come until the draw (staff may still book, audited).
        id: 'lottery-slots',
        after: 'slot',
        appliesTo: (service, tenant) => forService(tenant, service.id),
        async run(ctx) {
          if (ctx.audience === 'staff' || !ctx.slot) return;
          if (ctx.previous && ctx.slot.startMs === ctx.previous.slotStart && ctx.slot.resource === ctx.previous.resourceId) return;
          const l = await blockingLottery(ctx.deps.db, ctx.published, ctx.service.id, ctx.slot.date);
          if (l) throw new EngineError('lottery.slot_in_lottery', { lottery: l.title }, { issues: [makeIssue('/start', 'lottery.slot_in_lottery', { lottery: l.title })] });
        },
      },
    ],
    events: {
      'lottery.applied': { scope: 'booking', ja: '抽選の申込受付', en: 'Lottery entry received', variables: entryVars },
      'lottery.withdrawn': { scope: 'booking', ja: '抽選申込の取下げ', en: 'Lottery entry withdrawn', variables: entryVars },
      'lottery.won': { scope: 'booking', ja: '抽選の当選', en: 'Lottery won', variables: bookingVars },
      'lottery.lost': { scope: 'booking', ja: '抽選の落選', en: 'Lottery lost', variables: entryVars },
      'lottery.confirm_reminder': { scope: 'booking', ja: '当選確定のお願い（期限の24時間前）', en: 'Please confirm your win (24 hours before the deadline)', variables: bookingVars },
      'lottery.released': { scope: 'booking', ja: '当選の確定期限切れ', en: 'Lottery win released', variables: bookingVars },
    },
    jobs: [
      {
        // Commits the seed of every lottery whose window has opened (even if nobody looked yet) and
        // draws every lottery whose drawAt has passed; both are idempotent.
        id: 'draw',
        everyMs: 60_000,
        async run(deps) {
          const now = deps.clock.now().getTime();
          for (const published of deps.tenants.all()) {
            const slug = published.tenant.slug;
            for (const l of lotteriesOf(published, now)) if (now >= l.opensMs) await ensureInstance(deps.db, slug, l, now);
            for (const l of await dueDraws(deps.db, published, now)) {
              // One lottery that cannot be drawn (its service removed since) must not hold up the others.
              try {
                await drawLottery(deps, { published, lotteryId: l.id, actor: { type: 'system' } });
              } catch (e) {
                deps.logger.error('lottery draw failed', { tenant: slug, lottery: l.id, error: String(e) });
              }
            }
          }
        },
      },
      {
        id: 'release',
        everyMs: 60_000,
        async run(deps) {
          for (const published of deps.tenants.all()) {
            await remindUnconfirmedWins(deps, published);
            await releaseExpiredWins(deps, published);
          }
        },
      },
    ],
    routes: lotteryRoutes,
  },
});

declare module '../../engine/core/kinds' {
  interface CompiledKinds {
    lottery: CompiledLotteryBlock;
  }
}
