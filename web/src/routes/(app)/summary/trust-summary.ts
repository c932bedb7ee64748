/**
 * What the phone summary of a trust says beyond the figures themselves: how current they are (wards
 * reporting, not reporting, stale, the latest report, whether our own last check is overdue) and the open alerts in
 * counts. Pure functions of the live snapshot (`GET /api/v1/live`). The figures are the API's
 * `summary`, which is shared `summariseLive` — the one definition of every formula — so nothing here
 * computes occupancy, vacancy or OAPs.
 */
import {
  ALERT_SEVERITIES,
  isReporting,
  isStale,
  type AlertSeverity,
  type AlertSummary,
  type FreshnessLimits,
  type WardLive,
} from '@wardpulse/shared';

export interface SummaryFreshness {
  wards: number;
  /** Wards whose latest report is within their not-reporting limit (shared isReporting): the ones the figures count. */
  reporting: number;
  /** The names of the others (never reported, or silent past the limit), in ward order. */
  notReporting: string[];
  /** Reporting wards whose latest observation is stale by the wall's rule (isStale): counted, but quiet. */
  stale: number;
  /** The newest observation among the wards (ISO 8601), or null when none has reported. */
  latestReportAt: string | null;
}

export function summaryFreshness(wards: readonly WardLive[], now: number, limits: FreshnessLimits): SummaryFreshness {
  let reporting = 0;
  let stale = 0;
  const notReporting: string[] = [];
  let latest = Number.NEGATIVE_INFINITY;
  let latestReportAt: string | null = null;
  for (const { ward, state } of wards) {
    if (state === null || !isReporting(state, ward.type, now, limits)) {
      notReporting.push(ward.name);
      continue;
    }
    reporting++;
    // The wall's rule, so a ward stale on the wall is stale here (an undatable one counts as stale).
    if (isStale(state.observedAt, now)) stale++;
    const observed = Date.parse(state.observedAt);
    if (!Number.isNaN(observed) && observed > latest) {
      latest = observed;
      latestReportAt = state.observedAt;
    }
  }
  return { wards: wards.length, reporting, notReporting, stale, latestReportAt };
}

/**
 * "All 6 wards reporting", "4 of 6 wards reporting (not reporting: Ash Ward, Elm Ward); 1 stale (quiet
 * for longer than its feed should be)".
 */
export function freshnessText(freshness: SummaryFreshness): string {
  const { wards, reporting, notReporting, stale } = freshness;
  const noun = wards === 1 ? 'ward' : 'wards';
  const base =
    reporting === wards
      ? `All ${wards} ${noun} reporting`
      : `${reporting} of ${wards} ${noun} reporting (not reporting: ${notReporting.join(', ')})`;
  return stale === 0 ? base : `${base}; ${stale} stale (quiet for longer than its feed should be)`;
}

export type AlertCounts = Record<AlertSeverity, number> & { open: number; unacknowledged: number };

/** Open alerts (firing or recovering) by severity, and how many nobody has acknowledged. */
export function openAlertCounts(alerts: readonly Pick<AlertSummary, 'status' | 'severity' | 'acknowledgement'>[]): AlertCounts {
  const counts: AlertCounts = { open: 0, unacknowledged: 0, critical: 0, warning: 0, info: 0 };
  for (const alert of alerts) {
    if (alert.status === 'resolved') continue;
    counts.open++;
    counts[alert.severity]++;
    if (!alert.acknowledgement) counts.unacknowledged++;
  }
  return counts;
}

/** "No open alerts", "3 open alerts: 1 critical, 2 warning; 2 not acknowledged". */
export function openAlertsText(counts: AlertCounts): string {
  if (counts.open === 0) return 'No open alerts';
  const bySeverity = [...ALERT_SEVERITIES]
    .reverse()
    .filter((severity) => counts[severity] > 0)
    .map((severity) => `${counts[severity]} ${severity}`)
    .join(', ');
  const head = `${counts.open} open ${counts.open === 1 ? 'alert' : 'alerts'}: ${bySeverity}`;
  return counts.unacknowledged === 0 ? `${head}; all acknowledged` : `${head}; ${counts.unacknowledged} not acknowledged`;
}

/**
 * True when the figures on screen are older than two refresh intervals: the page then says plainly
 * that they are not current, rather than showing them as if live.
 */
export function checkOverdue(checkedAt: number | null, now: number, intervalMs: number): boolean {
  return checkedAt === null || now - checkedAt > 2 * intervalMs;
}
