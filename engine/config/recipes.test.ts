import { describe, expect, it } from 'vitest';
import { registry } from '../../blocks';
import { compileBlocks } from './drafts';
import { readTenantDir, loadTenantSources } from './load-tenant';
import { instantiateRecipe, listRecipes } from './recipes';

const demo = loadTenantSources('demo-city', readTenantDir('tenants/demo-city'), registry).tenant!;

describe('recipes', () => {
  const recipes = listRecipes('examples', registry);

  it('lists every example folder with its README title and description', () => {
    expect(recipes.map((r) => r.id)).toEqual(expect.arrayContaining(['card-pickup-window', 'consultation-days', 'gym-courts', 'lunch-break']));
    const pickup = recipes.find((r) => r.id === 'card-pickup-window')!;
    expect(pickup.title).toEqual({ ja: 'マイナンバーカード交付窓口', en: 'My Number card pickup window' });
    expect(pickup.description).toContain('30分ごと4人まで');
    expect(pickup.blocks.some((b) => b.kind === 'site')).toBe(false);
  });

  it('adds any recipe to the demo tenant, twice, as a valid tenant with consistent references', () => {
    for (const recipe of recipes) {
      const once = [...demo.blocks, ...instantiateRecipe(recipe, demo.blocks, { serviceId: 'new-service', title: '新しいサービス' }, registry)];
      const twice = [...once, ...instantiateRecipe(recipe, once, { serviceId: 'new-service' }, registry)];
      const compiled = compileBlocks('demo-city', twice, registry);
      const services = compiled.blocks.filter((b) => b.kind === 'service').map((b) => b.id);
      expect(services).toEqual(expect.arrayContaining(['new-service', 'new-service-2']));
      const added = compiled.blocks.find((b) => b.kind === 'service' && b.id === 'new-service') as Record<string, unknown>;
      expect(added.title).toBe('新しいサービス');
      expect(String(added.form)).toMatch(/^new-service-/);
    }
  });

  it('leaves none of the example’s own data behind: its English title and its dated closures', () => {
    const recipe = recipes.find((r) => r.id === 'consultation-days')!;
    const made = instantiateRecipe(recipe, demo.blocks, { serviceId: 'kenko', title: '健康相談' }, registry);
    const service = made.find((b) => b.kind === 'service') as Record<string, unknown>;
    expect(service.titleEn).toBeUndefined();
    expect(JSON.stringify(made)).not.toContain('2027-03-09');
  });
});
