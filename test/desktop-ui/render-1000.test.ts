import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumUnavailable } from '../support/chromium';
import { ensureRendererBuilt, openApp, row, shownCode, type AppSession } from '../support/host-page';
import { timeCodesView } from '../support/render-timing';
import { skipReason } from '../support/skip';

const skip = skipReason('desktop-ui 1,000 accounts', chromiumUnavailable());

// A measurement, printed for the report; the assertions are about correctness, not time.
describe.skipIf(skip)('A thousand accounts', () => {
  let app: AppSession;

  beforeAll(async () => {
    await ensureRendererBuilt();
    app = await openApp({ seed: 1000 });
  }, 240_000);

  afterAll(async () => {
    await app?.close();
  });

  it('shows the list, then the 1,000th account with its code, and reports the times', async () => {
    const { page } = app;
    for (let run = 1; run <= 3; run++) {
      const t = await timeCodesView(page, 'user999@example.com');
      console.log(
        `[measure] 1,000 accounts, run ${run}: list arrived ${t.listArrived.toFixed(0)} ms, first rows with codes ` +
          `${t.firstRows.toFixed(0)} ms (render ${t.render.toFixed(0)} ms), 1,000th row visible with its code ` +
          `${t.lastRow.toFixed(0)} ms after navigation; ${t.rowsInDom} rows in the DOM`,
      );
      expect(t.rowsInDom).toBeLessThan(200);
    }
    const last = row(page, 'user999@example.com');
    await last.waitFor();
    expect(await shownCode(last)).toMatch(/^\d{6}$/);
  });
});
