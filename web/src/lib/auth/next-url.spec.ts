import { describe, expect, it } from 'vitest';
import { safeNextPath, signInQuery } from './next-url.js';

describe('safeNextPath', () => {
  it('follows paths on this site, with their query and fragment', () => {
    expect(safeNextPath('/admin')).toBe('/admin');
    expect(safeNextPath('/admin/audit?action=sign-in#top')).toBe('/admin/audit?action=sign-in#top');
    expect(safeNextPath('/wall/trust/RX4')).toBe('/wall/trust/RX4');
  });

  it.each([
    ['missing', null],
    ['empty', ''],
    ['another site', 'https://evil.example/admin'],
    ['protocol-relative', '//evil.example/admin'],
    ['backslash trick', '/\\evil.example'],
    ['tab trick', '/\t/evil.example'],
    ['javascript', 'javascript:alert(1)'],
    ['relative', 'admin'],
    ['sign-in loop', '/sign-in?next=/admin'],
    ['one-time sign-in', '/sign-in/once'],
  ])('goes home instead of %s', (_what, next) => {
    expect(safeNextPath(next)).toBe('/');
  });

  it('uses the fallback given', () => {
    expect(safeNextPath('//evil.example', '/admin')).toBe('/admin');
  });
});

describe('signInQuery', () => {
  it('carries the current page as next, except home', () => {
    expect(signInQuery('/admin/people')).toBe('?next=%2Fadmin%2Fpeople');
    expect(signInQuery('/')).toBe('');
    expect(signInQuery('/sign-in')).toBe('');
  });
});
