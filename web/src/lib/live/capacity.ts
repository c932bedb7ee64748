/**
 * Capacity warnings shown with text and an icon, never colour alone (WCAG 1.4.1).
 * Occupancy itself comes from @wardpulse/shared; this only decides when to call it out.
 */
import { formatPercent } from '@wardpulse/shared';

/**
 * True when the occupancy shown reads 100% or more. Decided on the rounded percentage that
 * formatPercent displays, so "100%" never appears without its warning (nor a warning beside "99%").
 */
export function isAtOrOverCapacity(fraction: number | null): boolean {
  return fraction !== null && Number.parseInt(formatPercent(fraction), 10) >= 100;
}
