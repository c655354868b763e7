// Compiled block types by kind name, so look-ups are typed at the call site:
// tenant.get('service', id) is a CompiledService | undefined, with no cast.
// Each kind adds its entry beside its own definition, by declaration merging:
//   declare module '../../engine/core/kinds' { interface CompiledKinds { service: CompiledService } }
// so the engine names no kind, and a kind defined outside the engine (a test's) adds itself the same way.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CompiledKinds {}

/** A kind name some block kind has declared in CompiledKinds. */
export type KnownKind = keyof CompiledKinds & string;
