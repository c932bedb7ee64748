/**
 * The not-reporting timer. A ward passes its limit (shared/src/freshness.ts) without any fact
 * arriving, so nothing on the ingest path would notice: this runs on a schedule in the jobs role,
 * finds wards whose latest report has passed its limit since the last run, and for each one
 * - appends one `wardNotReporting` change to the stream (boards and other readers drop the ward from
 *   their totals at once, and its stream position lets a re-assessment replace the stored level);
 * - hands its trust back to be re-assessed (escalation level, then alert rules), so a days-old PICU
 *   vacancy stops holding "no vacant PICU bed" off.
 *
 * Announced once per report: a hash of ward id → the report announced, written by compare-and-set,
 * so several workers or overlapping runs send one change. A newer report replaces the ward's state
 * (and brings it back into the totals by its own change); when that one in turn passes the limit,
 * it is announced in its turn.
 */
import { notReportingFrom, type FreshnessLimits, type LiveChange, type OrgIndex } from '@wardpulse/shared';
import type { LiveStateRepository } from './live-state-repository.js';

/** What the hash keeps per ward: the report announced as past its limit. */
interface Announced {
  eventId: string;
  observedAt: string;
  since: string;
}

export interface FreshnessWatchDeps {
  live: LiveStateRepository;
  org: () => OrgIndex;
  freshness: () => FreshnessLimits;
}

export interface FreshnessRun {
  /** Wards announced as not reporting by this run. */
  wardIds: string[];
  /** Their trusts, once each: what to re-assess. */
  trustOds: string[];
}

export class FreshnessWatch {
  constructor(private readonly deps: FreshnessWatchDeps) {}

  async run(now = Date.now()): Promise<FreshnessRun> {
    const org = this.deps.org();
    const limits = this.deps.freshness();
    const wards = org.directory.wards;
    const states = await this.deps.live.readWardStates(wards.map((ward) => ward.id));
    const announced = await this.deps.live.readNotReporting();
    const wardIds: string[] = [];
    const trustOds = new Set<string>();
    for (const ward of wards) {
      const state = states.get(ward.id);
      if (!state) continue; // never reported: not reporting from the start, nothing crossed
      const from = notReportingFrom(state, ward.type, limits);
      // An undatable report never counted (from === null); a dated one crosses once `now` passes it.
      if (from !== null && now <= from) continue;
      if (announced.get(ward.id) === state.eventId) continue;
      const record: Announced = {
        eventId: state.eventId,
        observedAt: state.observedAt,
        since: new Date(from ?? now).toISOString(),
      };
      const change: LiveChange = { kind: 'wardNotReporting', wardId: ward.id, ...record };
      const result = await this.deps.live.applyRecord<Announced>(
        this.deps.live.liveKeys.notReporting,
        ward.id,
        (current) => (current?.eventId === record.eventId ? null : record),
        { route: `ward:${ward.id}`, change: () => change },
      );
      if (result.outcome !== 'applied') continue; // another worker announced it first
      wardIds.push(ward.id);
      trustOds.add(ward.trustOds);
    }
    return { wardIds, trustOds: [...trustOds] };
  }
}
