// 予約確認・変更・取消 by 受付番号 + アクセスキー (or as the member who booked),
// and 取消 with a confirmation screen. The key travels only in POST bodies.
import { Hono } from 'hono';
import { cancelBooking } from '../../../booking/cancel';
import { csrfValid } from '../../../auth/csrf';
import { EngineError } from '../../../core/errors';
import { HiddenInputs } from '../../../runtime/hidden-inputs';
import { t } from '../../../runtime/i18n';
import { BookingActions, BookingTable, KindPanels, kindPanelData } from './booking-details';
import { authOf, findHeld, holderHidden, holderOf, type Holder } from './booking-access';
import { changeRoutes } from './change';
import { pageOf, type Page, type PageEnv } from './context';
import { field, readBody, type Body } from './form-flow';
import { loadSnapshot, redirectToSnapshot } from './snapshots';
import { KeyLookupPage } from './holder-parts';
import { Layout } from './layout';
import { errorText, html } from './render';
import { ui } from './text';
import { CheckinQr, checkinQrCode } from './checkin-qr';
import { committed } from '../../../db';
import { isActive } from '../../../booking/status';
import { notActiveError } from '../../../booking/transition';
import { bundleOf, cancelBundle } from '../../../booking/bundle';
import { bundleList, BundlePanel, bundleSlots } from './bundle';
import type { BookingStatus } from '../../../booking/status';

function LookupPage({ p, error, receiptNo = '' }: { p: Page; error?: string; receiptNo?: string }) {
  const { lang } = p;
  return (
    <KeyLookupPage
      p={p}
      title={ui(lang, 'lookupTitle')}
      intro={ui(lang, 'lookupText')}
      path="/lookup"
      number={{ name: 'receiptNo', id: 'receipt-no', label: ui(lang, 'receiptNo'), value: receiptNo }}
      keyLabel={ui(lang, 'accessKey')}
      button={ui(lang, 'lookupButton')}
      error={error}
    />
  );
}

export async function detailsPage(p: Page, h: Holder, status: 200 | 201 = 200): Promise<Response> {
  const { row, service } = await findHeld(p, h);
  const bundle = service ? await bundleSlots(p, row) : [];
  const qr = await checkinQrCode(p, service, row);
  const panels = await kindPanelData(p, row, service);
  return html(
    p.c,
    <Layout p={p} title={ui(p.lang, 'detailsTitle')}>
      <BookingTable p={p} row={row} service={service} h={h} />
      <BundlePanel p={p} row={row} service={service} h={h} slots={bundle} />
      <CheckinQr p={p} booking={row} code={qr} />
      <KindPanels p={p} row={row} service={service} h={h} data={panels} />
      <BookingActions p={p} row={row} service={service} h={h} />
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
    status,
  );
}

/** 戻る to the details: a post for key holders, a link for members. */
export function BackToDetails({ p, h }: { p: Page; h: Holder }) {
  if (h.accessKey === undefined) {
    return (
      <a class="button button-secondary" href={p.href(`/my/r/${encodeURIComponent(h.receiptNo)}`)}>
        {t(p.lang, 'back')}
      </a>
    );
  }
  return (
    <form method="post" action={p.href('/lookup')} class="inline-form">
      <HiddenInputs values={{ _csrf: p.csrf(), ...holderHidden(h) }} />
      <button type="submit" class="button button-secondary">
        {t(p.lang, 'back')}
      </button>
    </form>
  );
}

/** A screen of 予約確認 or 取消, saved as the body that was posted (sealed: it holds the access key). */
export type HeldSnapshot = { body: Body; done?: boolean };

function lookupRefused(p: Page, e: unknown, receiptNo: string): Response {
  if (e instanceof EngineError && (e.code === 'reservation.not_found' || e.code === 'http.rate_limited')) {
    return html(p.c, <LookupPage p={p} error={errorText(e, p.lang)} receiptNo={receiptNo} />, e.code === 'http.rate_limited' ? 429 : 404);
  }
  throw e;
}

/** すべての枠を取り消す (a slot booked with others): the confirmation lists the slots still active. */
const wantsAll = (body: Body) => field(body, 'all') === '1';

async function cancelAllAsk(p: Page, body: Body): Promise<Response> {
  const { lang } = p;
  const h = holderOf(p, body);
  const { row, service } = await findHeld(p, h);
  const active = (await bundleSlots(p, row)).filter((b) => isActive(b.status as BookingStatus));
  if (!service || active.length === 0) throw notActiveError(row.status);
  return html(
    p.c,
    <Layout p={p} title={ui(lang, 'cancelTitle')} step="confirm">
      <p>{ui(lang, 'cancelAllText')}</p>
      {bundleList(p, service, active)}
      <div class="actions">
        <form method="post" action={p.href('/r/cancel')} class="inline-form">
          <HiddenInputs values={{ _csrf: p.csrf(), ...holderHidden(h), all: '1', action: 'confirm' }} />
          <button type="submit" class="button button-danger">
            {ui(lang, 'cancelAll')}
          </button>
        </form>
        <BackToDetails p={p} h={h} />
      </div>
    </Layout>,
  );
}

async function cancelAsk(p: Page, body: Body): Promise<Response> {
  const { lang } = p;
  if (wantsAll(body)) return cancelAllAsk(p, body);
  const h = holderOf(p, body);
  const { row, service } = await findHeld(p, h);
  if (!isActive(row.status)) throw notActiveError(row.status);
  return html(
    p.c,
    <Layout p={p} title={ui(lang, 'cancelTitle')} step="confirm">
      <p>{ui(lang, 'cancelText')}</p>
      <BookingTable p={p} row={row} service={service} h={h} />
      <div class="actions">
        <form method="post" action={p.href('/r/cancel')} class="inline-form">
          <HiddenInputs values={{ _csrf: p.csrf(), ...holderHidden(h), action: 'confirm' }} />
          <button type="submit" class="button button-danger">
            {ui(lang, 'cancelButton')}
          </button>
        </form>
        <BackToDetails p={p} h={h} />
      </div>
    </Layout>,
  );
}

async function cancelledPage(p: Page, body: Body): Promise<Response> {
  const { lang } = p;
  const { row, service } = await findHeld(p, holderOf(p, body));
  const all = wantsAll(body) && service;
  const bundle = all ? await bundleOf(p.c.get('deps').db, p.slug, row.bundleNo) : [];
  return html(
    p.c,
    <Layout p={p} title={ui(lang, 'cancelledTitle')} step="done">
      <div class="notice" role="status">
        <p>{ui(lang, all ? 'cancelledAllText' : 'cancelledText')}</p>
      </div>
      {all ? bundleList(p, service, bundle) : <BookingTable p={p} row={row} service={service} />}
      <p>
        <a href={p.href('/')}>{ui(lang, 'toTop')}</a>
        {p.member && (
          <>
            {' / '}
            <a href={p.href('/my')}>{ui(lang, 'toList')}</a>
          </>
        )}
      </p>
    </Layout>,
  );
}

// Every POST that shows a screen answers with a 303 to a GET of it (snapshots.ts), so the
// browser's back and forward buttons never ask to resubmit, and reloading 取消完了 cancels nothing.
export const bookingRoutes = new Hono<PageEnv>()
  .get('/t/:tenant/lookup', async (c) => {
    const p = pageOf(c);
    const saved = await loadSnapshot<HeldSnapshot>(c, c.req.query('s'));
    if (saved?.scope !== 'lookup') return html(c, <LookupPage p={p} />);
    const h = holderOf(p, saved.data.body);
    try {
      return await detailsPage(p, { receiptNo: h.receiptNo, accessKey: h.accessKey ?? '' });
    } catch (e) {
      return lookupRefused(p, e, h.receiptNo);
    }
  })
  .post('/t/:tenant/lookup', async (c) => {
    const p = pageOf(c);
    const body = await readBody(c);
    const h = holderOf(p, body);
    if (!csrfValid(c, body._csrf)) return html(c, <LookupPage p={p} error={ui(p.lang, 'csrfExpired')} receiptNo={h.receiptNo} />, 403);
    let shown: Response;
    try {
      shown = await detailsPage(p, { receiptNo: h.receiptNo, accessKey: h.accessKey ?? '' });
    } catch (e) {
      return lookupRefused(p, e, h.receiptNo);
    }
    return redirectToSnapshot(c, p.href('/lookup'), 'lookup', { body } satisfies HeldSnapshot, () => shown);
  })
  .get('/t/:tenant/my/r/:receiptNo', async (c) => {
    const p = pageOf(c);
    if (!p.member) return c.redirect(p.href('/login', { next: `/my/r/${c.req.param('receiptNo')}` }), 303);
    return detailsPage(p, { receiptNo: c.req.param('receiptNo') ?? '' });
  })
  .get('/t/:tenant/r/cancel', async (c) => {
    const p = pageOf(c);
    const saved = await loadSnapshot<HeldSnapshot>(c, c.req.query('s'));
    if (saved?.scope !== 'cancel') return c.redirect(p.href('/lookup'), 303);
    return saved.data.done ? cancelledPage(p, saved.data.body) : cancelAsk(p, saved.data.body);
  })
  .post('/t/:tenant/r/cancel', async (c) => {
    const p = pageOf(c);
    const body = await readBody(c);
    const h = holderOf(p, body);
    if (!csrfValid(c, body._csrf)) throw new EngineError('http.bad_request', { reason: ui(p.lang, 'csrfExpired') });
    const path = p.href('/r/cancel');
    if (field(body, 'action') !== 'confirm') {
      const ask = await cancelAsk(p, body);
      return redirectToSnapshot(c, path, 'cancel', { body } satisfies HeldSnapshot, () => ask);
    }
    const { row } = await findHeld(p, h);
    const actor = p.member && h.accessKey === undefined ? { type: 'member' as const, id: p.member.id, ip: p.ip } : { type: 'resident' as const, ip: p.ip };
    const deps = c.get('deps');
    const input = { published: p.published, receiptNo: row.receiptNo, auth: authOf(p, h), actor };
    await committed(deps.db, async () => {
      if (wantsAll(body)) await cancelBundle(deps, input);
      else await cancelBooking(deps, input);
    });
    return redirectToSnapshot(c, path, 'cancel', { body, done: true } satisfies HeldSnapshot, () => cancelledPage(p, body));
  })
  .route('/', changeRoutes);
