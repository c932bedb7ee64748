/**
 * A number on a wall screen that changes flashes briefly (a highlight behind it, and a slight swell),
 * so an eye across the room catches which figure moved. Used by the wall's tiles and totals as well as
 * the kiosk's views. Under prefers-reduced-motion nothing moves; the tile's "Changed 0:42 ago" mark
 * still says so in words.
 *
 * The element is animated in place with the Web Animations API (allowed by the CSP, and finished
 * animations are released by the browser): nothing is re-created per update, and no timer is left.
 */
import type { Attachment } from 'svelte/attachments';
import { prefersReducedMotion } from 'svelte/motion';

export const FLASH_MS = 1200;

const FLASH_KEYFRAMES: Keyframe[] = [
  { backgroundColor: 'rgb(0 164 153 / 85%)', boxShadow: '0 0 0 0.2em rgb(0 164 153 / 85%)', transform: 'scale(1.12)' },
  { backgroundColor: 'rgb(0 164 153 / 0%)', boxShadow: '0 0 0 0.2em rgb(0 164 153 / 0%)', transform: 'scale(1)' },
];

const NOTHING_YET = Symbol('nothing yet');

/**
 * One per figure: `{@attach flash(value)}` flashes the element whenever `value` differs from the last
 * value it was given. The first value is the baseline, so a screen that opens does not flash at all.
 */
export function flashOnChange(): (value: unknown) => Attachment<HTMLElement> {
  let last: unknown = NOTHING_YET;
  return (value) => (element) => {
    const changed = last !== NOTHING_YET && !Object.is(last, value);
    last = value;
    if (changed && !prefersReducedMotion.current && typeof element.animate === 'function') {
      element.animate(FLASH_KEYFRAMES, { duration: FLASH_MS, easing: 'ease-out' });
    }
  };
}
