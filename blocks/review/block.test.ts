import { describe, expect, it } from 'vitest';
import { loadFixture, runBlockContract } from '../../test/contract/block-contract';
import { reviewBlock } from './block';

runBlockContract(reviewBlock, new URL('./fixtures/', import.meta.url));

describe('review compile', () => {
  it('holds the place and allows cancellation unless told otherwise', () => {
    expect(loadFixture(new URL('./fixtures/meeting-room.valid.json', import.meta.url)).get('review', 'rv')).toEqual({ id: 'rv', service: 's', holdsPlace: true, decideWithinHours: 72, cancellation: 'review' });
    expect(loadFixture(new URL('./fixtures/no-online-cancel.valid.json', import.meta.url)).get('review', 'rv')).toEqual({ id: 'rv', service: 's', holdsPlace: true, cancellation: 'refuse' });
  });
});
