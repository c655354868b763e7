import { describe, expect, it } from 'vitest';
import { loadFixture, runBlockContract } from '../../test/contract/block-contract';
import { waitlistBlock } from './block';

runBlockContract(waitlistBlock, new URL('./fixtures/', import.meta.url));

describe('waitlist compile', () => {
  it('keeps the limits given and holds an offer 24 hours by default', () => {
    expect(loadFixture(new URL('./fixtures/waitlist.valid.json', import.meta.url)).get('waitlist', 'w')).toEqual({ id: 'w', service: 's', offerHours: 24, maxPerPerson: 2, maxPerSlot: 10 });
    expect(loadFixture(new URL('./fixtures/defaults.valid.json', import.meta.url)).get('waitlist', 'w')).toEqual({ id: 'w', service: 's', offerHours: 24 });
  });
});
