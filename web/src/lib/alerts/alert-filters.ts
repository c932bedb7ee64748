/**
 * The alerts page's filters (status, scope, severity), as they sit in the page's address — so a
 * filtered view can be shared or bookmarked — and as the API's query (`GET /api/v1/alerts`).
 * Anything in the address that the API would refuse is dropped back to its default.
 */
import {
  ALERT_SEVERITIES,
  ALERT_STATUSES,
  alertsWorstFirst,
  parseScope,
  type AlertSeverity,
  type AlertSummary,
} from '@wardpulse/shared';
import { queryString } from '../api/api-client.js';

export const ALERT_STATUS_FILTERS = ['open', ...ALERT_STATUSES, 'all'] as const;
export type AlertStatusFilter = (typeof ALERT_STATUS_FILTERS)[number];

export const ALERT_STATUS_FILTER_LABELS: Record<AlertStatusFilter, string> = {
  open: 'Open (firing or recovering)',
  firing: 'Firing',
  recovering: 'Recovering',
  resolved: 'Resolved',
  all: 'All',
};

export interface AlertFilters {
  status: AlertStatusFilter;
  /** `trust:RX4`, `collaborative:nenc`, or '' for every scope this person may read. */
  scope: string;
  severity: AlertSeverity | '';
}

export const DEFAULT_ALERT_FILTERS: AlertFilters = { status: 'open', scope: '', severity: '' };

/** How many alerts a page asks for: recent enough to act on, bounded for the poll. */
export const ALERT_LIST_LIMIT = 200;

export const ALERTS_API = '/api/v1/alerts';

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return values.find((candidate) => candidate === value);
}

export function alertFiltersFromSearch(search: URLSearchParams): AlertFilters {
  const scope = search.get('scope') ?? '';
  return {
    status: oneOf(ALERT_STATUS_FILTERS, search.get('status')) ?? DEFAULT_ALERT_FILTERS.status,
    scope: scope !== '' && parseScope(scope).ok ? scope : '',
    severity: oneOf(ALERT_SEVERITIES, search.get('severity')) ?? '',
  };
}

/** The page address's query for these filters, defaults left out ('' when all are defaults). */
export function searchFromAlertFilters(filters: AlertFilters): string {
  return queryString({
    status: filters.status === DEFAULT_ALERT_FILTERS.status ? null : filters.status,
    scope: filters.scope,
    severity: filters.severity,
  });
}

/** `GET /api/v1/alerts?…` for these filters. */
export function alertsApiPath(filters: AlertFilters, limit = ALERT_LIST_LIMIT): string {
  return `${ALERTS_API}${queryString({ status: filters.status, scope: filters.scope, severity: filters.severity, limit })}`;
}

/** The path of one alert, or of an action on it (`acknowledge`, `resolve`, `silence`, `unsilence`). */
export function alertApiPath(id: string, action?: 'acknowledge' | 'resolve' | 'silence' | 'unsilence'): string {
  return `${ALERTS_API}/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;
}

/** The order of the list: open alerts most severe first (newest first within a severity), then resolved ones, latest first. */
export function orderAlerts<T extends Pick<AlertSummary, 'status' | 'severity' | 'firedAt' | 'resolvedAt'>>(
  alerts: readonly T[],
): T[] {
  const open = alertsWorstFirst(alerts.filter((alert) => alert.status !== 'resolved'));
  const resolved = alerts
    .filter((alert) => alert.status === 'resolved')
    .sort((a, b) => (b.resolvedAt ?? b.firedAt).localeCompare(a.resolvedAt ?? a.firedAt));
  return [...open, ...resolved];
}
