/**
 * The server's Prometheus metrics, written in the text exposition format (version 0.0.4).
 * prom-client is not installed here, so this is a minimal writer of counters, gauges and
 * histograms with labels; the names and types follow Prometheus' conventions, so moving to
 * prom-client later changes no dashboard.
 */

type Labels = Readonly<Record<string, string>>;

const escapeLabel = (value: string): string =>
  value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

const labelText = (labels: Labels, extra?: [string, string]): string => {
  const pairs = Object.entries(labels);
  if (extra) pairs.push(extra);
  return pairs.length === 0 ? '' : `{${pairs.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(',')}}`;
};

const keyOf = (labels: Labels): string => JSON.stringify(Object.entries(labels).sort());

const number = (value: number): string =>
  Number.isFinite(value) ? String(value) : value > 0 ? '+Inf' : value < 0 ? '-Inf' : 'NaN';

interface Metric {
  write(lines: string[]): Promise<void> | void;
}

export class Counter {
  private readonly values = new Map<string, { labels: Labels; value: number }>();
  constructor(
    readonly name: string,
    private readonly help: string,
  ) {}

  inc(labels: Labels = {}, by = 1): void {
    const key = keyOf(labels);
    const entry = this.values.get(key) ?? { labels, value: 0 };
    entry.value += by;
    this.values.set(key, entry);
  }

  write(lines: string[]): void {
    lines.push(`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`);
    for (const { labels, value } of this.values.values())
      lines.push(`${this.name}${labelText(labels)} ${number(value)}`);
  }
}

/** A value read when scraped. */
export class Gauge {
  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly read: () => Promise<readonly [Labels, number][]> | readonly [Labels, number][],
  ) {}

  async write(lines: string[]): Promise<void> {
    const samples = await this.read();
    lines.push(`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`);
    for (const [labels, value] of samples) lines.push(`${this.name}${labelText(labels)} ${number(value)}`);
  }
}

export class Histogram {
  private readonly series = new Map<
    string,
    { labels: Labels; counts: number[]; sum: number; count: number }
  >();
  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly buckets: readonly number[],
  ) {}

  observe(labels: Labels, value: number): void {
    const key = keyOf(labels);
    let entry = this.series.get(key);
    if (!entry) {
      entry = { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, entry);
    }
    // Buckets are cumulative: a value counts in every bucket whose bound it does not pass.
    this.buckets.forEach((bound, i) => {
      if (value <= bound) entry.counts[i]! += 1;
    });
    entry.sum += value;
    entry.count += 1;
  }

  write(lines: string[]): void {
    lines.push(`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`);
    for (const { labels, counts, sum, count } of this.series.values()) {
      this.buckets.forEach((bound, i) =>
        lines.push(`${this.name}_bucket${labelText(labels, ['le', number(bound)])} ${counts[i]}`),
      );
      lines.push(`${this.name}_bucket${labelText(labels, ['le', '+Inf'])} ${count}`);
      lines.push(`${this.name}_sum${labelText(labels)} ${number(sum)}`);
      lines.push(`${this.name}_count${labelText(labels)} ${count}`);
    }
  }
}

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Why a 2FA check was refused. */
export type RefusalReason = 'wrong' | 'replay' | 'locked' | 'throttled';

/** Every metric the server keeps; gauges read their sources when scraped. */
export class ServerMetrics {
  private readonly metrics: Metric[] = [];
  readonly requests = this.add(
    new Counter(
      'twofold_http_requests_total',
      'HTTP requests answered, by route template, method and status.',
    ),
  );
  readonly requestSeconds = this.add(
    new Histogram(
      'twofold_http_request_duration_seconds',
      'Time to answer an HTTP request, by route template and method.',
      [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    ),
  );
  readonly twoFactorChecks = this.add(
    new Counter(
      'twofold_2fa_checks_total',
      'Two-factor code checks (sign-in second step and help-desk checks): accepted, or refused by reason.',
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
    this.metrics.push(metric);
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
    const lines: string[] = [];
    for (const metric of this.metrics) await metric.write(lines);
    return `${lines.join('\n')}\n`;
  }
}
