// The resident's check-in QR code (service `checkin.qr`): on the completion page, the
// booking's page and a page of its own linked from the notices. The code names the
// booking only (engine/staff/checkin-code.ts); the image is drawn by `qrcode`.
import { Hono } from 'hono';
import QRCode from 'qrcode';
import type { CompiledService } from '../../../../blocks/service/block';
import { isVisitable, type BookingStatus } from '../../../booking/status';
import { EngineError } from '../../../core/errors';
import { checkinCode, readCheckinCode } from '../../../staff/checkin-code';
import { pageOf, type Page, type PageEnv } from './context';
import { dateText } from './format';
import { Layout } from './layout';
import { html } from './render';
import { ui } from './text';

/** The QR figure for a booking, or nothing when its service does not check visitors in by QR. */
/** The check-in code to show for a booking (undefined where none is shown), read before rendering CheckinQr. */
export async function checkinQrCode(p: Page, service: CompiledService | undefined, booking: { receiptNo: string; slotDate: string; status: BookingStatus }): Promise<string | undefined> {
  if (!service?.checkin.qr || !isVisitable(booking.status)) return undefined;
  return await checkinCode(p.c.get('deps').db, p.slug, booking, p.now.getTime());
}

export function CheckinQr({ p, booking, code }: { p: Page; booking: { receiptNo: string }; code: string | undefined }) {
  if (!code) return null;
  return (
    <figure class="checkin-qr">
      <img src={p.href(`/qr/${code}/image.svg`)} width={200} height={200} alt={ui(p.lang, 'qrAlt', { receiptNo: booking.receiptNo })} />
      <figcaption>{ui(p.lang, 'qrText')}</figcaption>
    </figure>
  );
}

export const checkinQrRoutes = new Hono<PageEnv>()
  .get('/t/:tenant/qr/:code/image.svg', async (c) => {
    const { db, clock } = c.get('deps');
    const code = c.req.param('code');
    // Only codes this tenant signed: the site is not a QR generator for any text.
    if (!(await readCheckinCode(db, c.get('published').tenant.slug, code, clock.now().getTime()))) throw new EngineError('http.not_found');
    const svg = await QRCode.toString(code, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
    return c.body(svg, 200, { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'private, max-age=86400' });
  })
  .get('/t/:tenant/qr/:code', async (c) => {
    const p = pageOf(c);
    const read = await readCheckinCode(p.c.get('deps').db, p.slug, c.req.param('code'), p.now.getTime());
    if (!read) throw new EngineError('http.not_found');
    return html(
      c,
      <Layout p={p} title={ui(p.lang, 'qrTitle')}>
        <p>
          {ui(p.lang, 'receiptNo')}: <strong class="key">{read.receiptNo}</strong> / {dateText(read.slotDate, p.lang, p.dates)}
        </p>
        <figure class="checkin-qr checkin-qr-large">
          <img src={p.href(`/qr/${c.req.param('code')}/image.svg`)} width={280} height={280} alt={ui(p.lang, 'qrAlt', { receiptNo: read.receiptNo })} />
          <figcaption>{ui(p.lang, 'qrText')}</figcaption>
        </figure>
      </Layout>,
    );
  });
