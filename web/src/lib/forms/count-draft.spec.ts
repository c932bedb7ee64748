import { describe, expect, it } from 'vitest';
import { forgetDraft, keepDraft, keptDraft, steppedCount } from './count-draft.js';
import { MemoryStorage } from './memory-storage.fixture.js';

const isNumberList = (value: unknown) => (Array.isArray(value) && value.every((item) => typeof item === 'number') ? value : null);

describe('steppedCount', () => {
  it('steps within 0 and the maximum, from 0 when the text is not a whole number', () => {
    expect(steppedCount('4', 1)).toBe('5');
    expect(steppedCount(' 7 ', -1)).toBe('6');
    expect(steppedCount('0', -1)).toBe('0');
    expect(steppedCount('', 1)).toBe('1');
    expect(steppedCount('2.5', 1)).toBe('1');
    expect(steppedCount('99', 1, 99)).toBe('99');
  });
});

describe('kept drafts', () => {
  it('keeps, reads back and forgets a draft under its key only', () => {
    const storage = new MemoryStorage();
    keepDraft(storage, 'a', [1, 2]);
    expect(keptDraft(storage, 'a', isNumberList)).toEqual([1, 2]);
    expect(keptDraft(storage, 'b', isNumberList)).toBeNull();
    forgetDraft(storage, 'a');
    expect(keptDraft(storage, 'a', isNumberList)).toBeNull();
  });

  it('gives null for text that is not JSON or not a whole draft, and no storage at all is harmless', () => {
    const storage = new MemoryStorage();
    storage.setItem('a', '{not json');
    expect(keptDraft(storage, 'a', isNumberList)).toBeNull();
    storage.setItem('a', '["x"]');
    expect(keptDraft(storage, 'a', isNumberList)).toBeNull();
    keepDraft(undefined, 'a', [1]);
    forgetDraft(undefined, 'a');
    expect(keptDraft(undefined, 'a', isNumberList)).toBeNull();
  });

  it('survives storage that refuses to write', () => {
    const full = new MemoryStorage();
    full.setItem = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    expect(() => keepDraft(full, 'a', [1])).not.toThrow();
  });
});
