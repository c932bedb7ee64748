/**
 * Simulated delayed discharges (#17 item 4): each ward's list follows its clinically-ready count.
 * When more patients are ready than the list names, new delays join (most begun today or in the last
 * few days); when fewer, delays leave (discharged). About one ready patient in eight on a ward has no
 * reason recorded yet, so boards show "reason not recorded" as real wards do. Reasons are weighted as
 * NHS England's mental health delayed discharge figures run: housing and supported accommodation,
 * care packages and care homes, and funding decisions dominate; legal and Ministry of Justice reasons
 * appear mostly on secure wards. A new list starts with realistic ages (a long tail: some delays run
 * for months).
 */
import type { DelayAttributionCode, DelayReasonCode, DischargeDelay, WardType } from '@wardpulse/shared';
import { addDays } from '@wardpulse/shared';
import { pickWeighted, type Random } from '../demo/random.js';

/** Reason weights (per 100 delays) for most wards. */
const REASON_WEIGHTS: readonly (readonly [DelayReasonCode, number])[] = [
  ['18', 20], // housing: supported accommodation
  ['09', 12], // care package
  ['04', 10], // funding decision
  ['07', 8], // care home without nursing
  ['05', 8], // further NHS community or mental health services
  ['15', 7], // housing: social rented
  ['08', 5], // care home with nursing
  ['19', 5], // housing: temporary accommodation
  ['14', 4], // housing: private rented
  ['11', 4], // patient or family choice
  ['01', 3], // care coordinator
  ['03', 3], // social worker
  ['32', 3], // bespoke housing or care
  ['34', 3], // no social care support
  ['25', 2], // Mental Health Act proceedings
  ['26', 1], // Court of Protection
  ['98', 2], // not known
];

/** Secure wards wait more on the Ministry of Justice, legal steps and bespoke placements. */
const SECURE_WEIGHTS: readonly (readonly [DelayReasonCode, number])[] = [
  ['24', 20],
  ['32', 15],
  ['18', 15],
  ['25', 10],
  ['04', 10],
  ['31', 8],
  ['05', 8],
  ['13', 6],
  ['12', 4],
  ['98', 4],
];

/** Whom a reason is usually attributable to (MHSDS 04 NHS, 05 social care, 06 both); none for housing and the rest. */
const ATTRIBUTION: Partial<Record<DelayReasonCode, DelayAttributionCode>> = {
  '01': '04',
  '02': '04',
  '05': '04',
  '35': '04',
  '36': '04',
  '03': '05',
  '07': '05',
  '09': '05',
  '34': '05',
  '37': '05',
  '04': '06',
  '08': '06',
  '12': '06',
  '13': '06',
};

function reasonFor(wardType: WardType, random: Random): DelayReasonCode {
  return pickWeighted(
    random,
    wardType === 'adult-secure-low' || wardType === 'adult-secure-medium' ? SECURE_WEIGHTS : REASON_WEIGHTS,
  );
}

/** Days an existing delay has run when a list is first seeded: mostly weeks, a tail of months. */
export function seededDelayAge(random: Random): number {
  return Math.min(400, Math.floor(-Math.log(1 - random()) * 24));
}

export function simulatedDelay(ref: string, wardType: WardType, delayedSince: string, random: Random): DischargeDelay {
  const reason = reasonFor(wardType, random);
  const attributableTo = ATTRIBUTION[reason];
  return { ref, reason, ...(attributableTo && random() < 0.85 ? { attributableTo } : {}), delayedSince };
}

/** How many of a ward's ready patients have a delay listed: all but about one in eight. */
export function listedOf(ready: number, random: Random): number {
  let listed = 0;
  for (let i = 0; i < ready; i++) if (random() >= 0.125) listed++;
  return listed;
}

/**
 * The ward's next list, or null when it stays as it is. `current` null: the ward has never reported a
 * list (it is seeded with aged delays). Leaving delays are the newest first half the time, else any:
 * long delays are the hard ones to end.
 */
export function nextDelayList(
  current: readonly DischargeDelay[] | null,
  ready: number,
  wardType: WardType,
  today: string,
  random: Random,
  newRef: () => string,
): DischargeDelay[] | null {
  if (current === null) {
    return Array.from({ length: listedOf(ready, random) }, () =>
      simulatedDelay(newRef(), wardType, addDays(today, -seededDelayAge(random)), random),
    );
  }
  if (current.length === ready || (current.length === ready - 1 && ready > 2)) return null;
  const list = [...current];
  while (list.length > ready) {
    const index = random() < 0.5 ? list.length - 1 : Math.floor(random() * list.length);
    list.splice(index, 1);
  }
  const target = current.length < ready ? Math.max(list.length, ready - (random() < 0.125 ? 1 : 0)) : list.length;
  while (list.length < target) list.push(simulatedDelay(newRef(), wardType, addDays(today, -Math.floor(random() * 4)), random));
  return list;
}
