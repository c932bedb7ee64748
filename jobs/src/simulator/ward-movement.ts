/**
 * How a simulated ward moves between observations: admissions, discharges, leave out and back,
 * changes in pending admissions and clinically-ready-for-discharge, occasional bed closures.
 * Tuned so occupancy including leave hovers in the 90–105% band mental health trusts report.
 * Pure: the same random sequence gives the same movement, so tests can hold it to the rules.
 */
import type { BedCounts, ClosedReason } from '@wardpulse/shared';
import { openBeds } from '@wardpulse/shared';
import { pick, randomInt, type Random } from '../demo/random.js';

export interface SimulatedWardState extends BedCounts {
  closedReason: ClosedReason | null;
}

/** Occupancy including leave the simulation steers towards. */
const TARGET_OCCUPANCY = 0.98;

export function initialWardState(commissioned: number, random: Random): SimulatedWardState {
  // Never close more beds than a small ward has.
  const closed = Math.min(commissioned, random() < 0.1 ? randomInt(random, 1, 2) : 0);
  const open = commissioned - closed;
  const occupied = Math.max(0, Math.min(open, Math.round(open * (0.88 + random() * 0.1))));
  const onLeave = Math.round(open * (0.03 + random() * 0.06));
  return {
    commissioned,
    closed,
    closedReason: closed > 0 ? 'staffing' : null,
    occupied,
    onLeave,
    pendingAdmissions: randomInt(random, 0, 3),
    clinicallyReadyForDischarge: Math.min(occupied + onLeave, randomInt(random, 0, 2)),
  };
}

export function nextWardState(current: SimulatedWardState, random: Random): SimulatedWardState {
  const ward = { ...current };
  const open = () => openBeds(ward);
  const occupancy = () => (open() === 0 ? 1 : (ward.occupied + ward.onLeave) / open());
  const moves = randomInt(random, 1, 2);
  for (let move = 0; move < moves; move++) {
    const roll = random();
    const pressure = occupancy() - TARGET_OCCUPANCY; // > 0: too full, favour discharges
    if (roll < 0.3 - pressure) {
      // Admission, usually one that was pending.
      if (ward.occupied < open()) {
        ward.occupied++;
        ward.pendingAdmissions = Math.max(0, ward.pendingAdmissions - 1);
      } else {
        ward.pendingAdmissions = Math.min(6, ward.pendingAdmissions + 1);
      }
    } else if (roll < 0.6) {
      // Discharge, often of someone clinically ready.
      if (ward.occupied > 0) {
        ward.occupied--;
        if (ward.clinicallyReadyForDischarge > 0 && random() < 0.6) ward.clinicallyReadyForDischarge--;
      }
    } else if (roll < 0.72) {
      // Leave out (home leave or section 17 leave): the bed is held.
      if (ward.occupied > 0 && ward.onLeave < Math.ceil(ward.commissioned * 0.15)) {
        ward.occupied--;
        ward.onLeave++;
      }
    } else if (roll < 0.84) {
      // Return from leave, if the held bed was not reused.
      if (ward.onLeave > 0 && ward.occupied < open()) {
        ward.onLeave--;
        ward.occupied++;
      }
    } else if (roll < 0.92) {
      ward.pendingAdmissions = Math.max(0, Math.min(6, ward.pendingAdmissions + (random() < 0.5 ? -1 : 1)));
    } else if (roll < 0.985) {
      ward.clinicallyReadyForDischarge += random() < 0.5 ? -1 : 1;
    } else if (ward.closed === 0) {
      // A bed closes (staffing, estates, infection control) if an empty one exists.
      if (ward.occupied < open()) {
        ward.closed = 1;
        ward.closedReason = pick(random, ['staffing', 'estates', 'infection-control'] as const);
      }
    } else {
      ward.closed--;
      if (ward.closed === 0) ward.closedReason = null;
    }
  }
  ward.clinicallyReadyForDischarge = Math.max(0, Math.min(ward.clinicallyReadyForDischarge, ward.occupied + ward.onLeave, 5));
  return ward;
}
