/**
 * Assembling a trust's sitrep return from what WardPulse holds live at the moment it falls due:
 * the wards' latest bed states, the trust's out-of-area placements, its trust-level figures
 * (referrals waiting, completed discharges, patients from other trusts, Section 136 breaches) and
 * its Section 136 suites. Pure: the caller reads the inputs at one instant and stores the result.
 *
 * Completed discharges: the trust's own count when it reports its trust figures (it knows discharges
 * WardPulse may not, e.g. from wards that send no stays); otherwise, when any of its wards sends
 * stays, the discharges those stays record since the previous return (stayDischarges).
 *
 * A figure WardPulse does not know is left blank (null) with the reason, never guessed: the form's
 * own rule (sitrepViolations, no blanks) then asks the duty bed manager for it. Every field says
 * where its value came from, so the reviewer knows what to check.
 */
import { vacantBeds } from './bed-occupancy.js';
import type { ClosedReason } from './bed-state.js';
import { assessScopeEscalation, type EscalationRule } from './escalation.js';
import { isReporting, type FreshnessLimits } from './freshness.js';
import type { WardLive } from './live.js';
import { placementFigures, type PlacementRecord } from './placements.js';
import {
  REFERRAL_FIELDS,
  REFERRAL_SETTINGS,
  SITREP_FIELDS,
  SITREP_WARD_TYPES,
  type ReferralSetting,
  type SitrepField,
  type SitrepFigures,
  type SitrepKind,
} from './sitrep.js';

/** The trust-level figures a return takes, as the latest report of them says. */
export interface SitrepTrustFigures {
  referralsWaiting: Record<ReferralSetting, number>;
  /** Completed discharges since the last return. */
  completedDischarges: number;
  /** Patients from other trusts in this trust's beds. */
  patientsFromOutside: number;
  /** Section 136 detentions since the last return that passed their legal limit, wherever held. */
  section136Breaches: number;
  /** Source time of the report (ISO 8601). */
  observedAt: string;
  /** Start of the window discharges and breaches count over (the last return's time). */
  countingSince?: string;
}

/** A trust's Section 136 suites of the age group a return counts. */
export interface SitrepSuiteCounts {
  /** Commissioned suites. */
  coreBase: number;
  /** Commissioned suites available now. */
  empty: number;
  /** Occupied suites past the detention limit now (a check beside the reported breaches). */
  breachedNow?: number;
}

/** Discharges recorded by a trust's anonymous stays over a return's counting window. */
export interface SitrepStayDischarges {
  /** Stays of the trust's wards discharged in `[since, at)`. */
  discharges: number;
  /** The trust's wards that have sent any stay. */
  wardsWithStays: number;
  /** The previous return's due time (ISO 8601): the window's start. */
  since: string;
}

export interface SitrepAssemblyInput {
  kind: SitrepKind;
  /** The instant the return describes (its due time). */
  at: number;
  /** The trust's wards with their live states; the return counts those of its ward types. */
  wards: readonly WardLive[];
  /** The trust's out-of-area placements (live records). */
  placements: readonly PlacementRecord[];
  /** Null when the trust has not reported them. */
  trustFigures: SitrepTrustFigures | null;
  /** Null (or absent) when none of the trust's wards sends stays. */
  stayDischarges?: SitrepStayDischarges | null;
  /** Null when WardPulse holds no suites for the trust and age group. */
  suites: SitrepSuiteCounts | null;
  escalationRule: EscalationRule;
  /** The not-reporting limits: a ward silent past its limit at `at` is counted as not reporting. */
  freshness: FreshnessLimits;
}

export interface AssembledSitrep {
  figures: SitrepFigures;
  /** Where each figure came from, or why it is blank. */
  sources: Record<SitrepField, string>;
  /** Ward ids the return counts, and those among them not reporting (no bed state, or one past its limit). */
  wards: string[];
  wardsNotReporting: string[];
}

/** The ward closure reason each "closed" field counts; a closure without a reason is "other". */
const CLOSED_FIELDS: Record<ClosedReason, SitrepField> = {
  'infection-control': 'closedInfectionControl',
  staffing: 'closedStaffing',
  estates: 'closedEstates',
  other: 'closedOther',
};

/** Whether a trust has any ward a return of this kind counts (no wards, no return). */
export function hasSitrepWards(kind: SitrepKind, wards: readonly Pick<WardLive['ward'], 'type'>[]): boolean {
  return wards.some((ward) => SITREP_WARD_TYPES[kind].includes(ward.type));
}

export function assembleSitrep(input: SitrepAssemblyInput): AssembledSitrep {
  const wards = input.wards.filter((ward) => SITREP_WARD_TYPES[input.kind].includes(ward.ward.type));
  const counts = (ward: WardLive): ward is WardLive & { state: NonNullable<WardLive['state']> } =>
    isReporting(ward.state, ward.ward.type, input.at, input.freshness);
  const reporting = wards.filter(counts);
  const notReporting = wards.filter((ward) => !counts(ward)).map((ward) => ward.ward.id);
  const figures = Object.fromEntries(SITREP_FIELDS.map((field) => [field, null])) as SitrepFigures;
  const sources = {} as Record<SitrepField, string>;
  const set = (field: SitrepField, value: number | null, source: string) => {
    figures[field] = value;
    sources[field] = source;
  };

  // Bed figures: the sums of the wards' latest bed states (KH03 sums beds across wards).
  const wardsText = `${reporting.length} of ${wards.length} ${wards.length === 1 ? 'ward' : 'wards'} reporting`;
  const partly = notReporting.length > 0 ? `; not reporting: ${notReporting.join(', ')} (check and add them)` : '';
  const fromWards = (what: string) => `${what}, summed over the latest bed states of ${wardsText}${partly}`;
  const noWardReport = 'not known: no ward of this return is reporting a bed state; enter it';

  // The core bed base is known for every ward: its latest report's commissioned beds, else (no report
  // in time) the organisation's.
  set(
    'coreBeds',
    wards.reduce((sum, ward) => sum + (counts(ward) ? ward.state.commissioned : ward.ward.commissionedBeds), 0),
    notReporting.length > 0
      ? `commissioned beds of ${wards.length} ${wards.length === 1 ? 'ward' : 'wards'}: latest bed states where reported, the organisation's numbers for ${notReporting.join(', ')}`
      : fromWards('commissioned beds'),
  );
  if (reporting.length === 0) {
    for (const field of ['emptyBeds', ...Object.values(CLOSED_FIELDS), 'fitForDischarge'] as const)
      set(field, null, noWardReport);
  } else {
    set(
      'emptyBeds',
      reporting.reduce((sum, ward) => sum + vacantBeds(ward.state), 0),
      fromWards('vacant beds (open − occupied − held for leave)'),
    );
    const closed: Record<ClosedReason, number> = { 'infection-control': 0, staffing: 0, estates: 0, other: 0 };
    for (const ward of reporting) closed[ward.state.closedReason ?? 'other'] += ward.state.closed;
    for (const [reason, field] of Object.entries(CLOSED_FIELDS) as [ClosedReason, SitrepField][]) {
      set(
        field,
        closed[reason],
        fromWards(reason === 'other' ? 'beds closed for another or no stated reason' : `beds closed for ${reason}`),
      );
    }
    set(
      'fitForDischarge',
      reporting.reduce((sum, ward) => sum + ward.state.clinicallyReadyForDischarge, 0),
      fromWards('patients clinically ready for discharge'),
    );
  }

  // Trust-level figures are reported for the whole trust, not split by age: the adult return
  // carries them; the CAMHS return asks for its share rather than counting them twice.
  const trustFigures = input.kind === 'adult' ? input.trustFigures : null;
  const counted = input.trustFigures?.countingSince ? `, counted since ${input.trustFigures.countingSince}` : '';
  const trustSource = (what: string) => `${what} from the trust figures reported at ${input.trustFigures?.observedAt}`;
  const trustBlank =
    input.kind === 'camhs'
      ? 'not known: the trust reports this for the whole trust, not by age; enter the CAMHS figure'
      : 'not known: the trust has not reported its trust-level figures; enter it';
  for (const setting of REFERRAL_SETTINGS) {
    const field = REFERRAL_FIELDS[setting];
    if (trustFigures) set(field, trustFigures.referralsWaiting[setting], trustSource('admission referrals waiting'));
    else set(field, null, trustBlank);
  }
  if (trustFigures) {
    const suitesNow =
      input.suites?.breachedNow === undefined
        ? ''
        : `; ${input.suites.breachedNow} of the trust's suites ${input.suites.breachedNow === 1 ? 'is' : 'are'} past the detention limit now`;
    set('completedDischarges', trustFigures.completedDischarges, trustSource('completed discharges') + counted);
    set('patientsFromOutside', trustFigures.patientsFromOutside, trustSource('patients from other trusts'));
    set('section136Breaches', trustFigures.section136Breaches, trustSource('Section 136 breaches') + counted + suitesNow);
  } else {
    for (const field of ['completedDischarges', 'patientsFromOutside', 'section136Breaches'] as const)
      set(field, null, trustBlank);
    const stays = input.kind === 'adult' ? input.stayDischarges : null;
    if (stays && stays.wardsWithStays > 0)
      set(
        'completedDischarges',
        stays.discharges,
        `discharges recorded by the stays of the ${stays.wardsWithStays} ${stays.wardsWithStays === 1 ? 'ward' : 'wards'} sending stays, since the previous return at ${stays.since} (wards sending no stays are not counted: check)`,
      );
  }

  if (input.suites) {
    const age = input.kind === 'adult' ? 'adult' : 'children and young people’s';
    set('section136CoreSuites', input.suites.coreBase, `commissioned ${age} Section 136 suites`);
    set('section136EmptySuites', input.suites.empty, `commissioned ${age} Section 136 suites available now`);
  } else {
    const blank = 'not known: WardPulse holds no Section 136 suites of this age group for the trust; enter it (0 if none)';
    set('section136CoreSuites', null, blank);
    set('section136EmptySuites', null, blank);
  }

  // Out-of-area placements are of adult acute, older adult and PICU beds (the national OAP scope).
  const placements = input.kind === 'adult' ? placementFigures(input.placements, input.at) : null;
  if (placements) set('ownPatientsPlacedOutside', placements.active, 'out-of-area placements active at the due time');
  else set('ownPatientsPlacedOutside', null, 'not known: WardPulse receives adult out-of-area placements only; enter it');

  const level = assessScopeEscalation(wards, placements, input.at, input.freshness, input.escalationRule).level;
  set(
    'opelLevel',
    level,
    level === null
      ? 'not known: too few wards have reported for the escalation rule to give a level; enter it'
      : 'the level the escalation rule gives for these wards and placements',
  );

  return { figures, sources, wards: wards.map((ward) => ward.ward.id), wardsNotReporting: notReporting };
}
