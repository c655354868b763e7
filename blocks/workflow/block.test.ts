import { describe, expect, it } from 'vitest';
import { loadFixture, runBlockContract } from '../../test/contract/block-contract';
import { findTransition, stateLabel, workflowBlock } from './block';

runBlockContract(workflowBlock, new URL('./fixtures/', import.meta.url));

describe('workflow compile', () => {
  it('keeps states with their labels and finds transitions by from and to', () => {
    const wf = loadFixture(new URL('./fixtures/workflow.valid.json', import.meta.url)).get('workflow', 'flow')!;
    expect(wf.initial).toBe('in');
    expect(stateLabel(wf, 'out')).toBe('交付済');
    expect(findTransition(wf, 'in', 'out')?.roles).toEqual(['facility-manager']);
    expect(findTransition(wf, 'out', 'in')).toBeUndefined();
  });
});
