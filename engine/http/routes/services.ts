import { Hono } from 'hono';
import type { CompiledService } from '../../../blocks/service/block';
import type { AppEnv } from '../context';

export function listServices(services: readonly CompiledService[]): CompiledService[] {
  return services.filter((s) => s.listed).sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}

export const servicesRoutes = new Hono<AppEnv>()
  .get('/api/t/:tenant/services', (c) => {
    const { tenant, versionId } = c.get('published');
    const en = c.get('lang') === 'en';
    return c.json({
      tenant: tenant.slug,
      version: versionId,
      services: listServices(tenant.list<CompiledService>('service')).map((s) => ({
        id: s.id,
        title: en ? s.titleEn : s.title,
        description: en ? s.descriptionEn : s.description,
        calendar: s.calendar.id,
        access: s.access,
      })),
    });
  });
