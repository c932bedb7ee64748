import { describe, expect, it } from 'vitest';
import { dayBoundary } from './admin-text.js';
import { apiQueryFromFilters, filtersFromSearch, nextLimit, searchFromFilters } from './audit-query.js';

describe('audit filters', () => {
  it('round-trip through the page address, defaults left out', () => {
    const filters = { action: 'sign-in', actor: 'system', from: '2026-03-01', to: '2026-03-02', limit: 100 };
    expect(filtersFromSearch(searchFromFilters(filters))).toEqual(filters);
    expect(searchFromFilters({ action: '', actor: ' ', from: '', to: '', limit: 50 }).toString()).toBe('');
  });

  it('ignores a limit the server would refuse', () => {
    expect(filtersFromSearch(new URLSearchParams('limit=5000')).limit).toBe(50);
    expect(filtersFromSearch(new URLSearchParams('limit=abc')).limit).toBe(50);
  });

  it('asks the API for whole days, `to` included', () => {
    const query = apiQueryFromFilters({ action: '', actor: '', from: '2026-03-01', to: '2026-03-01', limit: 50 });
    expect(query.action).toBeNull();
    expect(new Date(query.to as string).getTime() - new Date(query.from as string).getTime()).toBe(24 * 3600 * 1000);
  });

  it('grows the page up to the server’s maximum', () => {
    expect(nextLimit(50, 50)).toBe(100);
    expect(nextLimit(900, 500)).toBe(1000);
    expect(nextLimit(1000, 50)).toBeNull();
  });
});

describe('dayBoundary', () => {
  it('refuses impossible dates', () => {
    expect(dayBoundary('2026-02-31')).toBeNull();
    expect(dayBoundary('yesterday')).toBeNull();
    expect(dayBoundary('2026-02-28', true)).toBe(new Date(2026, 2, 1).toISOString());
  });
});
