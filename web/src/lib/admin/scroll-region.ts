/**
 * A region that scrolls sideways (a wide table on a phone) gets a tab stop only while it overflows, so
 * a keyboard can scroll it (WCAG 2.1.1) and a desk screen, where it fits, has no pointless stop.
 * Used as `{@attach scrollRegionTabStop}` on admin tables and the bed finder's results.
 */
export function scrollRegionTabStop(node: HTMLElement): () => void {
  let frame = 0;
  const update = () => {
    frame = 0;
    if (node.scrollWidth > node.clientWidth + 1) node.tabIndex = 0;
    else node.removeAttribute('tabindex');
  };
  const schedule = () => {
    if (frame === 0) frame = requestAnimationFrame(update);
  };
  const resizes = new ResizeObserver(schedule);
  resizes.observe(node);
  // Rows come and go (live results, a reload): the content's width changes without the region's.
  const mutations = new MutationObserver(schedule);
  mutations.observe(node, { childList: true, subtree: true });
  update();
  return () => {
    if (frame !== 0) cancelAnimationFrame(frame);
    resizes.disconnect();
    mutations.disconnect();
  };
}
