/**
 * The built-in simulator: a BullMQ job scheduler that, every tick, moves a share of the demo
 * wards and sends their new states through the same ingest path as any source. A fresh install
 * thus shows a living collaborative at once.
 */
import { randomUUID } from 'node:crypto';
import type { BedStateObservation, OrgIndex } from '@wardpulse/shared';
import type { BedStateIngest } from '../ingest/bed-state-ingest.js';
import type { LiveStateRepository } from '../live/live-state-repository.js';
import { seededRandom, type Random } from '../demo/random.js';
import { initialWardState, nextWardState, type SimulatedWardState } from './ward-movement.js';

export const SIMULATOR_SCHEDULER_ID = 'demo-simulator';

export interface SimulatorDeps {
  live: LiveStateRepository;
  ingest: BedStateIngest;
  org: () => OrgIndex;
  /** Share of wards that change on each tick. */
  share?: number;
  random?: Random;
  now?: () => number;
}

export class Simulator {
  private readonly random: Random;

  constructor(private readonly deps: SimulatorDeps) {
    this.random = deps.random ?? seededRandom(Date.now());
  }

  /** One tick: wards with no state get one; a share of the others move. Returns events sent. */
  async tick(): Promise<number> {
    const wards = this.deps.org().directory.wards;
    const states = await this.deps.live.readWardStates(wards.map((ward) => ward.id));
    const observedAt = new Date((this.deps.now ?? Date.now)()).toISOString();
    const observations: BedStateObservation[] = [];
    for (const ward of wards) {
      const current = states.get(ward.id);
      let next: SimulatedWardState;
      if (!current) next = initialWardState(ward.commissionedBeds, this.random);
      else if (this.random() < (this.deps.share ?? 0.12)) next = nextWardState(current, this.random);
      else continue;
      observations.push({
        eventId: `sim-${randomUUID()}`,
        wardId: ward.id,
        observedAt,
        commissioned: next.commissioned,
        closed: next.closed,
        ...(next.closedReason ? { closedReason: next.closedReason } : {}),
        occupied: next.occupied,
        onLeave: next.onLeave,
        pendingAdmissions: next.pendingAdmissions,
        clinicallyReadyForDischarge: next.clinicallyReadyForDischarge,
      });
    }
    if (observations.length === 0) return 0;
    const result = await this.deps.ingest.accept(observations, 'simulator', (index) => ['simulator', index]);
    if (!result.ok) throw new Error(`simulator produced an impossible state: ${JSON.stringify(result.details)}`);
    return observations.length;
  }
}
