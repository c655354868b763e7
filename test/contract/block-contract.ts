// The contract every block kind runs (DESIGN §8): schema shape, fixtures that
// load with zero issues, invalid fixtures that fail with the code they name,
// and a migration chain without gaps.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AnyBlockKind } from '../../engine/core/block';
import type { KnownKind } from '../../engine/core/kinds';
import { createAjv } from '../../engine/config/ajv';
import { resolvedSchema } from '../../engine/config/schemas';
import { loadTenantSources } from '../../engine/config/load-tenant';
import type { CompiledTenant } from '../../engine/config/tenant';
import { registry } from '../../blocks';

interface Fixture {
  description?: string;
  expect?: { code: string; path?: string };
  blocks: unknown[];
}

const defaultSite = { kind: 'site', id: 'fixture-town', title: 'フィクスチャ町' };

/** Loads a fixture's blocks as a tenant (adding a site block when the fixture has none). */
export function loadFixtureBlocks(fixture: Fixture, file = 'fixture.json') {
  const blocks = fixture.blocks.some((b) => (b as { kind?: string })?.kind === 'site') ? fixture.blocks : [...fixture.blocks, defaultSite];
  return loadTenantSources('fixture', [{ file, text: JSON.stringify(blocks, null, 2) }], registry);
}

export function loadFixture(url: URL): CompiledTenant {
  const fixture = JSON.parse(readFileSync(url, 'utf8')) as Fixture;
  const r = loadFixtureBlocks(fixture);
  if (!r.tenant) throw new Error(`fixture ${url.pathname} does not load:\n${r.issues.map((i) => `${i.path}: ${i.code}: ${i.message}`).join('\n')}`);
  return r.tenant;
}

export function runBlockContract(kind: AnyBlockKind, fixturesDir: URL): void {
  const dir = fileURLToPath(fixturesDir);
  const files = readdirSync(dir).sort();
  const valid = files.filter((f) => f.endsWith('.valid.json'));
  const invalid = files.filter((f) => f.endsWith('.invalid.json'));

  describe(`block contract: ${kind.kind}`, () => {
    it('is registered under its kind', () => {
      expect(registry.get(kind.kind)).toBe(kind);
    });

    it('has a strict schema that pins kind and requires kind and id', () => {
      const s = kind.schema as { properties?: Record<string, { const?: string }>; required?: string[]; additionalProperties?: boolean };
      expect(s.properties?.kind?.const).toBe(kind.kind);
      expect(s.required).toEqual(expect.arrayContaining(['kind', 'id']));
      expect(s.additionalProperties).toBe(false);
      expect(s.properties).toHaveProperty('version');
      expect(() => createAjv().compile(resolvedSchema(kind, registry))).not.toThrow();
    });

    it('has a migration for every older version', () => {
      for (let v = 1; v < kind.version; v++) expect(kind.migrations.some((m) => m.from === v)).toBe(true);
      for (const m of kind.migrations) expect(m.name).toMatch(/\S/);
    });

    it('ships valid and invalid fixtures', () => {
      expect(valid.length).toBeGreaterThan(0);
      expect(invalid.length).toBeGreaterThan(0);
    });

    for (const f of valid) {
      it(`loads ${f} with zero issues`, () => {
        const fixture = JSON.parse(readFileSync(`${dir}/${f}`, 'utf8')) as Fixture;
        const r = loadFixtureBlocks(fixture, f);
        expect(r.issues).toEqual([]);
        expect(fixture.blocks.some((b) => (b as { kind?: string }).kind === kind.kind)).toBe(true);
        expect(r.tenant?.list(kind.kind as KnownKind).length).toBeGreaterThan(0);
      });
    }

    for (const f of invalid) {
      it(`refuses ${f} with the code it names`, () => {
        const fixture = JSON.parse(readFileSync(`${dir}/${f}`, 'utf8')) as Fixture;
        expect(fixture.expect?.code, `${f} must name the code it expects`).toBeTruthy();
        const r = loadFixtureBlocks(fixture, f);
        expect(r.tenant).toBeUndefined();
        const match = r.issues.find((i) => i.code === fixture.expect!.code && (fixture.expect!.path === undefined || i.path === fixture.expect!.path));
        expect(match, `expected ${JSON.stringify(fixture.expect)} in ${JSON.stringify(r.issues.map((i) => [i.path, i.code]))}`).toBeTruthy();
        expect(match!.message).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/); // Japanese message
        expect(match!.messageEn).toBeTruthy();
      });
    }
  });
}
