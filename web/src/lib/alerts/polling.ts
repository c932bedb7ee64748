/**
 * Runs a refresh on a fixed interval while the page is visible: a hidden tab does not poll, and
 * catches up at once when it is shown again. A refresh still running is never started twice.
 */
type VisibilitySource = Pick<Document, 'visibilityState' | 'addEventListener' | 'removeEventListener'>;

/** Starts polling; returns the function that stops it (for onMount). */
export function pollWhileVisible(task: () => unknown, intervalMs: number, visibility: VisibilitySource = document): () => void {
  let running = false;
  let missed = false;
  const run = async () => {
    if (visibility.visibilityState === 'hidden') {
      missed = true;
      return;
    }
    if (running) return;
    running = true;
    try {
      await task();
    } catch {
      // The task shows its own failures; polling carries on.
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void run(), intervalMs);
  const onVisibility = () => {
    if (visibility.visibilityState === 'visible' && missed) {
      missed = false;
      void run();
    }
  };
  visibility.addEventListener('visibilitychange', onVisibility);
  return () => {
    clearInterval(timer);
    visibility.removeEventListener('visibilitychange', onVisibility);
  };
}
