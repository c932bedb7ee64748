/**
 * A bed manager's routine ward update, as the browser tests and `npm run bench` both drive it
 * (issue #14 item 1: "under 15 s and 3 actions from the board"): from a live board, (1) the tile's
 * Update link, (2) one more occupied bed on the stepper, (3) Save. Each action is one click a person
 * makes; waiting for the page is not an action. The times are the machine's part of the update
 * (what a person waits for), measured in the page's own clock.
 */
import type { Page } from 'playwright-core';

export interface RoutineUpdate {
  /** Clicks and key presses the person made. */
  actions: number;
  /** From the Update click to the form showing the ward's figures. */
  openMs: number;
  /** From the Save click to "Saved at". */
  saveMs: number;
  /** The occupied figure saved. */
  occupied: number;
}

/** The page's clock in epoch milliseconds, comparable across a navigation (a new page restarts `performance.now()`). */
const pageNow = (page: Page) => page.evaluate(() => performance.timeOrigin + performance.now());

/** The form, filled with the ward's current figures. */
export async function wardUpdateReady(page: Page): Promise<void> {
  await page.getByTestId('ward-update-form').waitFor({ timeout: 20_000 });
  await page.waitForFunction(
    () => (document.querySelector('#ward-update-occupied') as HTMLInputElement | null)?.value,
    undefined,
    {
      timeout: 20_000,
    },
  );
}

/** Runs the routine update of `wardId` from the board `page` is showing (signed in, live). */
export async function routineWardUpdate(page: Page, wardId: string): Promise<RoutineUpdate> {
  let actions = 0;
  const openStarted = await pageNow(page);
  await page.locator(`[data-ward-id="${wardId}"] a.update-link`).click();
  actions++;
  await wardUpdateReady(page);
  const openMs = (await pageNow(page)) - openStarted;
  const before = Number(await page.locator('#ward-update-occupied').inputValue());
  await page.getByRole('button', { name: 'One more: Occupied' }).click();
  actions++;
  const saveStarted = await pageNow(page);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  actions++;
  await page.getByTestId('ward-update-outcome').getByText('Saved at').waitFor({ timeout: 20_000 });
  const saveMs = (await pageNow(page)) - saveStarted;
  return { actions, openMs, saveMs, occupied: before + 1 };
}
