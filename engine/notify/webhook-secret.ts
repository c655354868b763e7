// Which signing-secret variables a tenant may name. A webhook signed with a
// shared or another tenant's secret would let one tenant forge messages that
// another tenant's receiver trusts, so the name carries its owner:
//   WEBHOOK_SECRET_<SLUG>          (the default)
//   WEBHOOK_SECRET_<SLUG>__<NAME>  (more than one secret for the same tenant)
// <SLUG> is the tenant slug in upper snake case (kita-ku → KITA_KU). The double
// underscore keeps ownership unambiguous: with a single one, tenant "kita" could
// claim WEBHOOK_SECRET_KITA_KU, the default of tenant "kita-ku".
const PREFIX = 'WEBHOOK_SECRET_';

export function slugToEnv(slug: string): string {
  return slug.toUpperCase().replace(/-/g, '_');
}

export function defaultWebhookSecretEnv(slug: string): string {
  return PREFIX + slugToEnv(slug);
}

/** The tenant slug a secret variable belongs to, or undefined when the name has no owner. */
export function webhookSecretOwner(name: string): string | undefined {
  if (!name.startsWith(PREFIX)) return undefined;
  const rest = name.slice(PREFIX.length);
  const at = rest.indexOf('__');
  const owner = at < 0 ? rest : rest.slice(0, at);
  const suffix = at < 0 ? '' : rest.slice(at + 2);
  if (!/^[A-Z0-9]+(_[A-Z0-9]+)*$/.test(owner)) return undefined;
  if (at >= 0 && !/^[A-Z0-9]+(_[A-Z0-9]+)*$/.test(suffix)) return undefined;
  return owner.toLowerCase().replace(/_/g, '-');
}

export function isWebhookSecretOf(name: string, slug: string): boolean {
  return webhookSecretOwner(name) === slug;
}
