/**
 * Where a ward's figures came from, in words: who or what sent them (the live state's `source`) and
 * whether they are a person's override of an electronic feed (`override`, set and cleared by the
 * server as it applies each observation). Display words only; the contract is shared/src/live.ts.
 */
import type { BedStateSourceKind, WardBedState } from '@wardpulse/shared';

export const SOURCE_KIND_LABELS: Record<BedStateSourceKind, string> = {
  feed: 'the electronic feed',
  manual: 'hand',
  hl7: 'the HL7 feed',
  import: 'a file import',
};

/** "Keyed by Sam Patel", "Sent by the electronic feed", "Loaded from a file import". */
export function sourceText(state: Pick<WardBedState, 'source'>): string {
  const { kind, name } = state.source;
  if (kind === 'manual') return name ? `Keyed by ${name}` : 'Keyed by hand';
  if (kind === 'import') return `Loaded from ${SOURCE_KIND_LABELS.import}`;
  return `Sent by ${SOURCE_KIND_LABELS[kind]}`;
}

/** What saving by hand means for this ward, or null when figures are keyed by hand anyway. */
export function feedNote(state: Pick<WardBedState, 'source' | 'override'> | null): string | null {
  if (state === null) return null;
  if (state.override) {
    return 'These figures override the electronic feed until it next reports; boards mark the ward “Override” until then.';
  }
  if (state.source.kind === 'manual') return null;
  return 'This ward is fed electronically. Figures you save here show as an override until the feed next reports.';
}

/** The tile's words for an override, spoken in full where the badge is short. */
export const OVERRIDE_LABEL = 'Override';
export const OVERRIDE_DESCRIPTION = 'figures keyed by hand over the electronic feed, until it next reports';
