import { describe, expect, it } from 'vitest';
import { loadFixture, runBlockContract } from '../../test/contract/block-contract';
import { permitBlock, permitsCovering } from './block';

runBlockContract(permitBlock, new URL('./fixtures/', import.meta.url));

describe('permit compile', () => {
  const evening = loadFixture(new URL('./fixtures/gym-evening.valid.json', import.meta.url));
  const whole = loadFixture(new URL('./fixtures/whole-service.valid.json', import.meta.url));

  it('keeps what the permit unlocks, its validity, approval, reminder and holders', () => {
    const p = evening.get('permit', 'gym-evening')!;
    expect(p).toMatchObject({
      title: '体育館 夜間利用登録',
      titleEn: 'Gym evening use',
      unlocks: [{ service: 'gym', resources: ['a', 'b'], times: { from: '17:00', to: '21:00' } }],
      validity: { kind: 'fiscal-year-end' },
      requiresApproval: true,
      remindDaysBefore: 30,
      holders: ['group'],
    });
    expect(p.form?.id).toBe('pf');
    expect(whole.get('permit', 'p')).toMatchObject({ unlocks: [{ service: 'gym', resources: null, times: null }], validity: { kind: 'months', months: 12 }, requiresApproval: false, remindDaysBefore: null, holders: ['individual', 'group'] });
  });

  it('covers the slots that start inside the time band on the named places only', () => {
    const ids = (resource: string, startLocal: string) => permitsCovering(evening, 'gym', { resource, startLocal }).map((p) => p.id);
    expect(ids('a', '17:00')).toEqual(['gym-evening']);
    expect(ids('b', '19:00')).toEqual(['gym-evening']);
    expect(ids('a', '15:00')).toEqual([]);
    expect(ids('a', '21:00')).toEqual([]);
    expect(permitsCovering(evening, 'other', { resource: 'a', startLocal: '17:00' })).toEqual([]);
    expect(permitsCovering(whole, 'gym', { resource: 'b', startLocal: '09:00' }).map((p) => p.id)).toEqual(['p']);
  });
});
