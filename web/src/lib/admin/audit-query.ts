/** The audit page's filters, as they sit in the page's address (shareable) and as the API's query. */
import { dayBoundary } from './admin-text.js';

export const AUDIT_PAGE_SIZES = [50, 100, 200, 500] as const;
export const AUDIT_MAX_LIMIT = 1000;

export interface AuditFilters {
  action: string;
  actor: string;
  /** YYYY-MM-DD, inclusive. */
  from: string;
  /** YYYY-MM-DD, inclusive. */
  to: string;
  limit: number;
}

export const DEFAULT_AUDIT_FILTERS: AuditFilters = { action: '', actor: '', from: '', to: '', limit: 50 };

export function filtersFromSearch(search: URLSearchParams): AuditFilters {
  const limit = Number(search.get('limit'));
  return {
    action: search.get('action') ?? '',
    actor: search.get('actor') ?? '',
    from: search.get('from') ?? '',
    to: search.get('to') ?? '',
    limit: Number.isInteger(limit) && limit >= 1 && limit <= AUDIT_MAX_LIMIT ? limit : DEFAULT_AUDIT_FILTERS.limit,
  };
}

/** The page address's query for these filters (defaults left out). */
export function searchFromFilters(filters: AuditFilters): URLSearchParams {
  const search = new URLSearchParams();
  if (filters.action) search.set('action', filters.action);
  if (filters.actor.trim()) search.set('actor', filters.actor.trim());
  if (filters.from) search.set('from', filters.from);
  if (filters.to) search.set('to', filters.to);
  if (filters.limit !== DEFAULT_AUDIT_FILTERS.limit) search.set('limit', String(filters.limit));
  return search;
}

/** The API's query: dates become instants (`to` through the end of its day). */
export function apiQueryFromFilters(filters: AuditFilters): Record<string, string | number | null> {
  return {
    action: filters.action || null,
    actor: filters.actor.trim() || null,
    from: filters.from ? dayBoundary(filters.from) : null,
    to: filters.to ? dayBoundary(filters.to, true) : null,
    limit: filters.limit,
  };
}

/** The next "show more" limit, or null when the server's maximum is reached. */
export function nextLimit(limit: number, pageSize: number): number | null {
  return limit >= AUDIT_MAX_LIMIT ? null : Math.min(limit + pageSize, AUDIT_MAX_LIMIT);
}
