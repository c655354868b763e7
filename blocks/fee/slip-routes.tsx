// Routes of 納付書, 入金消込, 領収書 and the fee reports.
//   GET  /api/admin/t/:tenant/bookings/:receiptNo/fee        the fee, payments and slip of a booking (console)
//   GET  /api/admin/t/:tenant/bookings/:receiptNo/slip       納付書 (A4 HTML), numbered on first print
//   GET  /api/admin/t/:tenant/bookings/:receiptNo/receipt    領収書 of a cash payment (?payment=id; default the last)
//   POST /api/admin/t/:tenant/payments/import                入金消込 from a bank file { csv | csvBase64, fileName?, dryRun? }
//   GET  /api/admin/t/:tenant/reports/receipts.csv           収納日計表 ?from&to[&service][&encoding]
//   GET  /api/admin/t/:tenant/reports/fees.csv               使用料月計表 ?month[&service][&encoding]
//   POST /t/:tenant/r/slip                                   the resident prints their 納付書 (holder posted, as 変更・取消)
//   GET  /fee/print.css                                      print CSS of these documents
import { Hono } from 'hono';
import { csvDownload } from '../../engine/export/cp932';
import { writeAudit } from '../../engine/audit';
import { csrfValid } from '../../engine/auth/csrf';
import { AWAITING_PAYMENT } from '../../engine/booking/status';
import type { BookingRow } from '../../engine/booking/view';
import { tenantTimezone, type PublishedTenant } from '../../engine/config/tenant';
import { EngineError } from '../../engine/core/errors';
import { committed, sqlGet, type Db } from '../../engine/db';
import { LEDGER_ENCODINGS, type LedgerEncoding } from '../../engine/export/ledger';
import { readJsonObject } from '../../engine/http/body';
import type { AppEnv } from '../../engine/http/context';
import { guard, queryRecord, staffActor, type AdminContext, type AdminEnv } from '../../engine/http/routes/admin/guard';
import { findHeld, holderOf } from '../../engine/http/routes/pages/booking-access';
import { pageOf, type PageEnv } from '../../engine/http/routes/pages/context';
import { readBody } from '../../engine/http/routes/pages/form-flow';
import { onPageError, residentContext } from '../../engine/http/routes/pages/kind-pages';
import { ui } from '../../engine/http/routes/pages/text';
import { epochToLocal, instantIso } from '../../engine/schedule/time';
import { scopedBooking } from '../../engine/staff/booking-detail';
import { scopedService, servicesInScope } from '../../engine/staff/roles';
import type { CompiledFee } from './block';
import type { FeeLine } from './compute';
import { feeFor, feeView } from './payments';
import { PRINT_CSS, printResponse } from './print';
import { ReceiptPage, receiptDocument, type ReceiptPayment } from './receipt';
import { decodeCsv, reconcileFile } from './reconcile';
import { checkEncodable, dailyReceipts, monthlyFees, streamReport, type Report } from './reports';
import { SlipPage, slipDocument } from './slip';
import { issueSlip, slipOf } from './slips';
import { formatSlipNo } from './slip-number';
import './slip-messages';

const MANAGERS = ['system-admin', 'facility-manager'] as const;

async function chargeLines(db: Db, bookingId: number): Promise<FeeLine[]> {
  const c = await sqlGet<{ lines: string }>(db, 'SELECT lines_json AS lines FROM booking_charges WHERE booking_id = ?', [bookingId]);
  if (!c) throw new EngineError('fee.none');
  return JSON.parse(c.lines) as FeeLine[];
}

function feeOfBooking(published: PublishedTenant, row: BookingRow): CompiledFee {
  const fee = feeFor(published.tenant, row.serviceId);
  if (!fee) throw new EngineError('fee.none');
  return fee;
}

async function slipResponse(deps: AppEnv['Variables']['deps'], published: PublishedTenant, row: BookingRow, actor: Parameters<typeof issueSlip>[1]['actor'], lang: 'ja' | 'en') {
  const fee = feeOfBooking(published, row);
  const lines = await chargeLines(deps.db, row.id);
  const slip = await committed(deps.db, () => issueSlip(deps, { published, row, actor }));
  const doc = await slipDocument(published, row, slip, fee, lines, deps.clock.now().getTime());
  return printResponse(<SlipPage d={doc} lang={lang} />);
}

function reportResponse(report: Report, encoding: LedgerEncoding, name: string, ascii: string): Response {
  checkEncodable(report, encoding);
  return csvDownload(streamReport(report, encoding), encoding, name, ascii);
}

function reportInput(c: AdminContext) {
  const q = queryRecord(c);
  const encoding = (q.encoding ?? 'utf8-bom') as LedgerEncoding;
  if (!LEDGER_ENCODINGS.includes(encoding)) throw new EngineError('export.bad_encoding');
  const published = c.get('published');
  const staffMember = c.get('staff');
  const withFee = new Set(published.tenant.list('fee').map((f) => f.service));
  const services = (q.service ? [scopedService(published, staffMember, q.service)] : servicesInScope(published, staffMember)).filter((s) => withFee.has(s.id));
  return { q, encoding, published, services, tz: tenantTimezone(published), enc: encoding === 'cp932' ? 'SJIS' : 'UTF-8' };
}

const staff = new Hono<AdminEnv>()
  .get('/api/admin/t/:tenant/bookings/:receiptNo/fee', guard(), async (c) => {
    const published = c.get('published');
    const { db } = c.get('deps');
    const row = await scopedBooking(db, published, c.get('staff'), c.req.param('receiptNo'));
    const fee = feeFor(published.tenant, row.serviceId);
    const hasCharge = (await sqlGet(db, 'SELECT 1 AS one FROM booking_charges WHERE booking_id = ?', [row.id])) !== undefined;
    if (!hasCharge) return c.json({ fee: null, slip: null, slipEnabled: false });
    const slip = await slipOf(db, row.id);
    const tz = tenantTimezone(published);
    return c.json({
      fee: await feeView(db, published, row, c.get('lang')),
      slip: slip ? { slipNo: slip.slipNo, display: formatSlipNo(slip.slipNo), amount: slip.amount, dueAt: slip.dueAt === null ? null : instantIso(slip.dueAt, tz), issuedAt: instantIso(slip.issuedAt, tz) } : null,
      // Staff may print a slip for any fee awaiting payment; the account printed on it comes from the fee block.
      slipEnabled: !!fee && row.status === AWAITING_PAYMENT,
      account: fee?.slip?.account ?? null,
      today: epochToLocal(c.get('deps').clock.now().getTime(), tz).date,
    });
  })
  .get('/api/admin/t/:tenant/bookings/:receiptNo/slip', guard(), async (c) => {
    const published = c.get('published');
    const deps = c.get('deps');
    const row = await scopedBooking(deps.db, published, c.get('staff'), c.req.param('receiptNo'));
    // Checked before the fee table: a booking of a service without fees is a state (409), not a missing page.
    if (row.status !== AWAITING_PAYMENT) throw new EngineError('fee.nothing_to_pay');
    return slipResponse(deps, published, row, staffActor(c), c.get('lang'));
  })
  .get('/api/admin/t/:tenant/bookings/:receiptNo/receipt', guard(), async (c) => {
    const published = c.get('published');
    const { db } = c.get('deps');
    const row = await scopedBooking(db, published, c.get('staff'), c.req.param('receiptNo'));
    const id = Number(c.req.query('payment') ?? NaN);
    const payment = Number.isSafeInteger(id)
      ? await sqlGet<ReceiptPayment>(db, `SELECT id, amount, received_on AS "receivedOn", reference, staff_id AS "staffId" FROM booking_payments WHERE booking_id = ? AND id = ? AND method = 'cash'`, [row.id, id])
      : await sqlGet<ReceiptPayment>(db, `SELECT id, amount, received_on AS "receivedOn", reference, staff_id AS "staffId" FROM booking_payments WHERE booking_id = ? AND method = 'cash' ORDER BY id DESC LIMIT 1`, [row.id]);
    if (!payment || !payment.reference || !payment.receivedOn) throw new EngineError('fee.no_receipt');
    await writeAudit(db, { tenant: published.tenant.slug, at: c.get('deps').clock.now().getTime(), actor: staffActor(c), action: 'payment.receipt_printed', target: { type: 'booking', id: row.receiptNo }, details: { receipt: payment.reference } });
    return printResponse(<ReceiptPage d={receiptDocument(published, row, payment, feeFor(published.tenant, row.serviceId))} lang={c.get('lang')} />);
  })
  .post('/api/admin/t/:tenant/payments/import', guard(MANAGERS), async (c) => {
    const body = await readJsonObject(c, ['csv', 'csvBase64', 'fileName', 'dryRun']);
    const bytes = typeof body.csvBase64 === 'string' ? new Uint8Array(Buffer.from(body.csvBase64, 'base64')) : typeof body.csv === 'string' ? new TextEncoder().encode(body.csv) : undefined;
    if (!bytes) throw new EngineError('fee.import_empty', {}, { issues: [{ path: '/csv', code: 'fee.import_empty', message: 'CSVにデータがありません。' }] });
    const deps = c.get('deps');
    const input = {
      published: c.get('published'),
      staff: c.get('staff'),
      actor: staffActor(c),
      text: decodeCsv(bytes),
      ...(typeof body.fileName === 'string' ? { fileName: body.fileName.slice(0, 200) } : {}),
      dryRun: body.dryRun === true,
    };
    const report = input.dryRun ? await reconcileFile(deps, input) : await committed(deps.db, () => reconcileFile(deps, input));
    return c.json(report);
  })
  .get('/api/admin/t/:tenant/reports/receipts.csv', guard(), async (c) => {
    const x = reportInput(c);
    const today = epochToLocal(c.get('deps').clock.now().getTime(), x.tz).date;
    const from = x.q.from ?? x.q.date ?? today;
    const to = x.q.to ?? x.q.date ?? from;
    const report = await dailyReceipts(c.get('deps').db, { tenant: x.published.tenant.slug, services: x.services, from, to, timeZone: x.tz });
    await writeAudit(c.get('deps').db, { tenant: x.published.tenant.slug, at: c.get('deps').clock.now().getTime(), actor: staffActor(c), action: 'report.exported', target: { type: 'report', id: 'receipts' }, details: { from, to, service: x.q.service ?? null, encoding: x.encoding } });
    const period = from === to ? from : `${from}_${to}`;
    return reportResponse(report, x.encoding, `収納日計表_${period}_${x.enc}.csv`, `receipts_${period}_${x.enc}.csv`);
  })
  .get('/api/admin/t/:tenant/reports/fees.csv', guard(), async (c) => {
    const x = reportInput(c);
    const month = x.q.month ?? epochToLocal(c.get('deps').clock.now().getTime(), x.tz).date.slice(0, 7);
    const report = await monthlyFees(c.get('deps').db, { tenant: x.published.tenant.slug, services: x.services, month });
    await writeAudit(c.get('deps').db, { tenant: x.published.tenant.slug, at: c.get('deps').clock.now().getTime(), actor: staffActor(c), action: 'report.exported', target: { type: 'report', id: 'fees' }, details: { month, service: x.q.service ?? null, encoding: x.encoding } });
    return reportResponse(report, x.encoding, `使用料月計表_${month}_${x.enc}.csv`, `fees_${month}_${x.enc}.csv`);
  });

const resident = new Hono<PageEnv>();
resident.onError(onPageError);
resident.use('/t/:tenant/r/slip', residentContext);
resident.post('/t/:tenant/r/slip', async (c) => {
  const p = pageOf(c);
  const body = await readBody(c);
  if (!csrfValid(c, body._csrf)) throw new EngineError('http.bad_request', { reason: ui(p.lang, 'csrfExpired') });
  const { row } = await findHeld(p, holderOf(p, body));
  const fee = feeFor(p.published.tenant, row.serviceId);
  if (!fee?.slip?.resident) throw new EngineError('fee.no_slip');
  if (row.status !== AWAITING_PAYMENT) throw new EngineError('fee.nothing_to_pay');
  const actor = p.member ? { type: 'member' as const, id: p.member.id, ip: p.ip } : { type: 'resident' as const, ip: p.ip };
  return slipResponse(c.get('deps'), p.published, row, actor, p.lang);
});

export const slipRoutes = new Hono<AppEnv>()
  .get('/fee/print.css', (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=300');
    return c.body(PRINT_CSS);
  })
  .route('/', staff as unknown as Hono<AppEnv>)
  .route('/', resident as unknown as Hono<AppEnv>);
