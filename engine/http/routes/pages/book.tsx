// Booking through pages: GET shows 入力 for a slot; each POST moves between
// screens (form-flow) and the final 申込 goes through bookSlot, the same use case
// as the JSON API (capacity, quotas, audit), with the screen's idempotency key
// so a double-clicked 申込 books once and shows the same 受付番号.
import type { CompiledService } from '../../../../blocks/service/block';
import { bookSlot, findService } from '../../../booking/book';
import { createAdmission, notOnline, runEarlySteps } from '../../../booking/admission';
import { checkIdempotencyKey } from '../../../booking/idempotency';
import { resolveSlot } from '../../../booking/slot';
import { csrfValid } from '../../../auth/csrf';
import { newToken } from '../../../auth/token';
import { EngineError } from '../../../core/errors';
import { requestGuestVerification } from '../../../members/guest-verification';
import { answersOfMember } from '../../../members/fields';
import { inputsFromAnswers, pickInputs, type Inputs } from '../../../runtime/inputs';
import type { Mode } from '../../../runtime/steps';
import { localIso } from '../../../schedule/time';
import { DonePage, InputPage, ReviewPage, reviewGroupOf, serviceNoticesOf, VerifySentPage } from './book-views';
import { checkinQrCode } from './checkin-qr';
import { pageOf, publicBase, type Page, type PageContext } from './context';
import { advance, field, firstScreen, issuesToErrors, readBody, REVIEW, type Flow } from './form-flow';
import { instantText } from './format';
import { errorPage, errorText, html } from './render';
import { ui } from './text';
import { committed } from '../../../db';
import type { BookResponse } from '../../../booking/book';
import { answersFromInputs } from '../../../runtime/inputs';
import { latestSnapshot, loadSnapshot, redirectToSnapshot } from './snapshots';

/** A screen of the booking flow saved for the browser's back and forward buttons (see snapshots.ts). */
type BookSnapshot = { resource: string; start: string; mode: Mode } & (
  | { view: 'screen'; step: string; inputs: Inputs; idem?: string }
  | { view: 'review'; inputs: Inputs; idem: string }
  | { view: 'done'; res: BookResponse }
);

const scopeOf = (service: CompiledService, resource: string, start: string) => `book:${service.id}:${resource}:${start}`;

/** Who books: the logged-in member when the service and site take members, else a guest when they take guests. */
export function bookerOf(p: Page, service: CompiledService): { memberId?: string } {
  if (!service.online.bookable) throw notOnline(p.published, service);
  const memberOk = !!p.member && p.membersOn && service.access.members;
  if (memberOk) return { memberId: p.member!.id };
  if (p.guestsOn && service.access.anonymous) return {};
  throw new EngineError('booking.members_only');
}

const actorOf = (p: Page, booker: { memberId?: string }) => (booker.memberId ? { type: 'member' as const, id: booker.memberId, ip: p.ip } : { type: 'resident' as const, ip: p.ip });

function slotOf(p: Page, service: CompiledService, resource: string | undefined, start: string | undefined, date?: string, time?: string) {
  const s = start || (date && time && /^\d{4}-\d{2}-\d{2}$/.test(date) && /^\d{2}:\d{2}$/.test(time) ? localIso(date, time, service.calendar.timezone) : undefined);
  return resolveSlot(service, resource, s, p.now);
}

function flowOf(p: Page, service: CompiledService, slot: { resource: string; start: string; date: string }, mode: Mode): Flow {
  return {
    p,
    form: service.form,
    mode,
    action: p.href(`/s/${service.id}/book`),
    hidden: { resource: slot.resource, start: slot.start, ...(mode === 'chat' ? { idem: newToken(18) } : {}) },
    primary: 'toConfirm',
    backHref: p.href(`/s/${service.id}`, { resource: slot.resource, from: slot.date }),
  };
}

/** A member's details as the form's first answers (name, furigana, phone, email …). */
export function prefill(p: Page, service: CompiledService): Inputs {
  if (!p.member) return {};
  const m = answersOfMember(p.member);
  const answers: Record<string, unknown> = {};
  for (const f of service.form.fields) {
    const v =
      f.type === 'text' && (f.id === 'name' || f.kana) ? m.name : f.type === 'furigana' ? m.kana : f.type === 'phone' ? m.phone : f.type === 'email' ? m.email : f.type === 'birthdate' ? m.birthdate : f.type === 'postal-code' ? m.postalCode : undefined;
    if (v !== undefined && answers[f.id] === undefined) answers[f.id] = v;
  }
  return inputsFromAnswers(service.form.fields, answers);
}

function loginLinks(p: Page, service: CompiledService) {
  return (
    <p>
      {!p.member && (
        <>
          <a href={p.href('/login', { next: `/s/${service.id}` })}>{ui(p.lang, 'login')}</a> /{' '}
        </>
      )}
      <a href={p.href(`/s/${service.id}`)}>{ui(p.lang, 'chooseOther')}</a>
    </p>
  );
}

export async function bookForm(c: PageContext): Promise<Response> {
  const p = pageOf(c);
  const service = findService(p.published, c.req.param('service') ?? '');
  try {
    const booker = bookerOf(p, service);
    const saved = c.req.query('s') !== undefined ? await loadSnapshot<BookSnapshot>(c, c.req.query('s')) : undefined;
    if (c.req.query('s') !== undefined && (!saved || saved.scope !== scopeOf(service, saved.data.resource, saved.data.start))) {
      // Expired, or opened in another browser: start again from the service's calendar.
      return c.redirect(p.href(`/s/${service.id}`), 303);
    }
    if (saved) return await savedScreen(c, p, service, saved.data);
    const slot = slotOf(p, service, c.req.query('resource'), c.req.query('start'), c.req.query('date'), c.req.query('time'));
    // Refusals that do not depend on the answers (a permit the slot needs) come before the form.
    await runEarlySteps(createAdmission({ mode: 'book', deps: c.get('deps'), published: p.published, service, actor: actorOf(p, booker), request: { channel: 'web', ...booker } }), slot);
    const flow = flowOf(p, service, slot, c.req.query('mode') === 'chat' ? 'chat' : 'classic');
    // Back to the first screen after 確認: what was typed, not an empty form.
    const last = await latestSnapshot<BookSnapshot>(c, scopeOf(service, slot.resource, slot.start));
    const inputs = last && last.view !== 'done' && last.mode === flow.mode ? last.inputs : prefill(p, service);
    const state = firstScreen(flow, inputs);
    if (state.kind !== 'screen') throw new Error('first screen expected');
    return html(c, <InputPage flow={flow} service={service} slot={slot} state={state} first notices={await serviceNoticesOf(p, service)} />);
  } catch (e) {
    if (e instanceof EngineError) return errorPage(p, e, loginLinks(p, service));
    throw e;
  }
}

async function savedScreen(c: PageContext, p: Page, service: CompiledService, saved: BookSnapshot): Promise<Response> {
  if (saved.view === 'done') {
    const slot = doneSlot(p, service, saved.resource, saved.start);
    return html(c, <DonePage p={p} service={service} slot={slot} res={saved.res} qr={await checkinQrCode(p, service, { ...saved.res.body, slotDate: slot.date })} />);
  }
  const slot = slotOf(p, service, saved.resource, saved.start);
  const flow = flowOf(p, service, slot, saved.mode);
  if (saved.view === 'screen') {
    if (saved.idem) flow.hidden.idem = saved.idem;
    return html(c, <InputPage flow={flow} service={service} slot={slot} state={{ step: saved.step, inputs: saved.inputs, errors: {} }} notices={await serviceNoticesOf(p, service)} />);
  }
  const result = service.form.validate(answersFromInputs(service.form.fields, saved.inputs), 'resident');
  if (!result.ok) return html(c, <InputPage flow={flow} service={service} slot={slot} state={{ step: '', inputs: saved.inputs, errors: {} }} notices={await serviceNoticesOf(p, service)} />);
  return html(c, <ReviewPage flow={flow} service={service} slot={slot} inputs={saved.inputs} answers={result.value} idem={saved.idem} group={await reviewGroupOf(p, service)} />);
}

/** The booked slot for the completion page, which stays readable after the slot closes to new bookings. */
function doneSlot(p: Page, service: CompiledService, resource: string, start: string) {
  return service.calendar.findSlot(resource, Date.parse(start)) ?? slotOf(p, service, resource, start);
}

/** 303 to the GET of a saved screen; where saving fails the screen is answered directly. */
function redirectTo(c: PageContext, p: Page, service: CompiledService, snapshot: BookSnapshot, direct: () => Response | Promise<Response>): Promise<Response> {
  return redirectToSnapshot(c, p.href(`/s/${service.id}/book`), scopeOf(service, snapshot.resource, snapshot.start), snapshot, direct);
}

export async function bookPost(c: PageContext): Promise<Response> {
  const p = pageOf(c);
  const service = findService(p.published, c.req.param('service') ?? '');
  const body = await readBody(c);
  let booker: { memberId?: string };
  let slot;
  try {
    booker = bookerOf(p, service);
    slot = slotOf(p, service, field(body, 'resource'), field(body, 'start'));
  } catch (e) {
    if (e instanceof EngineError) return errorPage(p, e, loginLinks(p, service));
    throw e;
  }
  const flow = flowOf(p, service, slot, field(body, 'mode') === 'chat' ? 'chat' : 'classic');
  if (field(body, 'idem')) flow.hidden.idem = field(body, 'idem');
  if (!csrfValid(c, body._csrf)) {
    // Nothing typed is lost: the same screen again, with its answers, asking to press the button once more.
    const at = field(body, 'step');
    const state = { step: at === REVIEW || at === 'summary' ? '' : at, inputs: pickInputs(body), errors: {} };
    return html(c, <InputPage flow={flow} service={service} slot={slot} state={state} notice={ui(p.lang, 'csrfExpired')} notices={await serviceNoticesOf(p, service)} />, 403);
  }
  const o = advance(flow, body);
  const at = { resource: slot.resource, start: slot.start, mode: flow.mode };
  if (o.kind === 'screen') {
    const screen = async () => html(c, <InputPage flow={flow} service={service} slot={slot} state={o} notices={await serviceNoticesOf(p, service)} />, Object.keys(o.errors).length ? 422 : 200);
    if (Object.keys(o.errors).length) return screen();
    return redirectTo(c, p, service, { ...at, view: 'screen', step: o.step, inputs: o.inputs, ...(flow.hidden.idem ? { idem: flow.hidden.idem } : {}) }, screen);
  }
  if (o.kind === 'review') {
    const idem = newToken(18);
    return redirectTo(c, p, service, { ...at, view: 'review', inputs: o.inputs, idem }, async () => html(c, <ReviewPage flow={flow} service={service} slot={slot} inputs={o.inputs} answers={o.answers} idem={idem} group={await reviewGroupOf(p, service)} />));
  }
  if (o.kind === 'exit') return c.redirect(flow.backHref!, 303);

  const idem = checkIdempotencyKey(field(body, 'idem') || undefined) ?? newToken(18);
  const deps = c.get('deps');
  try {
    if (p.modes.guestEmailVerification && !booker.memberId) {
      const { expiresAt } = await requestGuestVerification(
        { ...deps, send: deps.guestVerification },
        { published: p.published, serviceId: service.id, resource: slot.resource, start: slot.start, answers: o.raw, linkFor: (t) => `${publicBase()}${p.href(`/verify/${t}`)}`, ip: p.ip },
      );
      return html(c, <VerifySentPage p={p} until={instantText(expiresAt, service.calendar.timezone, p.lang, p.dates)} />);
    }
    const res = await committed(deps.db, () => bookSlot(deps, {
      published: p.published,
      serviceId: service.id,
      resource: slot.resource,
      start: slot.start,
      answers: o.raw,
      actor: actorOf(p, booker),
      ...(booker.memberId ? { memberId: booker.memberId } : {}),
      channel: 'web',
      idempotencyKey: idem,
    }));
    return redirectTo(c, p, service, { ...at, view: 'done', res }, async () => html(c, <DonePage p={p} service={service} slot={slot} res={res} qr={await checkinQrCode(p, service, { ...res.body, slotDate: slot.date })} />, 201));
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    if (e.code === 'input.invalid' && e.issues) {
      const errors = issuesToErrors(e.issues, p.lang);
      return html(c, <InputPage flow={flow} service={service} slot={slot} state={{ step: '', inputs: o.inputs, errors }} notices={await serviceNoticesOf(p, service)} />, 422);
    }
    return html(c, <ReviewPage flow={flow} service={service} slot={slot} inputs={o.inputs} answers={o.answers} idem={idem} notice={errorText(e, p.lang)} noticeCode={e.code} error={e} group={await reviewGroupOf(p, service)} />, 409);
  }
}
