import { describe, expect, it } from 'vitest';
import { boardFitScale } from './board-fit.js';

const base = { top: 150, naturalHeight: 920, bottomPadding: 6, viewportHeight: 1080 };

describe('boardFitScale', () => {
  it('leaves the board at full size without a banner, or when it still fits', () => {
    expect(boardFitScale({ ...base, bannerSpace: 0, top: 250 })).toBe(1);
    expect(boardFitScale({ ...base, top: 100, bannerSpace: 50 })).toBe(1);
  });

  it('zooms the main area out just enough to fit below the banner', () => {
    // 150 + 920 + 6 = 1076: 4 px to spare; a 100 px banner moved it to 250, so 96 px must go.
    const scale = boardFitScale({ ...base, top: 250, bannerSpace: 100 });
    expect(250 + 920 * scale + 6).toBeLessThanOrEqual(1080);
    expect(250 + 920 * scale + 6).toBeGreaterThan(1077);
  });

  it('takes no more than the banner adds from a board that scrolled anyway', () => {
    const scale = boardFitScale({ ...base, top: 250, naturalHeight: 2000, bannerSpace: 100 });
    expect(2000 - 2000 * scale).toBeLessThanOrEqual(102);
    expect(2000 - 2000 * scale).toBeGreaterThanOrEqual(100);
  });

  it('never goes below the smallest readable scale', () => {
    expect(boardFitScale({ ...base, top: 600, naturalHeight: 900, bannerSpace: 500, minScale: 0.85 })).toBe(0.85);
  });
});
