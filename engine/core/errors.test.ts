import { describe, expect, it } from 'vitest';
import { EngineError } from './errors';

describe('EngineError', () => {
  it('keeps the stack of a fault (5xx) for the log, and leaves a refusal (4xx) without one', () => {
    const fault = new EngineError('internal.error');
    const refusal = new EngineError('input.invalid');
    expect(fault.stack).toMatch(/errors\.test\.ts/);
    expect(refusal.stack).not.toMatch(/errors\.test\.ts/);
    expect(refusal.message).toBe('input.invalid');
    // The limit is restored for every other error.
    expect(new Error('x').stack).toMatch(/errors\.test\.ts/);
  });
});
