// The block contract: a block kind is defined once, here is its shape.
// A kind is server-safe (no UI, no I/O): type, version, JSON Schema,
// migrations, references, semantic check, compile.
import type { CompiledKinds, KnownKind } from './kinds';
import type { CollectedBehaviour, KindBehaviour } from './behaviour';
import type { Issue } from './errors';
import type { KindLabels } from '../config/labels';

/** Raw block as written in a tenant file (after JSON parse). */
export interface RawBlock {
  kind: string;
  id: string;
  version?: number;
  [key: string]: unknown;
}

/** A migration moves a block from `from` to `from + 1`; named by intent. */
export interface BlockMigration {
  from: number;
  name: string;
  up(block: RawBlock): RawBlock;
}

/** A reference from one block to another, at a JSON pointer inside the block. */
export interface BlockRef {
  kind: string;
  id: string;
  path: string;
}

/** What a kind's semantic check may ask of the tenant being loaded. */
export interface CheckContext {
  /** Report a problem at a JSON pointer inside this block. */
  issue(path: string, code: string, params?: Record<string, unknown>): void;
  /** Check a json-logic rule: only whitelisted operators and the given variables. */
  checkRule(rule: unknown, path: string, variables: readonly string[]): void;
  /** Another block of the tenant (migrated), if it exists and passed its schema. */
  find(kind: string, id: string): RawBlock | undefined;
  /** All schema-valid blocks of a kind (migrated). */
  all(kind: string): readonly RawBlock[];
  /** What the registered kinds contribute (admission stages, events, …), to check names against. */
  readonly behaviour: CollectedBehaviour;
  /** The tenant being loaded (its slug is the folder name / URL segment, not a block's value). */
  readonly tenant: { slug: string };
}

/** What compile may use: the already compiled blocks this one references. */
export interface CompileContext {
  get<K extends KnownKind>(kind: K, id: string): CompiledKinds[K];
  /** Tenant-wide facts (timezone etc.) from the site block. */
  readonly tenant: { slug: string; timezone: string };
  readonly behaviour: CollectedBehaviour;
}

export interface BlockKind<TBlock extends RawBlock = RawBlock, TCompiled = unknown> {
  kind: string;
  /** Current version; blocks written for older versions are migrated. */
  version: number;
  /** JSON Schema of the whole block (including kind, id, version). */
  schema: Record<string, unknown>;
  /** 'one' = exactly one per tenant (e.g. site); 'many' = any number. */
  cardinality: 'one' | 'many';
  migrations: readonly BlockMigration[];
  /** Human title of the kind (Japanese first), for the builder. */
  title: { ja: string; en: string };
  /** References to other blocks; the loader checks that they resolve. */
  refs?(block: TBlock): BlockRef[];
  /** Semantic checks beyond the schema. */
  check?(block: TBlock, ctx: CheckContext): void;
  /** Builds the runtime form of the block; referenced blocks are compiled first. */
  compile(block: TBlock, ctx: CompileContext): TCompiled;
  /** What the kind adds to the running engine (admission, events, columns, jobs): README "Writing a block kind". */
  behaviour?: KindBehaviour;
  /** Japanese labels and help of its schema's properties (blocks/<kind>/labels.json; engine/config/labels.ts). */
  labels?: KindLabels;
}

/** Identity helper that keeps the literal types of a kind definition. */
export function defineBlock<TBlock extends RawBlock, TCompiled>(def: BlockKind<TBlock, TCompiled>): BlockKind<TBlock, TCompiled> {
  return def;
}

export type AnyBlockKind = BlockKind<any, any>;

export type { Issue };
