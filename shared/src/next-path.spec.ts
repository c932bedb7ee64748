import { describe, expect, it } from 'vitest';
import { safeNextPath } from './next-path.js';

describe('safeNextPath', () => {
  it('follows paths on this site, with their query and fragment, normalised', () => {
    expect(safeNextPath('/')).toBe('/');
    expect(safeNextPath('/admin/audit?action=sign-in#top')).toBe('/admin/audit?action=sign-in#top');
    expect(safeNextPath('/wall/trust/RX4?view=tiles#top')).toBe('/wall/trust/RX4?view=tiles#top');
    expect(safeNextPath('/admin/../wall')).toBe('/wall');
    expect(safeNextPath('/./wall/./trust/RX4')).toBe('/wall/trust/RX4');
  });

  it.each([
    ['missing', undefined],
    ['null', null],
    ['not text', ['/a', '/b']],
    ['empty', ''],
    ['too long', `/${'a'.repeat(2000)}`],
    ['another site', 'https://evil.example/admin'],
    ['protocol-relative', '//evil.example/admin'],
    // Each of these normalises to `//evil.example…`: the check must be of the result (#16 item 8).
    ['dot segment before a double slash', '/.//evil.example'],
    ['dot-dot segment before a double slash', '/a/..//evil.example/x'],
    ['several dot segments', '/././/evil.example'],
    ['backslash trick', '/\\evil.example'],
    ['tab trick', '/\t/evil.example'],
    ['newline', '/admin\n'],
    ['header injection', '/x\r\nSet-Cookie: a=b'],
    ['two backslashes', '\\\\evil.example'],
    ['javascript', 'javascript:alert(1)'],
    ['relative', 'admin'],
    ['sign-in loop', '/sign-in?next=/admin'],
    ['one-time sign-in', '/sign-in/once'],
  ])('goes home instead of %s', (_what, next) => {
    expect(safeNextPath(next)).toBe('/');
  });

  it('uses the fallback given', () => {
    expect(safeNextPath('//evil.example', '/admin')).toBe('/admin');
    expect(safeNextPath('/.//evil.example', '')).toBe('');
  });
});
