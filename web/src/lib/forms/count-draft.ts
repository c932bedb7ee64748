/**
 * What the quick-update forms (a ward's figures, a trust's figures) share: the − / + arithmetic of a
 * count typed as text, and the tab's copy of an unsaved draft. sessionStorage, not localStorage: the
 * draft is gone when the tab closes and never reaches another person at a shared desk. Storage that is
 * full, refused or holding something else never breaks the form; the draft still lives on the page.
 */

/** One more or one fewer, within 0 and `max`; a value that is not a whole number starts from 0. */
export function steppedCount(value: string, by: 1 | -1, max = Number.MAX_SAFE_INTEGER): string {
  const current = /^\d+$/.test(value.trim()) ? Number(value.trim()) : 0;
  return String(Math.min(max, Math.max(0, current + by)));
}

export function keepDraft(storage: Storage | undefined, key: string, draft: unknown): void {
  try {
    storage?.setItem(key, JSON.stringify(draft));
  } catch {
    // Full or refused: the draft stays in the form.
  }
}

export function forgetDraft(storage: Storage | undefined, key: string): void {
  try {
    storage?.removeItem(key);
  } catch {
    // Nothing kept, nothing to forget.
  }
}

/** The kept draft, or null when there is none or it is not whole (`read` decides, from parsed JSON). */
export function keptDraft<T>(storage: Storage | undefined, key: string, read: (value: unknown) => T | null): T | null {
  try {
    const text = storage?.getItem(key);
    return text ? read(JSON.parse(text)) : null;
  } catch {
    return null;
  }
}
