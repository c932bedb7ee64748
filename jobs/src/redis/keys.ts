/**
 * Redis key names, built in one place. Every key carries the same hash tag (`{prefix}`) so the
 * scripts that touch a ward's state and the change stream together stay on one Redis Cluster
 * slot. Tests give each run its own prefix, so runs never see each other's data.
 */
export interface LiveKeys {
  prefix: string;
  ward(wardId: string): string;
  /** A trust's out-of-area placements: hash of placement id → record. */
  placements(trustOds: string): string;
  /** A trust's waiting lists: hash of service → latest snapshot. */
  waitingLists(trustOds: string): string;
  /** A trust's video consultation days: hash of `service|date` → latest report. */
  videoDays(trustOds: string): string;
  /** A trust's referral days: hash of `service|date` → latest report. */
  referralDays(trustOds: string): string;
  /** A trust's Section 136 suites: hash of suite id → latest state. */
  s136Suites(trustOds: string): string;
  /** A trust's alternatives to admission: hash of service id → latest capacity report. */
  crisisServices(trustOds: string): string;
  /** Trusts' own figures: hash of ODS code → latest report. */
  trustFigures: string;
  /** Wards' delayed discharges: hash of ward id → record (discharge-delays.ts). */
  dischargeDelays: string;
  /** Wards' stays as boards need them: hash of ward id → reading (shared/src/ward-stays.ts). */
  wardStays: string;
  /** Escalation levels: hash of scope → state. */
  escalation: string;
  /** Wards announced as not reporting: hash of ward id → the report that passed its limit (freshness-watch.ts). */
  notReporting: string;
  /** Alerts open now or resolved lately, as readers see them: hash of alert id → summary. */
  alerts: string;
  /** The Redis Stream of applied changes, read by every server replica. */
  changes: string;
  /** Random token naming this incarnation of the stream; changes when Redis loses its data. */
  epoch: string;
  /** BullMQ prefix for this deployment's queues. */
  bullPrefix: string;
}

export function liveKeys(prefix = 'wp'): LiveKeys {
  const tag = `{${prefix}}`;
  return {
    prefix,
    ward: (wardId) => `${tag}:ward:${wardId}`,
    placements: (trustOds) => `${tag}:trust:${trustOds}:placements`,
    waitingLists: (trustOds) => `${tag}:trust:${trustOds}:waiting-lists`,
    videoDays: (trustOds) => `${tag}:trust:${trustOds}:video-days`,
    referralDays: (trustOds) => `${tag}:trust:${trustOds}:referral-days`,
    s136Suites: (trustOds) => `${tag}:trust:${trustOds}:s136-suites`,
    crisisServices: (trustOds) => `${tag}:trust:${trustOds}:crisis-services`,
    trustFigures: `${tag}:trust-figures`,
    dischargeDelays: `${tag}:discharge-delays`,
    wardStays: `${tag}:ward-stays`,
    escalation: `${tag}:escalation`,
    notReporting: `${tag}:not-reporting`,
    alerts: `${tag}:alerts`,
    changes: `${tag}:changes`,
    epoch: `${tag}:epoch`,
    bullPrefix: `${prefix}:bull`,
  };
}
