import { Hono } from 'hono';
import { onlineContact, type CompiledService } from '../../../blocks/service/block';
import type { PublishedTenant } from '../../config/tenant';
import type { AppEnv } from '../context';
import { availabilityOf } from '../../booking/availability';
import { cachedJson } from '../../booking/availability-cache';
import { findService } from '../../booking/book';
import { EngineError } from '../../core/errors';
import { buildOpenApi } from '../openapi';

export function listServices(services: readonly CompiledService[]): CompiledService[] {
  return services.filter((s) => s.listed).sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}

/** Whether residents book the service online; if not (窓口・電話のみ), why and where to apply. */
function onlineOf(published: PublishedTenant, s: CompiledService, en: boolean) {
  if (s.online.bookable) return { bookable: true };
  const site = published.tenant.list('site')[0];
  return { bookable: false, reason: en ? s.online.reasonEn : s.online.reason, contact: onlineContact(s, site, en ? 'en' : 'ja') };
}

export const servicesRoutes = new Hono<AppEnv>()
  .get('/api/t/:tenant/services', (c) => {
    const { tenant, versionId } = c.get('published');
    const en = c.get('lang') === 'en';
    return c.json({
      tenant: tenant.slug,
      version: versionId,
      services: listServices(tenant.list('service')).map((s) => ({
        id: s.id,
        title: en ? s.titleEn : s.title,
        description: en ? s.descriptionEn : s.description,
        calendar: s.calendar.id,
        access: s.access,
        online: onlineOf(c.get('published'), s, en),
      })),
    });
  })
  .get('/api/t/:tenant/openapi.json', (c) => c.json(buildOpenApi(c.get('published'), { publicBaseUrl: process.env.PUBLIC_BASE_URL || undefined })))
  .get('/api/t/:tenant/services/:service', (c) => {
    const s = findService(c.get('published'), c.req.param('service'));
    const en = c.get('lang') === 'en';
    return c.json({
      id: s.id,
      title: en ? s.titleEn : s.title,
      description: en ? s.descriptionEn : s.description,
      resources: s.calendar.resources.map((r) => ({ id: r.id, title: en ? r.titleEn : r.title, units: r.units })),
      slotMinutes: s.calendar.slotMinutes,
      publicAvailability: s.calendar.publicAvailability,
      access: s.access,
      online: onlineOf(c.get('published'), s, en),
      changeDeadlineHours: s.changeDeadlineHours,
      cancelDeadlineHours: s.cancelDeadlineHours,
      form: {
        title: en ? s.form.titleEn : s.form.title,
        schema: s.form.answersSchema,
        fields: s.form.fields,
      },
    });
  })
  .get('/api/t/:tenant/services/:service/availability', async (c) => {
    const published = c.get('published');
    const service = findService(published, c.req.param('service'));
    if (!service.calendar.publicAvailability) throw new EngineError('availability.not_public');
    const { db, clock } = c.get('deps');
    const q = { from: c.req.query('from'), to: c.req.query('to'), resource: c.req.query('resource') };
    const now = clock.now();
    const key = JSON.stringify([published.tenant.slug, published.versionId, service.id, q.from, q.to, q.resource]);
    const body = await cachedJson(db, key, now, async () => {
      const slots = await availabilityOf(db, published.tenant.slug, service, { ...q, now, published });
      return {
        service: service.id,
        slots: slots.map((s) => ({
          resource: s.resource,
          start: s.start,
          end: s.end,
          capacity: s.capacity,
          remaining: s.remaining,
          status: s.status,
          ...(s.reason ? { reason: s.reason } : {}),
          ...(s.note ? { note: s.note } : {}),
        })),
      };
    });
    return c.body(body, 200, { 'content-type': 'application/json' });
  });
