// サービスのページ: the availability grid (rows = times, columns = a week), the
// place switch and previous / next period, as plain links. A calendar that keeps
// its availability private gets a date-and-time picker instead.
import { onlineContact, type CompiledService } from '../../../../blocks/service/block';
import { ServiceNotices, serviceNoticesOf } from './book-views';
import { availabilityOf, MAX_AVAILABILITY_DAYS } from '../../../booking/availability';
import { findService } from '../../../booking/book';
import type { SlotAvailability } from '../../../schedule/availability';
import { addDays } from '../../../schedule/time';
import { pick } from '../../../runtime/i18n';
import { pageOf, type Page, type PageContext } from './context';
import { eraInstantText, todayOf } from './format';
import { Grid, Legend } from './grid';
import { Layout } from './layout';
import { html } from './render';
import { ui } from './text';
import { bundleOffered, choiceHref, pickCell, PickedList, picksOf } from './bundle';

export const GRID_DAYS = 7;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function periodOf(p: Page, service: CompiledService, fromParam: string | undefined, resourceParam: string | undefined) {
  const tz = service.calendar.timezone;
  const today = todayOf(p.now, tz);
  const from = fromParam && DATE.test(fromParam) && addDays(fromParam, 0) === fromParam && fromParam >= addDays(today, -366) && fromParam <= addDays(today, 730) ? fromParam : today;
  const resources = service.calendar.resources;
  const resource = resources.find((r) => r.id === resourceParam) ?? resources[0];
  return { today, from, resource, prev: addDays(from, -GRID_DAYS), next: addDays(from, GRID_DAYS) };
}

export async function servicePage(c: PageContext): Promise<Response> {
  const p = pageOf(c);
  const service = findService(p.published, c.req.param('service') ?? '');
  const { lang } = p;
  const { today, from, resource, prev, next } = periodOf(p, service, c.req.query('from'), c.req.query('resource'));
  const title = pick(lang, service.title, service.titleEn);
  const bookHref = (params: Record<string, string>) => p.href(`/s/${service.id}/book`, params);
  if (!service.online.bookable) return counterOnlyPage(p, service);
  const open = service.calendar.publicAvailability;
  // Choosing several slots (複数枠の一括予約): ?multi=1&pick=…, kept on every link of the page.
  const multi = open && bundleOffered(p, service) && (c.req.query('multi') === '1' || (c.req.queries('pick')?.length ?? 0) > 0);
  const picks = multi ? picksOf(service, c.req.queries('pick') ?? []) : [];
  const pageHref = (params: { resource: string; from: string }) => (multi ? choiceHref(p, service, picks.map((x) => x.key), params) : p.href(`/s/${service.id}`, params));
  const slots = open ? await availabilityOf(p.c.get('deps').db, p.slug, service, { from, to: addDays(from, GRID_DAYS - 1), resource: resource.id, now: p.now, published: p.published }) : [];
  const notices = await serviceNoticesOf(p, service);
  const ahead = open ? await aheadOf(p, service, resource.id, from, slots) : undefined;
  return html(
    c,
    <Layout p={p} title={title}>
      {service.description && <p>{pick(lang, service.description, service.descriptionEn)}</p>}
      {!p.guestsOn && !p.member && (
        <p class="notice">
          {ui(lang, 'membersOnly')} <a href={p.href('/login', { next: `/s/${service.id}` })}>{ui(lang, 'login')}</a>
        </p>
      )}
      <ServiceNotices p={p} lines={notices} />
      {service.calendar.resources.length > 1 && (
        <nav aria-label={ui(lang, 'resourceSwitch')}>
          <ul class="resources">
            {service.calendar.resources.map((r) => (
              <li>
                <a href={pageHref({ resource: r.id, from })} aria-current={r.id === resource.id ? 'true' : undefined}>
                  {pick(lang, r.title, r.titleEn)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {open ? (
        <>
          <h2>{ui(lang, 'availability')}</h2>
          <nav aria-label={ui(lang, 'period')}>
            <ul class="period">
              <li>
                {from > today ? <a href={pageHref({ resource: resource.id, from: prev < today ? today : prev })}>{ui(lang, 'prevPeriod')}</a> : <span aria-disabled="true">{ui(lang, 'prevPeriod')}</span>}
              </li>
              <li>
                <a href={pageHref({ resource: resource.id, from: next })}>{ui(lang, 'nextPeriod')}</a>
              </li>
            </ul>
          </nav>
          <Ahead p={p} service={service} resource={resource.id} from={from} ahead={ahead} />
          {multi ? (
            <PickedList p={p} service={service} picks={picks} at={{ resource: resource.id, from }} />
          ) : (
            bundleOffered(p, service) && (
              <p id="multi-start">
                <a href={choiceHref(p, service, [], { resource: resource.id, from })}>{ui(lang, 'multiStart', { max: service.maxSlotsPerBooking })}</a>
              </p>
            )
          )}
          <Legend lang={lang} picking={multi} />
          {slots.some((s) => s.hold || s.action) && <p class="legend-note" id="held-note">{ui(lang, 'heldNote')}</p>}
          <Grid
            dates={p.dates}
            lang={lang}
            resourceTitle={pick(lang, resource.title, resource.titleEn)}
            from={from}
            days={GRID_DAYS}
            slots={slots}
            kindLinks
            bookable={(s, content) => multi ? pickCell(p, service, picks, s, { resource: resource.id, from }) : (
              <a class="cell" href={bookHref({ resource: s.resource, start: s.start })}>
                {content}
              </a>
            )}
          />
        </>
      ) : (
        <HiddenAvailability p={p} serviceId={service.id} resourceId={resource.id} today={today} />
      )}
    </Layout>,
  );
}

/** 窓口・電話のみ: the reason and where to apply, instead of a grid and a form. */
function counterOnlyPage(p: Page, service: CompiledService): Response {
  const { lang } = p;
  const site = p.published.tenant.list('site')[0];
  const reason = pick(lang, service.online.reason, service.online.reasonEn);
  return html(
    p.c,
    <Layout p={p} title={pick(lang, service.title, service.titleEn)}>
      {service.description && <p>{pick(lang, service.description, service.descriptionEn)}</p>}
      <div class="notice" id="counter-only">
        <p>
          <strong>{ui(lang, 'counterOnly')}</strong>
        </p>
        {reason && (
          <p>
            <strong>{ui(lang, 'counterReason')}</strong>
            <br />
            {reason}
          </p>
        )}
        <p>
          <strong>{ui(lang, 'counterContact')}</strong>
          <br />
          <span id="counter-contact">{onlineContact(service, site, lang)}</span>
        </p>
      </div>
      <p>
        <a href={p.href('/')}>{ui(lang, 'toTop')}</a>
      </p>
    </Layout>,
  );
}

function HiddenAvailability({ p, serviceId, resourceId, today }: { p: Page; serviceId: string; resourceId: string; today: string }) {
  const { lang } = p;
  return (
    <>
      <p class="notice">{ui(lang, 'availabilityHidden')}</p>
      <form method="get" action={`/t/${p.slug}/s/${serviceId}/book`} class="form">
        {lang === 'en' && <input type="hidden" name="lang" value="en" />}
        <input type="hidden" name="resource" value={resourceId} />
        <div class="field">
          <label class="label" for="pick-date">
            {ui(lang, 'pickDate')}
          </label>
          <input class="input" type="date" id="pick-date" name="date" min={today} required />
        </div>
        <div class="field">
          <label class="label" for="pick-time">
            {ui(lang, 'pickTime')}
          </label>
          <input class="input" type="time" id="pick-time" name="time" required />
        </div>
        <div class="actions">
          <button type="submit" class="button button-primary">
            {ui(lang, 'toForm')}
          </button>
        </div>
      </form>
    </>
  );
}

/** How far ahead the page looks for the next bookable day. */
const AHEAD_DAYS = 366;

/**
 * When nothing in the period can be booked: when booking opens (if it has not yet)
 * and a link to the next day with a place, instead of an empty grid alone.
 */
interface AheadData {
  firstOpen: SlotAvailability | undefined;
  firstLater: SlotAvailability | undefined;
}

/** What Ahead shows, read before rendering; undefined when the period has something to book. */
async function aheadOf(p: Page, service: CompiledService, resource: string, from: string, slots: readonly SlotAvailability[]): Promise<AheadData | undefined> {
  // A held slot (抽選受付中) links to its own page from the grid.
  if (slots.some((s) => s.status === 'open' || s.hold)) return undefined;
  const db = p.c.get('deps').db;
  let firstOpen: SlotAvailability | undefined;
  let firstLater: SlotAvailability | undefined;
  for (let start = from; start < addDays(from, AHEAD_DAYS) && !firstOpen; start = addDays(start, MAX_AVAILABILITY_DAYS)) {
    const chunk = await availabilityOf(db, p.slug, service, { from: start, to: addDays(start, MAX_AVAILABILITY_DAYS - 1), resource, now: p.now, published: p.published });
    firstOpen = chunk.find((s) => s.status === 'open');
    firstLater ??= chunk.find((s) => s.status === 'not-open-yet' && s.remaining > 0);
  }
  return { firstOpen, firstLater };
}

function Ahead({ p, service, resource, from, ahead }: { p: Page; service: CompiledService; resource: string; from: string; ahead: AheadData | undefined }) {
  if (!ahead) return null;
  const { firstOpen, firstLater } = ahead;
  const { lang } = p;
  const cal = service.calendar;
  const later = firstLater && (!firstOpen || firstLater.start < firstOpen.start) ? firstLater : undefined;
  const slot = later && cal.findSlot(later.resource, Date.parse(later.start));
  const opensMs = slot ? cal.windowBounds(slot).opensMs : undefined;
  const target = (firstOpen ?? later)?.date;
  return (
    <div class="notice" id="ahead">
      {opensMs !== undefined && Number.isFinite(opensMs) ? (
        <>
          <p>{ui(lang, 'notOpenYet')}</p>
          <p>
            <strong id="opens-at">{ui(lang, 'opensOn', { when: eraInstantText(opensMs, cal.timezone, lang) })}</strong>
          </p>
        </>
      ) : (
        <p>{ui(lang, 'noSlotsInPeriod')}</p>
      )}
      {target && target >= addDays(from, GRID_DAYS) && (
        <p>
          <a class="button" id="next-free" href={p.href(`/s/${service.id}`, { resource, from: target })}>
            {ui(lang, 'nextFree')}
          </a>
        </p>
      )}
    </div>
  );
}
