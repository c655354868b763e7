import { describe, expect, it } from 'vitest';
import { messageFor } from './messages';
import './catalog';

describe('messages', () => {
  it('names JSON Schema types in Japanese words, never as integer or string', () => {
    expect(messageFor('schema.type', { type: 'integer' })).toBe('整数で入力してください。');
    expect(messageFor('schema.type', { type: 'string,null' })).toBe('文字または空で入力してください。');
    expect(messageFor('schema.type', { type: 'integer' }, 'en')).toBe('Wrong type (expected integer).');
  });
});
