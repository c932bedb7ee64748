import { describe, expect, it } from 'vitest';
import { signInQuery } from './next-url.js';

describe('signInQuery', () => {
  it('carries the current page as next, except home', () => {
    expect(signInQuery('/admin/people')).toBe('?next=%2Fadmin%2Fpeople');
    expect(signInQuery('/')).toBe('');
    expect(signInQuery('/sign-in')).toBe('');
    // The check is the shared one (shared/src/next-path.spec.ts has the cases): a dot segment
    // normalising to another site gives no `next` at all (#16 item 8).
    expect(signInQuery('/.//evil.example')).toBe('');
  });
});
