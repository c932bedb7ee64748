/**
 * Fitting every ward of a board on one screen, without scrolling, at 1080p and at 4K. The ward tiles
 * fill the space left below the header, the totals and the measures: this picks how many columns and
 * rows of tiles that space is cut into, and how much each tile can say (TILE_DETAILS), from the number
 * of cells (wards and group labels) and the space's size.
 *
 * Sizes are in rem because the root font size follows the screen width (app.css: 1vw, from 19 px to
 * 40 px): a 4K TV gets the same layout as a 1080p one at twice the size, never a small board in a corner.
 * The richest detail whose tiles still fit wins; among the shapes that fit, the one whose tiles have the
 * most room to spare in their tighter direction. When not even the smallest tiles fit (a phone, a tiny
 * window), the board falls back to rows of them and scrolls: better than illegible tiles.
 */

export type TileDetail = 'full' | 'standard' | 'dense' | 'minimal';

export interface TileSize {
  /** The smallest tile that still shows this detail legibly, in rem. */
  minWidthRem: number;
  minHeightRem: number;
}

/**
 * What each detail needs (ward-tile.svelte's styles must keep within these):
 * - full: every figure on its own line, and the reason beds are closed;
 * - standard: every figure, tighter (a trust board of ~30 wards with the measures strip);
 * - dense: vacant beds large, the ward's type and sex, occupancy, pending and closed on one line, and
 *   the age (a collaborative board of 50–60 wards);
 * - minimal: the name, vacant beds and the age (a crowded board under an alert banner).
 */
export const TILE_DETAILS: Record<TileDetail, TileSize> = {
  full: { minWidthRem: 15, minHeightRem: 10.5 },
  standard: { minWidthRem: 12, minHeightRem: 7.8 },
  dense: { minWidthRem: 11.2, minHeightRem: 4.3 },
  minimal: { minWidthRem: 9, minHeightRem: 2.9 },
};

const DETAIL_ORDER: readonly TileDetail[] = ['full', 'standard', 'dense', 'minimal'];

export interface WardGridInput {
  /** Tiles and group labels together. */
  cells: number;
  /** The space for the grid, in CSS pixels. */
  widthPx: number;
  heightPx: number;
  /** The gap between cells, in CSS pixels. */
  gapPx: number;
  /** The root font size, in CSS pixels. */
  remPx: number;
}

export interface WardGridLayout {
  columns: number;
  rows: number;
  detail: TileDetail;
  /** False when even minimal tiles do not fit: the rows then take the minimal height and the page scrolls. */
  fits: boolean;
}

function cellSize(count: number, spacePx: number, gapPx: number): number {
  return (spacePx - (count - 1) * gapPx) / count;
}

/** The columns, rows and tile detail that fit `cells` into the space; see the module comment. */
export function wardGridLayout(input: WardGridInput): WardGridLayout {
  const { widthPx, heightPx, gapPx, remPx } = input;
  const cells = Math.max(1, Math.floor(input.cells));
  for (const detail of DETAIL_ORDER) {
    const size = TILE_DETAILS[detail];
    const minWidth = size.minWidthRem * remPx;
    const minHeight = size.minHeightRem * remPx;
    let best: { columns: number; rows: number; room: number } | null = null;
    for (let columns = 1; columns <= cells; columns += 1) {
      const rows = Math.ceil(cells / columns);
      // More columns for the same rows only narrows the tiles.
      if (columns > 1 && Math.ceil(cells / (columns - 1)) === rows) continue;
      const width = cellSize(columns, widthPx, gapPx);
      const height = cellSize(rows, heightPx, gapPx);
      if (width < minWidth || height < minHeight) continue;
      const room = Math.min(width / minWidth, height / minHeight);
      if (best === null || room > best.room) best = { columns, rows, room };
    }
    if (best !== null) return { columns: best.columns, rows: best.rows, detail, fits: true };
  }
  // Nothing fits: as many minimal columns as the width takes, rows at the minimal height, scrolling.
  const minimalWidth = TILE_DETAILS.minimal.minWidthRem * remPx;
  const columns = Math.max(1, Math.min(cells, Math.floor((widthPx + gapPx) / (minimalWidth + gapPx))));
  return { columns, rows: Math.ceil(cells / columns), detail: 'minimal', fits: false };
}
