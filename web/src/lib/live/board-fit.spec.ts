import { describe, expect, it } from 'vitest';
import { TILE_DETAILS, wardGridLayout, type WardGridInput } from './board-fit.js';

// The root font size is 1vw: 19.2 px on a 1920 px screen, 38.4 px on a 3840 px one.
const HD = { remPx: 19.2, gapPx: 0.3 * 19.2 };
const UHD = { remPx: 38.4, gapPx: 0.3 * 38.4 };

function tileSize(input: WardGridInput) {
  const layout = wardGridLayout(input);
  const width = (input.widthPx - (layout.columns - 1) * input.gapPx) / layout.columns;
  const height = (input.heightPx - (layout.rows - 1) * input.gapPx) / layout.rows;
  return { layout, widthRem: width / input.remPx, heightRem: height / input.remPx };
}

describe('wardGridLayout', () => {
  it('gives a small trust board full tiles', () => {
    const { layout, widthRem, heightRem } = tileSize({ ...HD, cells: 14, widthPx: 1890, heightPx: 820 });
    expect(layout).toMatchObject({ detail: 'full', fits: true });
    expect(layout.columns * layout.rows).toBeGreaterThanOrEqual(14);
    expect(widthRem).toBeGreaterThanOrEqual(TILE_DETAILS.full.minWidthRem);
    expect(heightRem).toBeGreaterThanOrEqual(TILE_DETAILS.full.minHeightRem);
  });

  it('puts a trust board of 28 wards and 5 sites on 1080p with every figure', () => {
    // Below the header, totals and measures strip: about 44 rem of the 56 a 16:9 screen has.
    const { layout } = tileSize({ ...HD, cells: 33, widthPx: 1890, heightPx: 44 * 19.2 });
    expect(layout).toEqual({ columns: 7, rows: 5, detail: 'standard', fits: true });
  });

  it('puts the 54 wards of a collaborative (and its two trust labels) on 1080p with dense tiles', () => {
    const { layout, widthRem, heightRem } = tileSize({ ...HD, cells: 56, widthPx: 1890, heightPx: 38 * 19.2 });
    expect(layout.detail).toBe('dense');
    expect(layout.fits).toBe(true);
    expect(layout.columns * layout.rows).toBeGreaterThanOrEqual(56);
    expect(widthRem).toBeGreaterThanOrEqual(TILE_DETAILS.dense.minWidthRem);
    expect(heightRem).toBeGreaterThanOrEqual(TILE_DETAILS.dense.minHeightRem);
  });

  it('lays a 4K screen out as a 1080p one, twice the size', () => {
    const hd = wardGridLayout({ ...HD, cells: 56, widthPx: 1890, heightPx: 730 });
    const uhd = wardGridLayout({ ...UHD, cells: 56, widthPx: 3780, heightPx: 1460 });
    expect(uhd).toEqual(hd);
  });

  it('puts the 60 wards and 3 trust labels of a larger collaborative on a kiosk at 1080p with dense tiles', () => {
    const { layout } = tileSize({ ...HD, cells: 63, widthPx: 1890, heightPx: 36.8 * 19.2 });
    expect(layout).toMatchObject({ columns: 8, rows: 8, detail: 'dense', fits: true });
  });

  it('goes denser as the space shrinks (an alert banner appears)', () => {
    const roomy = wardGridLayout({ ...HD, cells: 33, widthPx: 1890, heightPx: 44 * 19.2 });
    const squeezed = wardGridLayout({ ...HD, cells: 33, widthPx: 1890, heightPx: 30 * 19.2 });
    const crowded = wardGridLayout({ ...HD, cells: 63, widthPx: 1890, heightPx: 32 * 19.2 });
    expect(roomy.detail).toBe('standard');
    expect(squeezed).toMatchObject({ detail: 'dense', fits: true });
    expect(crowded).toMatchObject({ detail: 'minimal', fits: true });
  });

  it('prefers the shape with the most room in its tighter direction', () => {
    // Four cells in a wide space: one row of four, not a 2 × 2 of squat, over-wide tiles.
    expect(wardGridLayout({ ...HD, cells: 4, widthPx: 1890, heightPx: 300 })).toMatchObject({ columns: 4, rows: 1 });
    // The same four in a tall space: a column.
    expect(wardGridLayout({ ...HD, cells: 4, widthPx: 320, heightPx: 1200 })).toMatchObject({ columns: 1, rows: 4 });
  });

  it('falls back to scrolling rows of minimal tiles when nothing fits', () => {
    const layout = wardGridLayout({ ...HD, cells: 56, widthPx: 375, heightPx: 500 });
    expect(layout).toEqual({ columns: 2, rows: 28, detail: 'minimal', fits: false });
    expect(wardGridLayout({ ...HD, cells: 56, widthPx: 1000, heightPx: 200 })).toMatchObject({ columns: 5, fits: false });
  });

  it('copes with an empty or nonsensical count', () => {
    expect(wardGridLayout({ ...HD, cells: 0, widthPx: 1890, heightPx: 800 })).toMatchObject({ columns: 1, rows: 1, fits: true });
  });
});
