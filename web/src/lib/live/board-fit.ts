/**
 * Keeping a wall board on one 1080p screen when the alert banner appears above it. A crowded board is
 * laid out to fill the screen exactly, so the banner's lines have to come from somewhere: the board's
 * main area is zoomed out by just enough to give the banner its space (never more than the banner
 * takes, never below `minScale`). A board that fits with room to spare is left at full size; one that
 * already scrolled without the banner scrolls no further because of it.
 */

export interface BoardFitInput {
  /** Where the main area starts, in document pixels (below the header and the banner). */
  top: number;
  /** The main area's height at full size. */
  naturalHeight: number;
  /** Padding below the main area. */
  bottomPadding: number;
  viewportHeight: number;
  /** Height the banner takes, with its gap; 0 when no banner shows. */
  bannerSpace: number;
  minScale?: number;
}

/** The zoom for the main area: 1, or a little less while the banner would push the board off the screen. */
export function boardFitScale(input: BoardFitInput): number {
  const { top, naturalHeight, bottomPadding, viewportHeight, bannerSpace, minScale = 0.85 } = input;
  if (bannerSpace <= 0 || naturalHeight <= 0) return 1;
  const overflow = top + naturalHeight + bottomPadding - viewportHeight;
  // One pixel more than the arithmetic says: rounding must never leave a scrollbar.
  const reduce = Math.min(Math.max(overflow, 0), bannerSpace);
  if (reduce <= 0) return 1;
  const scale = Math.floor(((naturalHeight - reduce - 1) / naturalHeight) * 1000) / 1000;
  return Math.min(1, Math.max(minScale, scale));
}
