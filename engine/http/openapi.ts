// OpenAPI 3.1 description of a tenant's resident API, generated from its own
// blocks: each service's booking body carries that form's answers schema, and a
// reservation is one of the services' shapes (told apart by `service`), so a
// generated client gets typed answers without a cast.
import type { CompiledService } from '../../blocks/service/block';
import type { CompiledSite } from '../../blocks/site/block';
import type { PublishedTenant } from '../config/tenant';
import { listServices } from './routes/services';
import { BOOKING_STATUSES, statusLabel } from '../booking/status';

const STATUS_DOC = BOOKING_STATUSES.map((st) => `${st} = ${statusLabel(st, 'ja')}`).join(', ');

const errorRef = { $ref: '#/components/schemas/Error' };
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: errorRef } } });
const json = (schema: unknown) => ({ 'application/json': { schema } });
const retryAfter = { 'Retry-After': { description: '秒 / seconds to wait', schema: { type: 'integer' } } };
const limited = { description: 'Too many failures (http.rate_limited)', headers: retryAfter, content: json(errorRef) };
const storage = { description: 'storage.unavailable: nothing was recorded, retry later', headers: retryAfter, content: json(errorRef) };
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

export interface OpenApiOptions {
  /** PUBLIC_BASE_URL: the site's public address; without it the server is the document's own origin. */
  publicBaseUrl?: string;
}

export function buildOpenApi(published: PublishedTenant, opts: OpenApiOptions = {}): Record<string, unknown> {
  const { tenant, versionId } = published;
  const site = tenant.list('site')[0];
  const services = listServices(tenant.list('service'));
  const base = `/api/t/${tenant.slug}`;
  const accessKey = { name: 'X-Access-Key', in: 'header', required: true, schema: { type: 'string' }, description: 'アクセスキー (access key shown once at booking)' };
  const receipt = { name: 'receiptNo', in: 'path', required: true, schema: { type: 'string' }, description: '受付番号' };
  const reservation = {
    type: 'object',
    required: ['receiptNo', 'status', 'service', 'resource', 'start', 'end'],
    properties: {
      receiptNo: { type: 'string' },
      status: { enum: [...BOOKING_STATUSES], description: STATUS_DOC },
      statusLabel: { type: 'string' },
      service: { type: 'string' },
      resource: { type: 'string' },
      resourceTitle: { type: 'string' },
      start: { type: 'string', format: 'date-time' },
      end: { type: 'string', format: 'date-time' },
      seats: { type: 'integer' },
      answers: { type: 'object' },
      canChange: { type: 'boolean' },
      canCancel: { type: 'boolean' },
    },
  };
  // Every service, listed or not: a reservation of an unlisted service is still shown and changed.
  const all = [...tenant.list('service')].sort((a, b) => a.id.localeCompare(b.id));
  const perService: Record<string, unknown> = {};
  for (const s of all) {
    perService[`Answers_${s.id}`] = { ...s.form.answersSchema, title: `${s.title}: 回答 / answers` };
    perService[`Reservation_${s.id}`] = {
      ...reservation,
      properties: { ...reservation.properties, service: { const: s.id }, answers: ref(`Answers_${s.id}`) },
    };
  }
  const reservationSchema = all.length
    ? { oneOf: all.map((s) => ref(`Reservation_${s.id}`)), discriminator: { propertyName: 'service', mapping: Object.fromEntries(all.map((s) => [s.id, `#/components/schemas/Reservation_${s.id}`])) } }
    : reservation;
  const anyAnswers = all.length ? { anyOf: all.map((s) => ref(`Answers_${s.id}`)), description: "その予約のサービスの回答 / the answers of the reservation's service (all of them: they replace the old ones)" } : { type: 'object' };
  const paths: Record<string, unknown> = {
    [`${base}/services`]: {
      get: { summary: 'サービス一覧 / List services', responses: { 200: { description: 'OK', content: json({ type: 'object', properties: { services: { type: 'array' } } }) } } },
    },
    [`${base}/reservations/{receiptNo}`]: {
      parameters: [receipt, accessKey],
      get: { summary: '予約確認 / Show a reservation', responses: { 200: { description: 'OK', content: json(ref('Reservation')) }, 404: errorResponse('受付番号またはアクセスキーが正しくない'), 429: limited } },
      patch: {
        summary: '予約変更 / Change a reservation',
        requestBody: { content: json({ type: 'object', additionalProperties: false, properties: { resource: { type: 'string' }, start: { type: 'string', format: 'date-time' }, answers: anyAnswers } }) },
        responses: { 200: { description: 'OK', content: json(ref('Reservation')) }, 404: errorResponse('Not found'), 409: errorResponse('Slot full or deadline passed'), 422: errorResponse('Invalid input'), 429: limited, 503: storage },
      },
      delete: { summary: '予約取消 / Cancel a reservation', responses: { 200: { description: 'OK', content: json(ref('Reservation')) }, 404: errorResponse('Not found'), 409: errorResponse('Deadline passed or already cancelled'), 429: limited, 503: storage } },
    },
  };
  for (const s of services) {
    const resources = s.calendar.resources.map((r) => r.id);
    paths[`${base}/services/${s.id}`] = { get: { summary: `${s.title}: 詳細 / details`, responses: { 200: { description: 'OK' } } } };
    paths[`${base}/services/${s.id}/availability`] = {
      get: {
        summary: `${s.title}: 空き状況 / availability`,
        parameters: [
          { name: 'from', in: 'query', required: true, schema: { type: 'string', format: 'date' } },
          { name: 'to', in: 'query', required: true, schema: { type: 'string', format: 'date' } },
          { name: 'resource', in: 'query', required: false, schema: { enum: resources } },
        ],
        responses: { 200: { description: 'OK', content: json({ $ref: '#/components/schemas/Availability' }) }, 403: errorResponse('Availability is not public'), 422: errorResponse('Invalid range') },
      },
    };
    paths[`${base}/services/${s.id}/reservations`] = {
      post: {
        summary: `${s.title}: 予約 / book`,
        parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 200 } }],
        requestBody: {
          required: true,
          content: json({
            type: 'object',
            required: ['resource', 'start', 'answers'],
            additionalProperties: false,
            properties: { resource: { enum: resources }, start: { type: 'string', format: 'date-time' }, answers: s.form.answersSchema },
          }),
        },
        responses: {
          201: { description: '予約完了 / booked', content: json({ type: 'object', required: ['receiptNo', 'status', 'resource', 'start', 'end'], properties: { receiptNo: { type: 'string' }, accessKey: { type: 'string' }, status: { enum: [...BOOKING_STATUSES], description: STATUS_DOC }, resource: { type: 'string' }, start: { type: 'string' }, end: { type: 'string' } } }) },
          409: errorResponse('booking.slot_full / booking.not_open / booking.closed / booking.quota_exceeded'),
          422: errorResponse('input.invalid (issues located by JSON pointer)'),
          503: storage,
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: `${site?.title ?? tenant.slug} API`, version: versionId, description: '住民向け予約API / Resident reservation API' },
    // Paths are absolute (/api/t/<tenant>/…), so the server is the site's root.
    servers: [opts.publicBaseUrl ? { url: opts.publicBaseUrl.replace(/\/+$/, ''), description: 'PUBLIC_BASE_URL' } : { url: '/', description: 'この文書と同じサーバー / the server of this document' }],
    paths,
    components: {
      schemas: {
        Reservation: reservationSchema,
        ...perService,
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message', 'details'],
              properties: {
                code: { type: 'string' },
                message: { type: 'string' },
                details: { type: 'object' },
                issues: { type: 'array', items: { type: 'object', required: ['path', 'code', 'message'], properties: { path: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } } } },
              },
            },
          },
        },
        Availability: {
          type: 'object',
          properties: {
            slots: {
              type: 'array',
              items: {
                type: 'object',
                required: ['resource', 'start', 'end', 'capacity', 'remaining', 'status'],
                properties: {
                  resource: { type: 'string' },
                  start: { type: 'string', format: 'date-time' },
                  end: { type: 'string', format: 'date-time' },
                  capacity: { type: 'integer' },
                  remaining: { type: 'integer' },
                  status: { enum: ['open', 'full', 'closed', 'not-open-yet', 'past', ...new Set(tenant.registry.behaviour().slotHolds.map((h) => h.status))] },
                },
              },
            },
          },
        },
      },
    },
  };
}
