import * as prom from 'prom-client';

/**
 * The server's Prometheus metrics through prom-client, each server with its own registry (a
 * test process runs several servers). Gauges read their sources when scraped.
 */

type Labels = Readonly<Record<string, string>>;

interface Metric {
  readonly metric: prom.Metric;
}

export class Counter implements Metric {
  readonly metric: prom.Counter;
  constructor(name: string, help: string, labelNames: readonly string[] = []) {
    this.metric = new prom.Counter({ name, help, labelNames, registers: [] });
  }

  inc(labels: Labels = {}, by = 1): void {
    this.metric.inc(labels, by);
  }
}

/** A value read when scraped. */
export class Gauge implements Metric {
  readonly metric: prom.Gauge;
  constructor(
    name: string,
    help: string,
    read: () => Promise<readonly [Labels, number][]> | readonly [Labels, number][],
    labelNames: readonly string[] = [],
  ) {
    this.metric = new prom.Gauge({
      name,
      help,
      labelNames,
      registers: [],
      async collect() {
        this.reset();
        for (const [labels, value] of await read()) this.set(labels, value);
      },
    });
  }
}

export class Histogram implements Metric {
  readonly metric: prom.Histogram;
  constructor(name: string, help: string, buckets: readonly number[], labelNames: readonly string[] = []) {
    this.metric = new prom.Histogram({ name, help, labelNames, buckets: [...buckets], registers: [] });
  }

  observe(labels: Labels, value: number): void {
    this.metric.observe(labels, value);
  }
}

export const METRICS_CONTENT_TYPE = prom.Registry.PROMETHEUS_CONTENT_TYPE;

/** Why a 2FA check was refused. */
export type RefusalReason = 'wrong' | 'replay' | 'locked' | 'throttled';

/** Every metric the server keeps; gauges read their sources when scraped. */
export class ServerMetrics {
  private readonly registry = new prom.Registry();
  readonly requests = this.add(
    new Counter(
      'twofold_http_requests_total',
      'HTTP requests answered, by route template, method and status.',
      ['route', 'method', 'status'],
    ),
  );
  readonly requestSeconds = this.add(
    new Histogram(
      'twofold_http_request_duration_seconds',
      'Time to answer an HTTP request, by route template and method.',
      [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      ['route', 'method'],
    ),
  );
  readonly twoFactorChecks = this.add(
    new Counter(
      'twofold_2fa_checks_total',
      'Two-factor code checks (sign-in second step and help-desk checks): accepted, or refused by reason.',
      ['kind', 'result', 'reason'],
    ),
  );
  readonly lockouts = this.add(
    new Counter('twofold_lockouts_total', 'Accounts locked by reaching the failed-attempt limit.'),
  );
  readonly temporaryCodesIssued = this.add(
    new Counter('twofold_temporary_codes_issued_total', 'Temporary access codes issued by the help desk.'),
  );
  readonly temporaryCodesUsed = this.add(
    new Counter('twofold_temporary_codes_used_total', 'Temporary access codes used to sign in.'),
  );

  add<M extends Metric>(metric: M): M {
    this.registry.registerMetric(metric.metric);
    return metric;
  }

  checkAccepted(kind: 'sign_in' | 'helpdesk'): void {
    this.twoFactorChecks.inc({ kind, result: 'accepted' });
  }

  checkRefused(kind: 'sign_in' | 'helpdesk', reason: RefusalReason): void {
    this.twoFactorChecks.inc({ kind, result: 'refused', reason });
  }

  /** The exposition text of every metric. */
  async text(): Promise<string> {
    return this.registry.metrics();
  }
}
