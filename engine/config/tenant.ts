// The compiled tenant: immutable result of loading, what HTTP handlers interpret.
import type { RawBlock } from '../core/block';
import type { CompiledKinds, KnownKind } from '../core/kinds';
import type { BlockRegistry } from '../core/registry';

export interface CompiledTenant {
  readonly slug: string;
  /** Hash of the migrated blocks; equal hashes mean equal configuration. */
  readonly contentHash: string;
  /** Migrated blocks as stored in a published version. */
  readonly blocks: readonly RawBlock[];
  get<K extends KnownKind>(kind: K, id: string): CompiledKinds[K] | undefined;
  list<K extends KnownKind>(kind: K): readonly CompiledKinds[K][];
  /** The kinds it was compiled with: their contributed behaviour applies to it. */
  readonly registry: BlockRegistry;
}

/** A compiled tenant bound to the stored version it is served from. */
export interface PublishedTenant {
  readonly versionId: string;
  readonly seq: number;
  readonly tenant: CompiledTenant;
}

/** The tenant's time zone (the site block's, Asia/Tokyo by default). */
export function tenantTimezone(published: PublishedTenant): string {
  return published.tenant.list('site')[0]?.timezone ?? 'Asia/Tokyo';
}

/** Freezes plain objects and arrays (not functions, Maps or class instances: ajv validators mutate themselves). */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  const proto = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return value;
  Object.freeze(value);
  for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  return value;
}
