/**
 * Display words for ward attributes that shared/ defines as codes but does not label (ward type labels
 * do come from shared: WARD_TYPE_LABELS). Typed by the shared unions, so a new code fails the build
 * here until it has a label. Candidates to move into shared/ once another client needs them.
 */
import type { ClosedReason, WardSex } from '@wardpulse/shared';

export const WARD_SEX_LABELS: Record<WardSex, string> = {
  male: 'Male',
  female: 'Female',
  mixed: 'Mixed',
};

export const CLOSED_REASON_LABELS: Record<ClosedReason, string> = {
  staffing: 'staffing',
  estates: 'estates',
  'infection-control': 'infection control',
  other: 'other reason',
};
