// 予約変更: choose a new slot (or keep it) → the form, prefilled → 変更内容確認 →
// changeBooking (the new place is taken and the old one freed in one
// transaction). Every screen is a post carrying the holder; nothing is in a URL.
import { Hono } from 'hono';
import type { CompiledService } from '../../../../blocks/service/block';
import { availabilityOf } from '../../../booking/availability';
import { changeBooking } from '../../../booking/change';
import { resolveSlot } from '../../../booking/slot';
import type { BookingRow } from '../../../booking/view';
import { csrfValid } from '../../../auth/csrf';
import { EngineError } from '../../../core/errors';
import { HiddenInputs } from '../../../runtime/hidden-inputs';
import { pick } from '../../../runtime/i18n';
import { inputsFromAnswers, type Inputs } from '../../../runtime/inputs';
import { addDays } from '../../../schedule/time';
import { BookingTable } from './booking-details';
import { authOf, findHeld, holderHidden, holderOf, type Holder } from './booking-access';
import { pageOf, type Page, type PageEnv } from './context';
import { advance, AnswerRows, field, FormScreen, issuesToErrors, readBody, ReviewForm, type Body, type Flow } from './form-flow';
import { slotText } from './format';
import { Grid, Legend } from './grid';
import { Layout } from './layout';
import { BackToDetails } from './lookup';
import { errorText, html } from './render';
import { GRID_DAYS, periodOf } from './service';
import { DetailsTable } from './slot-table';
import { ui } from './text';
import { loadSnapshot, redirectToSnapshot } from './snapshots';
import type { HeldSnapshot } from './lookup';
import { committed } from '../../../db';
import { isChangeable } from '../../../booking/status';
import { notActiveError } from '../../../booking/transition';

const KEEP = 'keep';

function flowOf(p: Page, service: CompiledService, h: Holder, slotValue: string): Flow {
  return { p, form: service.form, mode: 'classic', action: p.href('/r/change'), hidden: { ...holderHidden(h), phase: 'form', slot: slotValue }, primary: 'toConfirm', backPosts: true };
}

/** The chosen slot ("resource|start"), or the booking's own when kept. */
function chosenSlot(p: Page, service: CompiledService, row: BookingRow, value: string): { resource: string; start: string; startMs: number; endMs: number } | undefined {
  if (value === KEEP || !value) return undefined;
  const [resource, start] = value.split('|');
  return resolveSlot(service, resource, start, p.now);
}

/** The slots SlotPicker shows for the posted body, read before rendering. */
async function pickerSlots(p: Page, row: BookingRow, service: CompiledService, body: Body) {
  const resourceParam = field(body, 'resource') || field(body, 'curResource') || row.resourceId;
  const { from, resource } = periodOf(p, service, field(body, 'from') || field(body, 'curFrom') || row.slotDate, resourceParam);
  const open = service.calendar.publicAvailability;
  return open ? await availabilityOf(p.c.get('deps').db, p.slug, service, { from, to: addDays(from, GRID_DAYS - 1), resource: resource.id, now: p.now, published: p.published }) : [];
}

function SlotPicker({ p, row, service, h, body, notice, slots }: { p: Page; row: BookingRow; service: CompiledService; h: Holder; body: Body; notice?: string; slots: Awaited<ReturnType<typeof pickerSlots>> }) {
  const { lang } = p;
  const resourceParam = field(body, 'resource') || field(body, 'curResource') || row.resourceId;
  const { today, from, resource, prev, next } = periodOf(p, service, field(body, 'from') || field(body, 'curFrom') || row.slotDate, resourceParam);
  const open = service.calendar.publicAvailability;
  return (
    <Layout p={p} title={ui(lang, 'changeTitle')} step="input" errorTitle={!!notice}>
      {notice && (
        <div class="notice notice-error" role="alert">
          <p>{notice}</p>
        </div>
      )}
      <BookingTable p={p} row={row} service={service} h={h} />
      <p>{ui(lang, 'changeSlotText')}</p>
      <form method="post" action={p.href('/r/change')} class="form">
        <HiddenInputs values={{ _csrf: p.csrf(), ...holderHidden(h), phase: 'slot', curResource: resource.id, curFrom: from }} />
        <div class="actions">
          <button type="submit" name="slot" value={KEEP} class="button button-secondary">
            {ui(lang, 'keepSlot')}
          </button>
        </div>
        {service.calendar.resources.length > 1 && (
          <ul class="resources" aria-label={ui(lang, 'resourceSwitch')}>
            {service.calendar.resources.map((r) => (
              <li>
                <button type="submit" name="resource" value={r.id} aria-current={r.id === resource.id ? 'true' : undefined}>
                  {pick(lang, r.title, r.titleEn)}
                </button>
              </li>
            ))}
          </ul>
        )}
        {open ? (
          <>
            <ul class="period" aria-label={ui(lang, 'period')}>
              {from > today && (
                <li>
                  <button type="submit" name="from" value={prev < today ? today : prev}>
                    {ui(lang, 'prevPeriod')}
                  </button>
                </li>
              )}
              <li>
                <button type="submit" name="from" value={next}>
                  {ui(lang, 'nextPeriod')}
                </button>
              </li>
            </ul>
            <Legend lang={lang} />
            <Grid
              dates={p.dates}
              lang={lang}
              resourceTitle={pick(lang, resource.title, resource.titleEn)}
              from={from}
              days={GRID_DAYS}
              slots={slots}
              bookable={(s, content) => (
                <button type="submit" class="cell" name="slot" value={`${s.resource}|${s.start}`}>
                  {content}
                </button>
              )}
            />
          </>
        ) : (
          <p class="notice">{ui(lang, 'availabilityHidden')}</p>
        )}
      </form>
      <div class="actions">
        <BackToDetails p={p} h={h} />
      </div>
    </Layout>
  );
}

function FormPage({ flow, row, service, h, state }: { flow: Flow; row: BookingRow; service: CompiledService; h: Holder; state: { step: string; inputs: Inputs; errors: Record<string, string> } }) {
  const { p } = flow;
  return (
    <Layout p={p} title={ui(p.lang, 'changeTitle')} step="input" errorTitle={Object.keys(state.errors).length > 0}>
      <ChangeRows p={p} row={row} service={service} h={h} value={flow.hidden.slot} />
      <FormScreen flow={flow} state={state} />
    </Layout>
  );
}

function ChangeRows({ p, row, service, h, value }: { p: Page; row: BookingRow; service: CompiledService; h: Holder; value: string }) {
  const slot = chosenSlot(p, service, row, value);
  const tz = service.calendar.timezone;
  const place = (id: string) => {
    const r = service.calendar.resources.find((x) => x.id === id);
    return r ? pick(p.lang, r.title, r.titleEn) : id;
  };
  return (
    <DetailsTable
      rows={[
        [ui(p.lang, 'receiptNo'), h.receiptNo],
        [ui(p.lang, 'before'), `${slotText(row.slotStart, row.slotEnd, tz, p.lang, p.dates)} ${place(row.resourceId)}`],
        [ui(p.lang, 'after'), slot ? `${slotText(slot.startMs, slot.endMs, tz, p.lang, p.dates)} ${place(slot.resource)}` : ui(p.lang, 'keepSlot')],
      ]}
    />
  );
}

/** The screens of 予約変更 from a posted body; `committedChange.done` says the change was made. */
async function changeScreens(p: Page, body: Body, committedChange: { done: boolean }): Promise<Response> {
  const c = p.c;
  const h = holderOf(p, body);
  const { row, service } = await findHeld(p, h);
  if (!service) throw new EngineError('service.not_found', { service: row.serviceId });
  if (!isChangeable(row.status)) throw notActiveError(row.status);
  const slotValue = field(body, 'slot');
  // Choosing a slot (or paging the grid) until one is picked.
  if (field(body, 'phase') !== 'form' && !slotValue) return html(c, <SlotPicker p={p} row={row} service={service} h={h} body={body} slots={await pickerSlots(p, row, service, body)} />);
  try {
    chosenSlot(p, service, row, slotValue);
  } catch (e) {
    if (e instanceof EngineError) return html(c, <SlotPicker p={p} row={row} service={service} h={h} body={body} slots={await pickerSlots(p, row, service, body)} notice={errorText(e, p.lang)} />, 409);
    throw e;
  }
  const flow = flowOf(p, service, h, slotValue || KEEP);
  if (field(body, 'phase') !== 'form') {
    const inputs = inputsFromAnswers(service.form.fields, JSON.parse(row.answersJson) as Record<string, unknown>);
    return html(c, <FormPage flow={flow} row={row} service={service} h={h} state={{ step: '', inputs, errors: {} }} />);
  }
  const o = advance(flow, body);
  if (o.kind === 'exit') return html(c, <SlotPicker p={p} row={row} service={service} h={h} body={{ ...body, slot: '' }} slots={await pickerSlots(p, row, service, { ...body, slot: '' })} />);
  if (o.kind === 'screen') return html(c, <FormPage flow={flow} row={row} service={service} h={h} state={o} />, Object.keys(o.errors).length ? 422 : 200);
  if (o.kind === 'review') {
    return html(
      c,
      <Layout p={p} title={ui(p.lang, 'changeReview')} step="confirm">
        <ChangeRows p={p} row={row} service={service} h={h} value={flow.hidden.slot} />
        <DetailsTable rows={[]}>
          <AnswerRows form={service.form} answers={o.answers} lang={p.lang} />
        </DetailsTable>
        <p>{ui(p.lang, 'changeReviewNote')}</p>
        <ReviewForm flow={flow} inputs={o.inputs} confirm="change" />
      </Layout>,
    );
  }
  const slot = chosenSlot(p, service, row, flow.hidden.slot);
  const actor = h.accessKey === undefined && p.member ? { type: 'member' as const, id: p.member.id, ip: p.ip } : { type: 'resident' as const, ip: p.ip };
  try {
    const deps = c.get('deps');
    await committed(deps.db, () => changeBooking(deps, {
      published: p.published,
      receiptNo: row.receiptNo,
      auth: authOf(p, h),
      actor,
      patch: { ...(slot ? { resource: slot.resource, start: slot.start } : {}), answers: o.raw },
    }));
    committedChange.done = true;
    return await changedPage(p, body);
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    if (e.code === 'input.invalid' && e.issues?.some((i) => i.path.startsWith('/answers/'))) {
      return html(c, <FormPage flow={flow} row={row} service={service} h={h} state={{ step: '', inputs: o.inputs, errors: issuesToErrors(e.issues, p.lang) }} />, 422);
    }
    return html(c, <SlotPicker p={p} row={row} service={service} h={h} body={{ ...body, slot: '' }} slots={await pickerSlots(p, row, service, { ...body, slot: '' })} notice={errorText(e, p.lang)} />, 409);
  }
}

async function changedPage(p: Page, body: Body): Promise<Response> {
  const h = holderOf(p, body);
  const { row, service } = await findHeld(p, h);
  return html(
    p.c,
    <Layout p={p} title={ui(p.lang, 'changedTitle')} step="done">
      <div class="notice" role="status">
        <p>{ui(p.lang, 'changedText')}</p>
      </div>
      <BookingTable p={p} row={row} service={service} h={h} />
      <p>
        <a href={p.href('/')}>{ui(p.lang, 'toTop')}</a>
        {p.member && (
          <>
            {' / '}
            <a href={p.href('/my')}>{ui(p.lang, 'toList')}</a>
          </>
        )}
      </p>
    </Layout>,
  );
}

// Each screen is answered with a 303 to a GET of it (snapshots.ts): back and forward re-open
// screens, and reloading 変更完了 changes nothing again.
export const changeRoutes = new Hono<PageEnv>()
  .get('/t/:tenant/r/change', async (c) => {
    const p = pageOf(c);
    const saved = await loadSnapshot<HeldSnapshot>(c, c.req.query('s'));
    if (saved?.scope !== 'change') return c.redirect(p.href('/lookup'), 303);
    if (saved.data.done) return changedPage(p, saved.data.body);
    return changeScreens(p, saved.data.body, { done: false });
  })
  .post('/t/:tenant/r/change', async (c) => {
    const p = pageOf(c);
    const body = await readBody(c);
    if (!csrfValid(c, body._csrf)) throw new EngineError('http.bad_request', { reason: ui(p.lang, 'csrfExpired') });
    const out = { done: false };
    const res = await changeScreens(p, body, out);
    if (res.status !== 200) return res;
    return redirectToSnapshot(c, p.href('/r/change'), 'change', { body, ...(out.done ? { done: true } : {}) } satisfies HeldSnapshot, () => res);
  });
