/** Milliseconds since the epoch; injected so lockout and expiry rules can be tested without waiting. */
export interface ServerClock {
  nowMs(): number;
}

export const systemServerClock: ServerClock = { nowMs: () => Date.now() };
