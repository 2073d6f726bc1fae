import { randomUUID } from 'node:crypto';
import {
  AuditForwarder,
  sinksFor,
  type CursorStore,
  type ForwardSettings,
  type ForwardSource,
  type ForwardStatus,
} from '../node/audit-forward';
import type { Stores } from './db/stores';

export type { ForwardSettings, ForwardStatus };

/** How long a process keeps the right to forward to a destination without renewing it. */
const LEASE_MS = 15_000;

/** The server's version, for the syslog header's `[origin swVersion]`. */
const SOFTWARE_VERSION = '0.1.0';

/**
 * Forwards the audit trail, as it is written, to the destinations the operator named: every row
 * after the last one delivered there, in id order, at least once (audit_forward keeps the place).
 */
export class AuditForwarding {
  readonly forwarders: AuditForwarder[];

  constructor(
    stores: Pick<Stores, 'auditForward'>,
    settings: ForwardSettings,
    options: {
      pollMs?: number;
      settleMs?: number;
      now?: () => number;
      onError?: (destination: string, message: string) => void;
    } = {},
  ) {
    const store = stores.auditForward;
    const now = options.now ?? Date.now;
    const owner = randomUUID();
    const source: ForwardSource = {
      after: async (after, limit) =>
        (await store.after(after, limit)).map((row) => {
          const at = new Date(row.at).toISOString();
          return {
            seq: row.id,
            at,
            action: row.action,
            result: row.result,
            fields: {
              at,
              actor: row.actor,
              action: row.action,
              target: row.target,
              reason: row.reason,
              result: row.result,
              clientAddress: row.clientAddress,
            },
          };
        }),
      countAfter: (after) => store.countAfter(after),
    };
    const cursors: CursorStore = {
      get: (sink) => store.delivered(sink),
      set: (sink, seq) => store.setDelivered(sink, seq),
      claim: (sink) => store.claim(sink, owner, now(), now() + LEASE_MS),
    };
    this.forwarders = sinksFor(
      settings,
      { appName: 'twofold-server', software: 'Twofold', softwareVersion: SOFTWARE_VERSION },
      { ...(options.settleMs !== undefined ? { settleMs: options.settleMs } : {}) },
    ).map(
      (sink) =>
        new AuditForwarder(source, sink, cursors, {
          pollMs: options.pollMs ?? 500,
          ...(options.onError ? { onError: options.onError } : {}),
        }),
    );
  }

  /** Starts forwarding (`serve` does once it has said where it listens: JSON lines may go to stdout). */
  start(): void {
    for (const forwarder of this.forwarders) forwarder.start();
  }

  /** Every destination with its backlog (rows written, not delivered yet). */
  status(): Promise<ForwardStatus[]> {
    return Promise.all(this.forwarders.map((forwarder) => forwarder.status()));
  }

  async stop(): Promise<void> {
    await Promise.all(this.forwarders.map((forwarder) => forwarder.stop()));
  }
}
