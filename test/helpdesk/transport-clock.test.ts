import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from '../../src/desktop/helpdesk/transport';
import { clockNeedsWarning, computerClockWarning } from '../../src/shared/clock-drift';
import { startDatedServer, type DatedServer } from '../support/dated-server';

/** The help-desk transport reads every answer's Date header against this computer's clock. */
describe('help-desk transport: the server clock', () => {
  let server: DatedServer;
  beforeAll(async () => {
    server = await startDatedServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('measures the offset from each answer, keeps the last one through answers without a date', async () => {
    const transport = await createTransport({ url: server.url });
    try {
      expect(transport.clockOffset()).toBeNull();
      server.offsetSeconds = -40;
      await transport.request('GET', '/');
      // The header has whole seconds and the request takes a moment: within 1.5 s.
      const ahead = transport.clockOffset() ?? 0;
      expect(Math.abs(ahead - 40)).toBeLessThan(1.5);
      expect(clockNeedsWarning(ahead)).toBe(true);
      expect(computerClockWarning(ahead, 'Example HQ')).toBe(
        "This computer's clock is 40 s ahead of Example HQ's. Codes made here may be refused: turn on automatic date and time.",
      );
      server.offsetSeconds = null;
      await transport.request('GET', '/');
      expect(transport.clockOffset()).toBe(ahead);
      server.offsetSeconds = 3;
      await transport.request('GET', '/');
      const near = transport.clockOffset() ?? 99;
      expect(Math.abs(near + 3)).toBeLessThan(1.5);
      expect(clockNeedsWarning(near)).toBe(false);
    } finally {
      await transport.close();
    }
  });
});
