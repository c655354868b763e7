// The runtime's view of tenants: slug → the published version being served.
// Switching versions is one Map assignment, so a request sees either the old
// or the new compiled tenant, never a mix.
import type { PublishedTenant } from './tenant';

export interface TenantStore {
  get(slug: string): PublishedTenant | undefined;
  set(published: PublishedTenant): void;
  slugs(): string[];
  /** Every published tenant, in slug order (jobs that sweep all tenants). */
  all(): PublishedTenant[];
}

export function createTenantStore(initial: readonly PublishedTenant[] = []): TenantStore {
  const map = new Map(initial.map((p) => [p.tenant.slug, p]));
  return {
    get: (slug) => map.get(slug),
    set: (p) => {
      map.set(p.tenant.slug, p);
    },
    slugs: () => [...map.keys()].sort(),
    all: () => [...map.keys()].sort().map((slug) => map.get(slug)!),
  };
}
