import type { Page } from 'playwright-core';

// Browser-side scripts are strings: this project is type-checked without the DOM library.
// performance.now() counts from the navigation's start. Polled every animation frame
// (waitForFunction with a string would need 'unsafe-eval', which the CSP refuses).
const FIRST_ROWS_AT = `new Promise((resolve) => {
  const check = () => {
    if (document.querySelector('.account-row .account-row__code:not([data-code=""])')) resolve(performance.now());
    else requestAnimationFrame(check);
  };
  check();
})`;
const LIST_ARRIVED_AT = `performance.getEntriesByType('resource')
  .find((e) => e.name.endsWith('/ipc/entries.list'))?.responseEnd ?? 0`;
const lastRowAt = (login: string): string => `new Promise((resolve) => {
  const scroller = document.querySelector('.account-list');
  if (scroller) scroller.scrollTop = scroller.scrollHeight;
  const check = () => {
    const last = [...document.querySelectorAll('.account-row')]
      .find((el) => el.textContent.includes(${JSON.stringify(login)}));
    if (last?.querySelector('.account-row__code:not([data-code=""])')) resolve(performance.now());
    else requestAnimationFrame(check);
  };
  check();
})`;

/** Milliseconds after the navigation started. */
export interface RenderTiming {
  /** The entries list answered by the IPC handler. */
  listArrived: number;
  /** The first rows on screen with their codes. */
  firstRows: number;
  /** firstRows − listArrived: the renderer's own share. */
  render: number;
  /** Scrolled to the end, as a person would: the last account with its code. */
  lastRow: number;
  rowsInDom: number;
}

/** Reloads the Codes view and times it until `lastLogin`'s row shows a code. */
export async function timeCodesView(page: Page, lastLogin: string): Promise<RenderTiming> {
  await page.reload({ waitUntil: 'commit' });
  const firstRows = await page.evaluate<number>(FIRST_ROWS_AT);
  const listArrived = await page.evaluate<number>(LIST_ARRIVED_AT);
  const lastRow = await page.evaluate<number>(lastRowAt(lastLogin));
  const rowsInDom = await page.locator('.account-row').count();
  return { listArrived, firstRows, render: firstRows - listArrived, lastRow, rowsInDom };
}
