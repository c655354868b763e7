// 複数枠の一括予約 on the pages: on a service whose maxSlotsPerBooking > 1 the grid
// can collect several slots in the URL (?multi=1&pick=<resource>|<start>&pick=…),
// links only, so it works without JavaScript. 「この枠で申し込む」 opens the same
// 入力 → 確認 → 完了 flow as one slot (form-flow), carrying the slots as a hidden
// input, and 申込 goes through bookSlots: every slot or none.
import { bookingGroupOf } from '../../../members/groups';
import type { VNode } from 'preact';
import type { CompiledService } from '../../../../blocks/service/block';
import { createAdmission, runEarlySteps } from '../../../booking/admission';
import { findService, type BookResponse } from '../../../booking/book';
import { bookSlots, bundleOf } from '../../../booking/bundle';
import { checkIdempotencyKey } from '../../../booking/idempotency';
import { resolveSlot } from '../../../booking/slot';
import { ADMITTED, isActive, statusLabel, type BookingStatus } from '../../../booking/status';
import type { BookingRow } from '../../../booking/view';
import { HiddenInputs } from '../../../runtime/hidden-inputs';
import { holderHidden, type Holder } from './booking-access';
import { canCancel } from './booking-details';
import { csrfValid } from '../../../auth/csrf';
import { newToken } from '../../../auth/token';
import { EngineError } from '../../../core/errors';
import { committed } from '../../../db';
import { statusOf } from '../../../core/messages';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { pick as pickLang } from '../../../runtime/i18n';
import { answersFromInputs, pickInputs, type Inputs } from '../../../runtime/inputs';
import type { Mode } from '../../../runtime/steps';
import type { Answers } from '../../../../blocks/form/answers';
import type { SlotAvailability } from '../../../schedule/availability';
import type { Slot } from '../../../schedule/types';
import { bookerOf, prefill } from './book';
import { ServiceNotices, serviceNoticesOf, type NoticeLine } from './book-views';
import { pageOf, type Page, type PageContext } from './context';
import { advance, AnswerRows, field, firstScreen, FormScreen, issuesToErrors, readBody, ReviewForm, REVIEW, type Flow } from './form-flow';
import { dateText, slotText, yenText } from './format';
import { isFew } from './grid';
import { Layout } from './layout';
import { errorText, html, NextStep } from './render';
import { DetailsTable, type Row } from './slot-table';
import { latestSnapshot, loadSnapshot, redirectToSnapshot } from './snapshots';
import { ui } from './text';

const SEP = '|';
export const pickKey = (resource: string, start: string) => `${resource}${SEP}${start}`;

/** Whether the pages offer several slots in one booking here (not with 申込者チェック by email, which confirms one slot). */
export function bundleOffered(p: Page, service: CompiledService): boolean {
  return service.maxSlotsPerBooking > 1 && !(p.modes.guestEmailVerification && !p.member);
}

export interface Picked {
  key: string;
  resource: string;
  start: string;
  startMs: number;
  endMs: number;
  date: string;
}

/** The picks of a URL that name a slot of the service, once each, at most maxSlotsPerBooking (the rest dropped). */
export function picksOf(service: CompiledService, raw: readonly string[]): Picked[] {
  const out: Picked[] = [];
  for (const r of raw) {
    const i = r.indexOf(SEP);
    if (i < 1) continue;
    const resource = r.slice(0, i);
    const ms = Date.parse(r.slice(i + 1));
    const slot = Number.isFinite(ms) ? service.calendar.findSlot(resource, ms) : undefined;
    if (!slot) continue;
    const key = pickKey(slot.resource, slot.start);
    if (out.some((x) => x.key === key)) continue;
    out.push({ key, resource: slot.resource, start: slot.start, startMs: slot.startMs, endMs: slot.endMs, date: slot.date });
    if (out.length >= service.maxSlotsPerBooking) break;
  }
  return out;
}

/** The service page choosing slots, with these picks and this place and period. */
export function choiceHref(p: Page, service: CompiledService, keys: readonly string[], at: { resource?: string; from?: string } = {}): string {
  const base = p.href(`/s/${service.id}`, { resource: at.resource, from: at.from, multi: '1' });
  return base + keys.map((k) => `&pick=${encodeURIComponent(k)}`).join('');
}

const placeOf = (p: Page, service: CompiledService, resource: string) => {
  const r = service.calendar.resources.find((x) => x.id === resource);
  return r ? pickLang(p.lang, r.title, r.titleEn) : resource;
};

/** 2026年12月8日（火） 09:00〜11:00 A面 */
export const pickText = (p: Page, service: CompiledService, s: { resource: string; startMs: number; endMs: number }) =>
  `${slotText(s.startMs, s.endMs, service.calendar.timezone, p.lang, p.dates)} ${placeOf(p, service, s.resource)}`;

/** The grid's open cell while choosing: a link that adds the slot, or removes it when chosen. */
export function pickCell(p: Page, service: CompiledService, picks: Picked[], s: SlotAvailability, at: { resource: string; from: string }): VNode {
  const { lang } = p;
  const key = pickKey(s.resource, s.start);
  const chosen = picks.some((x) => x.key === key);
  const full = !chosen && picks.length >= service.maxSlotsPerBooking;
  const few = isFew(s);
  const label = `${dateText(s.date, lang, p.dates)} ${s.start.slice(11, 16)} `;
  const inner = (
    <>
      <span class="visually-hidden">{`${label}${ui(lang, few ? 'few' : 'avail')} `}</span>
      <span aria-hidden="true">{chosen ? '✓' : few ? '△' : '○'}</span>
      <span>{chosen ? ui(lang, 'pickedCell') : ui(lang, 'remaining', { n: s.remaining })}</span>
      <span class="visually-hidden">{` ${ui(lang, chosen ? 'unpickThis' : full ? 'pickNoMore' : 'pickThis')}`}</span>
    </>
  );
  if (full) return <span class="cell cell-none">{inner}</span>;
  const keys = chosen ? picks.filter((x) => x.key !== key).map((x) => x.key) : [...picks.map((x) => x.key), key];
  return (
    <a class={chosen ? 'cell cell-picked' : 'cell'} href={choiceHref(p, service, keys, at)} aria-current={chosen ? 'true' : undefined}>
      {inner}
    </a>
  );
}

/** 「選んだ枠（n/3）」: the chosen slots, each removable, and 「この枠で申し込む」. */
export function PickedList({ p, service, picks, at }: { p: Page; service: CompiledService; picks: Picked[]; at: { resource: string; from: string } }) {
  const { lang } = p;
  const max = service.maxSlotsPerBooking;
  return (
    <section class="picked" id="picked" aria-labelledby="picked-h">
      <h2 id="picked-h">{ui(lang, 'picked', { n: picks.length, max })}</h2>
      <p>{ui(lang, 'pickNote', { max })}</p>
      {picks.length === 0 ? (
        <p>{ui(lang, 'pickNone')}</p>
      ) : (
        <ol class="picked-list">
          {picks.map((x) => (
            <li>
              <span>{pickText(p, service, x)}</span>{' '}
              <a href={choiceHref(p, service, picks.filter((y) => y.key !== x.key).map((y) => y.key), at)}>
                {ui(lang, 'pickRemove')}
                <span class="visually-hidden">（{pickText(p, service, x)}）</span>
              </a>
            </li>
          ))}
        </ol>
      )}
      {picks.length >= max && (
        <p class="notice" id="pick-full">
          {ui(lang, 'pickFull', { max })}
        </p>
      )}
      {picks.length > 0 && (
        <form method="get" action={`/t/${p.slug}/s/${service.id}/bundle`} class="form">
          {lang === 'en' && <input type="hidden" name="lang" value="en" />}
          {picks.map((x) => (
            <input type="hidden" name="pick" value={x.key} />
          ))}
          <div class="actions">
            <button type="submit" class="button button-primary" id="pick-apply">
              {ui(lang, 'pickApply')}
            </button>
          </div>
        </form>
      )}
      <p>
        <a href={p.href(`/s/${service.id}`, { resource: at.resource, from: at.from })}>{ui(lang, 'multiOff')}</a>
      </p>
    </section>
  );
}

// ---- the booking flow of several slots ----

type BundleSnapshot = { picks: string[]; mode: Mode } & (
  | { view: 'screen'; step: string; inputs: Inputs }
  | { view: 'review'; inputs: Inputs; idem: string }
  | { view: 'done'; res: BookResponse }
);

const scopeOf = (service: CompiledService, keys: readonly string[]) => `bundle:${service.id}:${keys.join(',')}`;
const actorOf = (p: Page, booker: { memberId?: string }) => (booker.memberId ? { type: 'member' as const, id: booker.memberId, ip: p.ip } : { type: 'resident' as const, ip: p.ip });

/** A refusal of one slot, said with the slot: 「2番目の枠（…）: この時間枠は満員です…」. */
function ofSlot(p: Page, service: CompiledService, e: EngineError, slots: readonly { resource: string; startMs: number; endMs: number }[]): { n: number; text: string } | undefined {
  const n = typeof e.details.slot === 'number' ? e.details.slot : undefined;
  const s = n !== undefined ? slots[n - 1] : undefined;
  if (!n || !s) return undefined;
  const issue = e.issues?.find((i) => i.path.startsWith(`/slots/${n - 1}`));
  const message = issue ? (p.lang === 'en' ? issue.messageEn ?? issue.message : issue.message) : errorText(e, p.lang);
  return { n, text: ui(p.lang, 'slotRefused', { n, slot: pickText(p, service, s), message }) };
}

/** The slots of the request, each resolved as one booking would be (open, bookable online). */
function slotsOf(p: Page, service: CompiledService, keys: readonly string[]): Slot[] {
  const picks = picksOf(service, keys);
  if (picks.length === 0) throw new EngineError('input.invalid', {}, { issues: [] });
  return picks.map((x, i) => {
    try {
      return resolveSlot(service, x.resource, x.start, p.now);
    } catch (e) {
      if (e instanceof EngineError) throw new EngineError(e.code, { ...e.details, slot: i + 1 }, e.issues ? { issues: e.issues.map((x) => ({ ...x, path: `/slots/${i}${x.path}` })) } : {});
      throw e;
    }
  });
}

function flowOf(p: Page, service: CompiledService, slots: Slot[], mode: Mode): Flow {
  const keys = slots.map((s) => pickKey(s.resource, s.start));
  return {
    p,
    form: service.form,
    mode,
    action: p.href(`/s/${service.id}/bundle`),
    hidden: { picks: keys.join(' ') },
    primary: 'toConfirm',
    backHref: choiceHref(p, service, keys, { resource: slots[0].resource, from: slots[0].date }),
  };
}

/** A fee for each slot and the total, when the fee kind answers one (its review panel's `total`). */
async function feesOf(p: Page, service: CompiledService, slots: Slot[], answers: Answers): Promise<Fees | undefined> {
  const panels = p.published.tenant.registry
    .behaviour()
    .reviewPanels.filter((r) => r.total && r.appliesTo(service, p.published.tenant));
  if (panels.length === 0) return undefined;
  // The approved group the booking is for, so each slot's fee applies its 減免区分 as the booking will.
  const group = p.member ? await bookingGroupOf(p.c.get('deps').db, p.slug, p.member.id, { asPerson: service.access.approvedGroupsOnly }) : undefined;
  const each = slots.map((slot) => panels.reduce<number | null>((sum, r) => {
    const v = r.total!({ page: p, service, slot, answers, ...(group ? { group } : {}) });
    return sum === null || v === null ? null : sum + v;
  }, 0));
  if (each.some((x) => x === null)) return undefined;
  return { each: each as number[], total: (each as number[]).reduce((a, b) => a + b, 0) };
}


/** The slots of the booking as a list: n番目の枠, date with weekday, time, place (and each one's fee or receipt number). */
export function SlotList({ p, service, slots, extra, title = 'slotsTitle' }: { p: Page; service: CompiledService; slots: readonly { resource: string; startMs: number; endMs: number }[]; extra?: (i: number) => VNode | string | null; title?: 'slotsTitle' | 'bookedSlots' }) {
  return (
    <section aria-labelledby="slots-h">
      <h2 id="slots-h">{ui(p.lang, title)}</h2>
      <ol class="slot-list" id="bundle-slots">
        {slots.map((s, i) => (
          <li>
            <strong>{ui(p.lang, 'slotNth', { n: i + 1 })}</strong> {pickText(p, service, s)}
            {extra && extra(i)}
          </li>
        ))}
      </ol>
    </section>
  );
}

function InputPage({ flow, service, slots, state, notice, notices }: { flow: Flow; service: CompiledService; slots: Slot[]; state: { step: string; inputs: Inputs; errors: Record<string, string> }; notice?: string; notices: readonly NoticeLine[] }) {
  const { p } = flow;
  return (
    <Layout p={p} title={ui(p.lang, 'applyTitle')} step="input" errorTitle={Object.keys(state.errors).length > 0}>
      {notice && (
        <div class="notice notice-error" role="alert">
          <p>{notice}</p>
        </div>
      )}
      <DetailsTable rows={[[ui(p.lang, 'service'), pickLang(p.lang, service.title, service.titleEn)]]} />
      <SlotList p={p} service={service} slots={slots} />
      <ServiceNotices p={p} lines={notices} />
      {!p.member && p.membersOn && service.access.members && (
        <p>
          <a href={p.href('/login', { next: `/s/${service.id}/bundle?${slots.map((s) => `pick=${encodeURIComponent(pickKey(s.resource, s.start))}`).join('&')}` })}>{ui(p.lang, 'loginHint')}</a>
        </p>
      )}
      <FormScreen flow={flow} state={state} />
    </Layout>
  );
}

type Fees = { each: number[]; total: number };

function ReviewPage({ flow, service, slots, inputs, answers, idem, notice, fees }: { flow: Flow; service: CompiledService; slots: Slot[]; inputs: Inputs; answers: Answers; idem: string; notice?: string; fees: Fees | undefined }) {
  const { p } = flow;
  return (
    <Layout p={p} title={ui(p.lang, 'reviewTitle')} step="confirm" errorTitle={!!notice}>
      {notice && (
        <div class="notice notice-error" role="alert">
          <p>{notice}</p>
        </div>
      )}
      <SlotList p={p} service={service} slots={slots} extra={fees ? (i) => `（${yenText(fees.each[i], p.lang)}）` : undefined} />
      <DetailsTable
        rows={[
          [ui(p.lang, 'service'), pickLang(p.lang, service.title, service.titleEn)],
          ...(fees ? ([[ui(p.lang, 'feeTotal'), <strong id="fee-total">{yenText(fees.total, p.lang)}</strong>]] as Row[]) : []),
        ]}
      >
        <AnswerRows form={service.form} answers={answers} lang={p.lang} />
      </DetailsTable>
      <p>{ui(p.lang, 'reviewNote')}</p>
      <ReviewForm flow={flow} inputs={inputs} confirm="apply" extraHidden={{ idem }} />
    </Layout>
  );
}

function DonePage({ p, service, res }: { p: Page; service: CompiledService; res: BookResponse }) {
  const { lang } = p;
  const key = res.body.accessKey;
  const slots = ((res.body.slots as { receiptNo: string; status: string; resource: string; start: string; end: string }[] | undefined) ?? []).map((s) => ({ ...s, startMs: Date.parse(s.start), endMs: Date.parse(s.end) }));
  const feeTotal = res.body.feeTotal as number | undefined;
  return (
    <Layout p={p} title={ui(lang, 'doneTitle')} step="done">
      <div class="notice" role="status">
        <p>{res.body.status === ADMITTED ? ui(lang, 'doneText') : ui(lang, 'doneWaiting', { status: statusLabel(res.body.status, lang) })}</p>
      </div>
      <DetailsTable
        rows={[
          [ui(lang, 'service'), pickLang(lang, service.title, service.titleEn)],
          [ui(lang, 'receiptNo'), <strong class="key" id="receipt-no">{res.body.receiptNo}</strong>],
          ...(res.body.status === ADMITTED ? [] : ([[ui(lang, 'statusLabel'), <strong id="booking-status">{statusLabel(res.body.status, lang)}</strong>]] as Row[])),
          ...(typeof feeTotal === 'number' ? ([[ui(lang, 'feeTotal'), yenText(feeTotal, p.lang)]] as Row[]) : []),
          ...(key ? ([[ui(lang, 'accessKey'), <strong class="key" id="access-key">{key}</strong>]] as Row[]) : []),
        ]}
      />
      {key && <p class="notice">{ui(lang, 'keyNote')}</p>}
      <SlotList p={p} service={service} slots={slots} title="bookedSlots" extra={(i) => `（${ui(lang, 'receiptNo')} ${slots[i].receiptNo}）`} />
      {service.bring && (
        <section class="bring" aria-labelledby="bring-h">
          <h2 id="bring-h">{ui(lang, 'bring')}</h2>
          <p id="bring">{pickLang(lang, service.bring, service.bringEn)}</p>
        </section>
      )}
      {service.form.fields.some((f) => f.type === 'email') && <p>{ui(lang, 'mailNote')}</p>}
      <ul class="done-links">
        <li>
          <a href={p.href('/')}>{ui(lang, 'toTop')}</a>
        </li>
        <li>
          <a href={p.href(p.member ? '/my' : '/lookup')}>{ui(lang, p.member ? 'toList' : 'lookup')}</a>
        </li>
      </ul>
    </Layout>
  );
}

/** A slot refused: which one, and back to the choice with the others kept. */
function refusedPage(p: Page, service: CompiledService, e: EngineError, slots: readonly { resource: string; start: string; startMs: number; endMs: number; date: string }[]): Response {
  const said = ofSlot(p, service, e, slots);
  const keys = slots.map((s) => pickKey(s.resource, s.start));
  const kept = said ? keys.filter((_, i) => i !== said.n - 1) : keys;
  const at = said ? slots[said.n - 1] : slots[0];
  // The refusal's own status (409 full, 403 a permit needed …), as the JSON API answers it.
  const code = statusOf(e.code);
  const status = (code >= 400 && code < 600 ? code : 409) as ContentfulStatusCode;
  return html(
    p.c,
    <Layout p={p} title={ui(p.lang, 'errorTitle')} errorTitle>
      <div class="notice notice-error" role="alert">
        <p id="slot-refused">{said ? said.text : errorText(e, p.lang)}</p>
        <NextStep p={p} e={e} />
      </div>
      <p>
        <a class="button button-primary" id="back-to-picks" href={choiceHref(p, service, kept, at ? { resource: at.resource, from: at.date } : {})}>
          {ui(p.lang, 'backToPicks')}
        </a>
      </p>
      <p>
        <a href={p.href('/')}>{ui(p.lang, 'toTop')}</a>
      </p>
    </Layout>,
    status,
  );
}

function redirectTo(c: PageContext, p: Page, service: CompiledService, snapshot: BundleSnapshot, direct: () => Response | Promise<Response>): Promise<Response> {
  return redirectToSnapshot(c, p.href(`/s/${service.id}/bundle`), scopeOf(service, snapshot.picks), snapshot, direct);
}

const picksFromQuery = (c: PageContext) => c.req.queries('pick') ?? [];

export async function bundleForm(c: PageContext): Promise<Response> {
  const p = pageOf(c);
  const service = findService(p.published, c.req.param('service') ?? '');
  const sid = c.req.query('s');
  if (sid !== undefined) {
    const saved = await loadSnapshot<BundleSnapshot>(c, sid);
    if (!saved || saved.scope !== scopeOf(service, saved.data.picks)) return c.redirect(p.href(`/s/${service.id}`), 303);
    return await savedScreen(c, p, service, saved.data);
  }
  const keys = picksFromQuery(c);
  const picks = picksOf(service, keys);
  if (!bundleOffered(p, service) || picks.length === 0) return c.redirect(p.href(`/s/${service.id}`), 303);
  let slots: Slot[];
  try {
    const booker = bookerOf(p, service);
    slots = slotsOf(p, service, keys);
    // Refusals that do not depend on the answers (a permit a slot needs) come before the form.
    for (const [i, slot] of slots.entries()) {
      try {
        await runEarlySteps(createAdmission({ mode: 'book', deps: c.get('deps'), published: p.published, service, actor: actorOf(p, booker), request: { channel: 'web', ...booker } }), slot);
      } catch (e) {
        if (e instanceof EngineError) throw new EngineError(e.code, { ...e.details, slot: i + 1 }, e.issues ? { issues: e.issues } : {});
        throw e;
      }
    }
  } catch (e) {
    if (e instanceof EngineError) return refusedPage(p, service, e, picks);
    throw e;
  }
  const flow = flowOf(p, service, slots, 'classic');
  const last = await latestSnapshot<BundleSnapshot>(c, scopeOf(service, flow.hidden.picks.split(' ')));
  const inputs = last && last.view !== 'done' ? last.inputs : prefill(p, service);
  const state = firstScreen(flow, inputs);
  if (state.kind !== 'screen') throw new Error('first screen expected');
  return html(c, <InputPage flow={flow} service={service} slots={slots} state={state} notices={await serviceNoticesOf(p, service)} />);
}

async function savedScreen(c: PageContext, p: Page, service: CompiledService, saved: BundleSnapshot): Promise<Response> {
  if (saved.view === 'done') return html(c, <DonePage p={p} service={service} res={saved.res} />);
  let slots: Slot[];
  try {
    slots = slotsOf(p, service, saved.picks);
  } catch (e) {
    if (e instanceof EngineError) return refusedPage(p, service, e, picksOf(service, saved.picks));
    throw e;
  }
  const flow = flowOf(p, service, slots, saved.mode);
  if (saved.view === 'screen') return html(c, <InputPage flow={flow} service={service} slots={slots} state={{ step: saved.step, inputs: saved.inputs, errors: {} }} notices={await serviceNoticesOf(p, service)} />);
  const result = service.form.validate(answersFromInputs(service.form.fields, saved.inputs), 'resident');
  if (!result.ok) return html(c, <InputPage flow={flow} service={service} slots={slots} state={{ step: '', inputs: saved.inputs, errors: {} }} notices={await serviceNoticesOf(p, service)} />);
  return html(c, <ReviewPage flow={flow} service={service} slots={slots} inputs={saved.inputs} answers={result.value} idem={saved.idem} fees={await feesOf(p, service, slots, result.value)} />);
}

export async function bundlePost(c: PageContext): Promise<Response> {
  const p = pageOf(c);
  const service = findService(p.published, c.req.param('service') ?? '');
  const body = await readBody(c);
  const keys = field(body, 'picks').split(' ').filter(Boolean);
  let booker: { memberId?: string };
  let slots: Slot[];
  try {
    if (!bundleOffered(p, service)) throw new EngineError('http.not_found');
    booker = bookerOf(p, service);
    slots = slotsOf(p, service, keys);
  } catch (e) {
    if (e instanceof EngineError) return refusedPage(p, service, e, picksOf(service, keys));
    throw e;
  }
  const flow = flowOf(p, service, slots, field(body, 'mode') === 'chat' ? 'chat' : 'classic');
  const picks = flow.hidden.picks.split(' ');
  if (!csrfValid(c, body._csrf)) {
    const at = field(body, 'step');
    const state = { step: at === REVIEW || at === 'summary' ? '' : at, inputs: pickInputs(body), errors: {} };
    return html(c, <InputPage flow={flow} service={service} slots={slots} state={state} notice={ui(p.lang, 'csrfExpired')} notices={await serviceNoticesOf(p, service)} />, 403);
  }
  const o = advance(flow, body);
  const at = { picks, mode: flow.mode };
  if (o.kind === 'screen') {
    const screen = async () => html(c, <InputPage flow={flow} service={service} slots={slots} state={o} notices={await serviceNoticesOf(p, service)} />, Object.keys(o.errors).length ? 422 : 200);
    if (Object.keys(o.errors).length) return screen();
    return redirectTo(c, p, service, { ...at, view: 'screen', step: o.step, inputs: o.inputs }, screen);
  }
  if (o.kind === 'review') {
    const idem = newToken(18);
    return redirectTo(c, p, service, { ...at, view: 'review', inputs: o.inputs, idem }, async () => html(c, <ReviewPage flow={flow} service={service} slots={slots} inputs={o.inputs} answers={o.answers} idem={idem} fees={await feesOf(p, service, slots, o.answers)} />));
  }
  if (o.kind === 'exit') return c.redirect(flow.backHref!, 303);

  const idem = checkIdempotencyKey(field(body, 'idem') || undefined) ?? newToken(18);
  const deps = c.get('deps');
  try {
    const res = await committed(deps.db, () =>
      bookSlots(deps, {
        published: p.published,
        serviceId: service.id,
        slots: slots.map((s) => ({ resource: s.resource, start: s.start })),
        answers: o.raw,
        actor: actorOf(p, booker),
        ...(booker.memberId ? { memberId: booker.memberId } : {}),
        channel: 'web',
        idempotencyKey: idem,
      }),
    );
    return redirectTo(c, p, service, { ...at, view: 'done', res }, () => html(c, <DonePage p={p} service={service} res={res} />, 201));
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    if (e.code === 'input.invalid' && e.issues?.every((i) => i.path.startsWith('/answers'))) {
      return html(c, <InputPage flow={flow} service={service} slots={slots} state={{ step: '', inputs: o.inputs, errors: issuesToErrors(e.issues, p.lang) }} notices={await serviceNoticesOf(p, service)} />, 422);
    }
    if (typeof e.details.slot === 'number') return refusedPage(p, service, e, slots);
    return html(c, <ReviewPage flow={flow} service={service} slots={slots} inputs={o.inputs} answers={o.answers} idem={idem} fees={await feesOf(p, service, slots, o.answers)} notice={errorText(e, p.lang)} />, 409);
  }
}

// ---- the booking page of a slot booked with others ----

/** The slots booked together with this one (empty when it was booked alone). */
export async function bundleSlots(p: Page, row: BookingRow) {
  const slots = await bundleOf(p.c.get('deps').db, p.slug, row.bundleNo);
  return slots.length > 1 ? slots : [];
}

const holderFor = (h: Holder, receiptNo: string): Holder => (h.accessKey !== undefined ? { receiptNo, accessKey: h.accessKey } : { receiptNo });

/** 「同じ申し込みの枠」: every slot with its state, 「この枠だけ取り消す」 on each active one and 「すべての枠を取り消す」. */
export function BundlePanel({ p, row, service, h, slots }: { p: Page; row: BookingRow; service: CompiledService | undefined; h: Holder; slots: BundleSlots }) {
  if (!service) return null;
  if (slots.length === 0) return null;
  const { lang } = p;
  const cancellable = (b: { status: string; slotStart: number }) => canCancel(p, { status: b.status as BookingStatus, slotStart: b.slotStart }, service);
  const active = slots.filter((b) => isActive(b.status as BookingStatus));
  return (
    <section class="bundle" id="bundle" aria-labelledby="bundle-h">
      <h2 id="bundle-h">{ui(lang, 'bundleTitle')}</h2>
      <ol class="slot-list">
        {slots.map((b, i) => {
          const text = pickText(p, service, { resource: b.resourceId, startMs: b.slotStart, endMs: b.slotEnd });
          return (
            <li>
              <strong>{ui(lang, 'slotNth', { n: i + 1 })}</strong> {text}
              {b.receiptNo === row.receiptNo && ui(lang, 'thisSlot')}
              <br />
              {ui(lang, 'receiptNo')} {b.receiptNo}・{ui(lang, 'status')}: <span data-status={b.status}>{statusLabel(b.status as BookingStatus, lang)}</span>
              {cancellable(b) && (
                <form method="post" action={p.href('/r/cancel')} class="inline-form">
                  <HiddenInputs values={{ _csrf: p.csrf(), ...holderHidden(holderFor(h, b.receiptNo)) }} />
                  <button type="submit" class="button button-small button-secondary">
                    {ui(lang, 'cancelOne')}
                    <span class="visually-hidden">（{text}）</span>
                  </button>
                </form>
              )}
            </li>
          );
        })}
      </ol>
      {active.length > 1 && active.every(cancellable) && (
        <form method="post" action={p.href('/r/cancel')} class="inline-form">
          <HiddenInputs values={{ _csrf: p.csrf(), ...holderHidden(h), all: '1' }} />
          <button type="submit" class="button button-secondary" id="cancel-all">
            {ui(lang, 'cancelAll')}
          </button>
        </form>
      )}
    </section>
  );
}

/** The slots of the bundle as SlotList takes them (with each one's state). */
type BundleSlots = Awaited<ReturnType<typeof bundleOf>>;

/** The slots of the bundle as SlotList takes them (with each one's state). */
export function bundleList(p: Page, service: CompiledService, slots: BundleSlots) {
  return <SlotList p={p} service={service} slots={slots.map((b) => ({ resource: b.resourceId, startMs: b.slotStart, endMs: b.slotEnd }))} extra={(i) => `（${statusLabel(slots[i].status as BookingStatus, p.lang)}）`} />;
}
