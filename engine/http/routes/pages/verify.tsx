// 申込者チェック: the page behind the emailed key. Opening it only shows the
// application (mail scanners open links); the resident confirms with a post.
import { Hono } from 'hono';
import type { CompiledService } from '../../../../blocks/service/block';
import { csrfValid } from '../../../auth/csrf';
import { EngineError } from '../../../core/errors';
import { confirmGuestApplication, pendingApplication } from '../../../members/guest-verification';
import { DonePage, slotRows } from './book-views';
import { checkinQrCode } from './checkin-qr';
import { pageOf, type PageEnv } from './context';
import { AnswerRows, readBody } from './form-flow';
import { Layout } from './layout';
import { html } from './render';
import { DetailsTable } from './slot-table';
import { ui } from './text';

export const verifyRoutes = new Hono<PageEnv>()
  .get('/t/:tenant/verify/:token', async (c) => {
    const p = pageOf(c);
    const token = c.req.param('token') ?? '';
    const pending = await pendingApplication(c.get('deps'), p.published, token);
    if (!pending) throw new EngineError('booking.verification_invalid');
    if (pending.receiptNo) {
      return html(
        c,
        <Layout p={p} title={ui(p.lang, 'verifyTitle')}>
          <p class="notice">{ui(p.lang, 'verifyDone', { no: pending.receiptNo })}</p>
        </Layout>,
      );
    }
    const service = p.published.tenant.get('service', pending.service);
    if (!service) throw new EngineError('booking.verification_invalid');
    const slot = service.calendar.findSlot(pending.resource, Date.parse(pending.start));
    const v = service.form.validate(pending.answers, 'resident');
    return html(
      c,
      <Layout p={p} title={ui(p.lang, 'verifyTitle')} step="confirm">
        <p>{ui(p.lang, 'verifyText')}</p>
        <DetailsTable rows={slot ? slotRows(p, service, slot) : []}>{v.ok && <AnswerRows form={service.form} answers={v.value} lang={p.lang} />}</DetailsTable>
        <form method="post" action={p.href(`/verify/${token}`)} class="form">
          <input type="hidden" name="_csrf" value={p.csrf()} />
          <div class="actions">
            <button type="submit" class="button button-primary">
              {ui(p.lang, 'verifyButton')}
            </button>
          </div>
        </form>
      </Layout>,
    );
  })
  .post('/t/:tenant/verify/:token', async (c) => {
    const p = pageOf(c);
    const body = await readBody(c);
    if (!csrfValid(c, body._csrf)) throw new EngineError('http.bad_request', { reason: ui(p.lang, 'csrfExpired') });
    const token = c.req.param('token') ?? '';
    const res = await confirmGuestApplication(c.get('deps'), { published: p.published, token, actor: { type: 'resident', ip: p.ip } });
    const service = p.published.tenant.get('service', res.body.service)!;
    const slot = service.calendar.findSlot(res.body.resource, Date.parse(res.body.start))!;
    return html(c, <DonePage p={p} service={service} slot={slot} res={res} qr={await checkinQrCode(p, service, { ...res.body, slotDate: slot.date })} />, 201);
  });
