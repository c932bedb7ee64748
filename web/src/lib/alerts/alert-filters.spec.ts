import { describe, expect, it } from 'vitest';
import { testAlert } from './alert-fixtures.js';
import {
  alertApiPath,
  alertFiltersFromSearch,
  alertsApiPath,
  DEFAULT_ALERT_FILTERS,
  orderAlerts,
  searchFromAlertFilters,
} from './alert-filters.js';

describe('alert filters in the address', () => {
  it('reads the filters, and leaves unknown values at their defaults', () => {
    expect(alertFiltersFromSearch(new URLSearchParams('status=resolved&scope=trust:RX4&severity=critical'))).toEqual({
      status: 'resolved',
      scope: 'trust:RX4',
      severity: 'critical',
    });
    expect(alertFiltersFromSearch(new URLSearchParams('status=loud&scope=planet:earth&severity=meh'))).toEqual(
      DEFAULT_ALERT_FILTERS,
    );
    expect(alertFiltersFromSearch(new URLSearchParams(''))).toEqual(DEFAULT_ALERT_FILTERS);
  });

  it('round-trips through the address, leaving defaults out', () => {
    expect(searchFromAlertFilters(DEFAULT_ALERT_FILTERS)).toBe('');
    const filters = { status: 'all', scope: 'collaborative:nenc', severity: 'warning' } as const;
    const search = searchFromAlertFilters(filters);
    expect(search).toBe('?status=all&scope=collaborative%3Anenc&severity=warning');
    expect(alertFiltersFromSearch(new URLSearchParams(search.slice(1)))).toEqual(filters);
  });
});

describe('alert API paths', () => {
  it('always sends the status and limit, and the scope and severity when chosen', () => {
    expect(alertsApiPath(DEFAULT_ALERT_FILTERS)).toBe('/api/v1/alerts?status=open&limit=200');
    expect(alertsApiPath({ status: 'firing', scope: 'trust:RX4', severity: 'info' }, 50)).toBe(
      '/api/v1/alerts?status=firing&scope=trust%3ARX4&severity=info&limit=50',
    );
  });

  it('encodes the alert id', () => {
    expect(alertApiPath('a/b')).toBe('/api/v1/alerts/a%2Fb');
    expect(alertApiPath('a1', 'acknowledge')).toBe('/api/v1/alerts/a1/acknowledge');
  });
});

describe('orderAlerts', () => {
  it('lists open alerts worst first, then resolved ones latest first', () => {
    const alerts = [
      testAlert({ id: 'resolved-early', status: 'resolved', resolvedAt: '2026-03-05T10:00:00Z' }),
      testAlert({ id: 'warning', severity: 'warning' }),
      testAlert({ id: 'resolved-late', status: 'resolved', resolvedAt: '2026-03-05T12:00:00Z' }),
      testAlert({ id: 'critical-old', severity: 'critical', firedAt: '2026-03-05T09:00:00Z' }),
      testAlert({ id: 'critical-new', severity: 'critical', status: 'recovering', firedAt: '2026-03-05T11:00:00Z' }),
    ];
    expect(orderAlerts(alerts).map((alert) => alert.id)).toEqual([
      'critical-new',
      'critical-old',
      'warning',
      'resolved-late',
      'resolved-early',
    ]);
  });
});
