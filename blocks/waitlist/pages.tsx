// キャンセル待ち pages (plain forms, no JavaScript needed): joining from a full
// slot of the grid (the service's own form → 確認 → 受付番号, 順番 and access key),
// and the entry page: 順番 while waiting, the offer with its deadline (繰上げ確定) or
// leaving the list. Every write goes through offers.ts, the same as the JSON API.
import { csrfValid } from '../../engine/auth/csrf';
import { findService } from '../../engine/booking/book';
import type { BookingAuth } from '../../engine/booking/find';
import { resolveSlot } from '../../engine/booking/slot';
import { OFFERED, WAITLISTED, statusLabel } from '../../engine/booking/status';
import { EngineError } from '../../engine/core/errors';
import { committed } from '../../engine/db';
import { HiddenInputs } from '../../engine/runtime/hidden-inputs';
import { pickInputs } from '../../engine/runtime/inputs';
import { loadSnapshot, redirectToSnapshot } from '../../engine/http/routes/pages/snapshots';
import type { Lang } from '../../engine/runtime/i18n';
import type { Slot } from '../../engine/schedule/types';
import { bookerOf } from '../../engine/http/routes/pages/book';
import { guarded } from '../../engine/http/routes/pages/booking-access';
import { slotRows } from '../../engine/http/routes/pages/book-views';
import { pageOf, type Page, type PageContext } from '../../engine/http/routes/pages/context';
import { AnswerRows, advance, field, firstScreen, FormScreen, issuesToErrors, readBody, ReviewForm, type Body, type Flow } from '../../engine/http/routes/pages/form-flow';
import { instantText } from '../../engine/http/routes/pages/format';
import { kindPages } from '../../engine/http/routes/pages/kind-pages';
import { ConfirmUndoable, HolderAction, KeyLookupPage, Outcome } from '../../engine/http/routes/pages/holder-parts';
import { Layout } from '../../engine/http/routes/pages/layout';
import { errorText, html } from '../../engine/http/routes/pages/render';
import { DetailsTable, type Row } from '../../engine/http/routes/pages/slot-table';
import type { CompiledService } from '../service/block';
import { acceptOffer, findEntry, joinWaitlist, leaveWaitlist, waitlistFor, waitlistView } from './offers';

const L = (lang: Lang, ja: string, en: string) => (lang === 'en' ? en : ja);

function target(p: Page, get: (n: string) => string): { service: CompiledService; slot: Slot } {
  const service = findService(p.published, get('service'));
  if (!waitlistFor(p.published, service.id)) throw new EngineError('waitlist.not_available');
  bookerOf(p, service);
  return { service, slot: resolveSlot(service, get('resource'), get('start'), p.now) };
}

function flowOf(p: Page, service: CompiledService, slot: Slot): Flow {
  return {
    p,
    form: service.form,
    mode: 'classic',
    action: p.href('/waitlist/join'),
    hidden: { service: service.id, resource: slot.resource, start: slot.start },
    primary: 'toConfirm',
    backHref: p.href(`/s/${service.id}`, { resource: slot.resource, from: slot.date }),
  };
}

function JoinPage({ p, service, slot, flow, state, notice }: { p: Page; service: CompiledService; slot: Slot; flow: Flow; state: { step: string; inputs: Record<string, string | string[]>; errors: Record<string, string> }; notice?: string }) {
  const { lang } = p;
  const list = waitlistFor(p.published, service.id)!;
  return (
    <Layout p={p} title={L(lang, 'キャンセル待ちの登録', 'Join the waiting list')} step="input" errorTitle={!!notice || Object.keys(state.errors).length > 0}>
      {notice && (
        <div class="notice notice-error" role="alert">
          <p>{notice}</p>
        </div>
      )}
      <p>{L(lang, `この枠は満員です。キャンセル待ちに登録すると、空きが出たときに登録順にお知らせし、${list.offerHours}時間のあいだ枠を確保します（期限までに確定してください）。`, `This slot is full. Join the waiting list: when a place frees, the first in line is offered it and it is held for ${list.offerHours} hours (accept it before then).`)}</p>
      <DetailsTable rows={slotRows(p, service, slot)} />
      <FormScreen flow={flow} state={state} />
    </Layout>
  );
}

interface Joined {
  service: string;
  resource: string;
  start: string;
  waitNo: string;
  position: number;
  accessKey?: string;
  member: boolean;
}

function JoinedPage({ p, service, slot, res }: { p: Page; service: CompiledService; slot: Slot; res: Joined }) {
  const { lang } = p;
  return (
    <Layout p={p} title={L(lang, 'キャンセル待ちに登録しました', 'You are on the waiting list')} step="done">
      <div class="notice" role="status">
        <p>{L(lang, '空きが出たら、登録順にお知らせします。', 'When a place frees, you are offered it in turn.')}</p>
      </div>
      <DetailsTable
        rows={[
          ...slotRows(p, service, slot),
          [L(lang, '受付番号', 'Receipt number'), <strong class="key" id="wait-no">{res.waitNo}</strong>],
          [L(lang, '順番（登録時）', 'Position (when joined)'), <strong id="position">{res.position}</strong>],
          ...(res.accessKey ? ([[L(lang, 'アクセスキー', 'Access key'), <strong class="key" id="access-key">{res.accessKey}</strong>]] as Row[]) : []),
        ]}
      />
      {res.accessKey && <p class="notice">{L(lang, '受付番号とアクセスキーは、順番の確認・繰上げの確定・登録の取消に必要です。書き留めてください（アクセスキーは再表示できません）。', 'Keep the receipt number and access key: you need them to check your place, accept an offer or leave (the key is not shown again).')}</p>}
      <ul class="done-links">
        <li>
          <a href={p.href('/waitlist', res.member ? { no: res.waitNo } : {})}>{L(lang, 'キャンセル待ちの確認', 'Check your place')}</a>
        </li>
        <li>
          <a href={p.href('/')}>{L(lang, 'トップへ', 'Home')}</a>
        </li>
      </ul>
    </Layout>
  );
}

async function joinGet(c: PageContext): Promise<Response> {
  const p = pageOf(c);
  // The completion page saved for this browser.
  const saved = await loadSnapshot<Joined>(c, c.req.query('s'));
  if (saved && saved.scope.startsWith('waitlist:')) {
    const service = findService(p.published, saved.data.service);
    const slot = service.calendar.findSlot(saved.data.resource, Date.parse(saved.data.start));
    if (slot) return html(c, <JoinedPage p={p} service={service} slot={slot} res={saved.data} />);
  }
  const { service, slot } = target(p, (n) => c.req.query(n) ?? '');
  const flow = flowOf(p, service, slot);
  const state = firstScreen(flow);
  if (state.kind !== 'screen') throw new Error('first screen expected');
  return html(c, <JoinPage p={p} service={service} slot={slot} flow={flow} state={state} />);
}

async function joinPost(c: PageContext): Promise<Response> {
  const p = pageOf(c);
  const body = await readBody(c);
  const { service, slot } = target(p, (n) => field(body, n));
  const booker = bookerOf(p, service);
  const flow = flowOf(p, service, slot);
  const { lang } = p;
  if (!csrfValid(c, body._csrf)) {
    return html(c, <JoinPage p={p} service={service} slot={slot} flow={flow} state={{ step: '', inputs: pickInputs(body), errors: {} }} notice={L(lang, '画面の有効期限が切れました。内容を確かめて、もう一度ボタンを押してください。', 'This screen expired. Check your answers and press the button again.')} />, 403);
  }
  const o = advance(flow, body);
  if (o.kind === 'screen') return html(c, <JoinPage p={p} service={service} slot={slot} flow={flow} state={o} />, Object.keys(o.errors).length ? 422 : 200);
  if (o.kind === 'exit') return c.redirect(flow.backHref!, 303);
  const review = (notice?: string, status: 200 | 409 = 200) =>
    html(
      c,
      <Layout p={p} title={L(lang, 'キャンセル待ち：内容の確認', 'Waiting list: review')} step="confirm" errorTitle={!!notice}>
        {notice && (
          <div class="notice notice-error" role="alert">
            <p>{notice}</p>
            <p>
              <a href={flow.backHref}>{L(lang, '空き状況に戻る', 'Back to availability')}</a>
            </p>
          </div>
        )}
        <DetailsTable rows={slotRows(p, service, slot)}>
          <AnswerRows form={service.form} answers={o.answers} lang={lang} />
        </DetailsTable>
        <ReviewForm flow={flow} inputs={o.inputs} confirm="apply" />
      </Layout>,
      status,
    );
  if (o.kind === 'review') return review();
  const deps = c.get('deps');
  try {
    const res = await committed(deps.db, () =>
      joinWaitlist(deps, {
        published: p.published,
        serviceId: service.id,
        resource: slot.resource,
        start: slot.start,
        answers: o.raw,
        actor: booker.memberId ? { type: 'member', id: booker.memberId, ip: p.ip } : { type: 'resident', ip: p.ip },
        ...(booker.memberId ? { memberId: booker.memberId } : {}),
        channel: 'web',
      }),
    );
    const done: Joined = { service: service.id, resource: slot.resource, start: slot.start, waitNo: res.waitNo, position: res.position, member: !!booker.memberId, ...(res.accessKey ? { accessKey: res.accessKey } : {}) };
    // Post/Redirect/Get: reloading the completion page joins nothing again.
    return await redirectToSnapshot(c, p.href('/waitlist/join'), `waitlist:${service.id}`, done, () => html(c, <JoinedPage p={p} service={service} slot={slot} res={done} />, 201));
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    if (e.code === 'input.invalid' && e.issues) return html(c, <JoinPage p={p} service={service} slot={slot} flow={flow} state={{ step: '', inputs: o.inputs, errors: issuesToErrors(e.issues, lang) }} />, 422);
    return review(errorText(e, lang), 409);
  }
}

// --- キャンセル待ちの確認 ----------------------------------------------------

interface Holder {
  waitNo: string;
  accessKey?: string;
}
function holderOf(p: Page, body: Body): Holder {
  const waitNo = field(body, 'waitNo').normalize('NFKC').trim();
  const accessKey = field(body, 'accessKey').normalize('NFKC').trim();
  return accessKey || !p.member ? { waitNo, accessKey } : { waitNo };
}
const authOf = (p: Page, h: Holder): BookingAuth => (h.accessKey !== undefined ? { kind: 'access-key', key: h.accessKey } : p.member ? { kind: 'member', memberId: p.member.id } : { kind: 'access-key', key: undefined });
const holderHidden = (h: Holder): Record<string, string> => (h.accessKey !== undefined ? { waitNo: h.waitNo, accessKey: h.accessKey } : { waitNo: h.waitNo });

function LookupPage({ p, error, waitNo = '' }: { p: Page; error?: string; waitNo?: string }) {
  const { lang } = p;
  return (
    <KeyLookupPage
      p={p}
      title={L(lang, 'キャンセル待ちの確認', 'Your waiting-list place')}
      intro={L(lang, 'キャンセル待ちの受付番号とアクセスキーを入力してください。', 'Enter the receipt number and access key of your waiting-list place.')}
      path="/waitlist"
      number={{ name: 'waitNo', id: 'wait-no-input', label: L(lang, '受付番号', 'Receipt number'), value: waitNo }}
      keyLabel={L(lang, 'アクセスキー', 'Access key')}
      button={L(lang, '確認する', 'Show')}
      error={error}
    />
  );
}

async function EntryPage({ p, h, notice, done, status = 200 }: { p: Page; h: Holder; notice?: string; done?: string; status?: 200 | 409 }): Promise<Response> {
  const { lang } = p;
  const db = p.c.get('deps').db;
  const row = await guarded(p, () => findEntry(db, p.published, h.waitNo, authOf(p, h)));
  const v = await waitlistView(db, p.published, row, lang);
  const service = p.published.tenant.get('service', row.serviceId)!;
  const tz = service.calendar.timezone;
  const slot = service.calendar.findSlot(row.resourceId, row.slotStart);
  const expires = v.offerExpiresAt ? Date.parse(v.offerExpiresAt) : undefined;
  const offered = row.status === OFFERED && (expires === undefined || p.now.getTime() < expires);
  const waiting = row.status === WAITLISTED;
  const Action = (a: { action: string; label: string; kind: string; id: string }) => <HolderAction p={p} path={'/waitlist'} holder={holderHidden(h)} {...a} />;
  return html(
    p.c,
    <Layout p={p} title={L(lang, 'キャンセル待ちの確認', 'Your waiting-list place')} errorTitle={!!notice}>
      <Outcome notice={notice} done={done} />
      {offered && (
        <div class="notice" role="status">
          <p>
            <strong>{L(lang, '空きが出ました。期限までに「予約を確定する」を押してください。', 'A place is free for you. Accept it before the deadline.')}</strong>
          </p>
        </div>
      )}
      <DetailsTable
        rows={[
          ...(slot ? slotRows(p, service, slot) : []),
          [L(lang, '受付番号', 'Receipt number'), <strong class="key">{row.receiptNo}</strong>],
          [L(lang, '状態', 'Status'), <strong id="wait-status">{statusLabel(row.status, lang)}</strong>],
          ...(v.position !== undefined ? ([[L(lang, '順番', 'Position'), <strong id="position">{v.position}</strong>]] as Row[]) : []),
          ...(offered && expires !== undefined ? ([[L(lang, '確定の期限', 'Accept by'), <strong id="offer-expires">{instantText(expires, tz, lang, p.dates)}</strong>]] as Row[]) : []),
        ]}
      />
      <div class="actions">
        {offered && <Action action="accept" label={L(lang, '予約を確定する', 'Accept the place')} kind="button-primary" id="accept-offer" />}
        {(offered || waiting) && <Action action="leave-ask" label={L(lang, offered ? '辞退する' : 'キャンセル待ちをやめる', offered ? 'Decline' : 'Leave the list')} kind="button-secondary" id="leave" />}
      </div>
      <p>
        <a href={p.href('/')}>{L(lang, 'トップへ', 'Home')}</a>
      </p>
    </Layout>,
    status,
  );
}

async function lookupGet(c: PageContext): Promise<Response> {
  const p = pageOf(c);
  const no = c.req.query('no');
  if (p.member && no) return await EntryPage({ p, h: { waitNo: no } });
  return html(c, <LookupPage p={p} waitNo={no ?? ''} />);
}

async function lookupPost(c: PageContext): Promise<Response> {
  const p = pageOf(c);
  const body = await readBody(c);
  const h = holderOf(p, body);
  const { lang } = p;
  if (!csrfValid(c, body._csrf)) return html(c, <LookupPage p={p} waitNo={h.waitNo} error={L(lang, '画面の有効期限が切れました。もう一度お試しください。', 'This screen expired. Please try again.')} />, 403);
  const deps = c.get('deps');
  const action = field(body, 'action');
  const actor = p.member && h.accessKey === undefined ? { type: 'member' as const, id: p.member.id, ip: p.ip } : { type: 'resident' as const, ip: p.ip };
  try {
    if (action === 'leave-ask') {
      await guarded(p, () => findEntry(deps.db, p.published, h.waitNo, authOf(p, h)));
      return html(
        c,
        <ConfirmUndoable
          p={p}
          title={L(lang, 'キャンセル待ちをやめる', 'Leave the waiting list')}
          text={L(lang, `受付番号 ${h.waitNo} のキャンセル待ちをやめます。元に戻せません。`, `Place ${h.waitNo} leaves the waiting list. This cannot be undone.`)}
          path="/waitlist"
          holder={holderHidden(h)}
          confirm={{ action: 'leave', label: L(lang, 'やめる', 'Leave'), id: 'leave-confirm' }}
          back={L(lang, '戻る', 'Back')}
        />,
      );
    }
    if (action === 'leave') {
      await guarded(p, () => committed(deps.db, async () => leaveWaitlist(deps, { published: p.published, row: await findEntry(deps.db, p.published, h.waitNo, authOf(p, h)), actor })));
      return await EntryPage({ p, h, done: L(lang, 'キャンセル待ちをやめました。', 'You have left the waiting list.') });
    }
    if (action === 'accept') {
      await guarded(p, () => committed(deps.db, async () => acceptOffer(deps, { published: p.published, row: await findEntry(deps.db, p.published, h.waitNo, authOf(p, h)), actor })));
      return await EntryPage({ p, h, done: L(lang, '予約を確定しました。予約の確認・取消は「予約確認・変更・取消」から同じ受付番号でできます。', 'The booking is confirmed. Check or cancel it under “Check, change or cancel” with the same number.') });
    }
    return await EntryPage({ p, h });
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    if (e.code === 'reservation.not_found' || e.code === 'http.rate_limited') return html(c, <LookupPage p={p} waitNo={h.waitNo} error={errorText(e, lang)} />, e.code === 'http.rate_limited' ? 429 : 404);
    return await EntryPage({ p, h, notice: errorText(e, lang), status: 409 });
  }
}

export const waitlistPages = kindPages('waitlist')
  .get('/t/:tenant/waitlist/join', joinGet)
  .post('/t/:tenant/waitlist/join', joinPost)
  .get('/t/:tenant/waitlist', lookupGet)
  .post('/t/:tenant/waitlist', lookupPost);
