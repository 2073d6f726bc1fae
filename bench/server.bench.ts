/**
 * The account server under load, on loopback, against the real server process:
 * POST /api/admin/v1/users/{id}/2fa/check (each request a fresh account with a
 * valid code, so the replay guard and the audit write every time) against
 * GET /healthz on the same server in the same run; then the SQLite file size
 * and the time to list page 1 of 100,000 users filtered by 2FA status.
 *   npm run bench:server    (TWOFOLD_BENCH_SECONDS=… per run, default 5; TWOFOLD_BENCH_ROUNDS=…, default 5)
 */
import { createHash, randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import { nodeOtpEngine } from '../src/node/otp-engine';
import { openDatabase } from '../src/server/db/connection';
import { hashPassword } from '../src/server/security/password';
import { createSecretBox } from '../src/server/security/secret-box';
import { userContext } from '../src/server/services/two-factor';
import type { OtpKey } from '../src/shared/otp';
import { startServer } from '../test/support/server-process';

const SECONDS = Number(process.env.TWOFOLD_BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.TWOFOLD_BENCH_ROUNDS ?? 5);
const WARMUP = 1000;
// One fresh account per check request. Runs are timed (autocannon's `amount` ends on a
// whole-second tick, which skews short runs), so each run gets accounts for twice the
// fastest rate measured so far, topped up before the run: a faster machine never runs out.
const HEADROOM = 2;
const CONNECTIONS = 10;
const FIRST_ID = 1000;
const LIST_USERS = 100_000;
const TARGET_RATIO = 1 / 4;
const TARGET_P99_MS = 50;

const secretOf = (i: number): Buffer => createHash('sha1').update(`bench-account-${i}`).digest();
const keyOf = (secret: Buffer): OtpKey => ({
  type: 'totp',
  secret,
  algorithm: 'SHA1',
  digits: 6,
  period: 30,
});

type Measured = autocannon.Result & { rate: number };

/** One autocannon run; the rate is 2xx answers over wall time measured here (runs are only seconds long). */
async function run(options: autocannon.Options): Promise<Measured> {
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    autocannon(options, (error, answer) => (error ? reject(error) : resolve(answer)));
  });
  return Object.assign(result, { rate: result['2xx'] / ((performance.now() - started) / 1000) });
}

function describe(name: string, result: Measured): string {
  const rate = result.rate;
  return `${name.padEnd(34)} ${rate.toFixed(0).padStart(7)} req/s   p50 ${String(result.latency.p50).padStart(4)} ms   p99 ${String(result.latency.p99).padStart(4)} ms   non-2xx ${result.non2xx}   errors ${result.errors}`;
}

/** A server process on a fresh SQLite file, its admin's token, and a bulk loader of accounts. */
async function benchServer() {
  const serverKey = randomBytes(32);
  const server = await startServer({ env: { TWOFOLD_SERVER_KEY: serverKey.toString('hex') } });
  await server.addUser({
    login: 'bench-admin',
    name: 'Bench Admin',
    role: 'admin',
    password: 'bench password',
  });
  const db = openDatabase(server.dbPath);
  const box = createSecretBox(serverKey);
  const passwordHash = await hashPassword('bench user password');
  const now = Date.now();
  const insert = db.prepare(
    `INSERT INTO users (id, login, name, role, password_hash, created_at, totp_secret, totp_enabled_at)
     VALUES (?, ?, ?, 'user', ?, ?, ?, ?)`,
  );
  /** Accounts from FIRST_ID on, with known secrets; `withTwoFactor(i)` decides who has 2FA on. */
  const addAccounts = (count: number, withTwoFactor: (i: number) => boolean, from = 0) =>
    db.transaction(() => {
      for (let i = from; i < from + count; i++) {
        const id = FIRST_ID + i;
        const on = withTwoFactor(i);
        insert.run(
          id,
          `bench-${i}`,
          `Bench User ${i}`,
          passwordHash,
          now,
          on ? box.seal(secretOf(i), userContext(id)) : null,
          on ? now : null,
        );
      }
    })();
  const session = await fetch(`${server.baseUrl}/api/admin/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: 'bench-admin', password: 'bench password' }),
  });
  const { token } = (await session.json()) as { token: string };
  return { server, db, token, addAccounts };
}

const throughput = await benchServer();
let met: boolean;
try {
  const { server, token } = throughput;
  // Accounts with 2FA on and secrets we know: one per check request, added as runs need them.
  let prepared = 0;
  const topUp = (needed: number) => {
    if (prepared >= needed) return;
    throughput.addAccounts(needed - prepared, () => true, prepared);
    prepared = needed;
  };
  topUp(WARMUP);

  await run({ url: `${server.baseUrl}/healthz`, connections: CONNECTIONS, duration: 2 }); // warm-up

  // Rounds alternate the two routes so that load from elsewhere on the machine hits both alike.
  let next = 0;
  let valid = 0;
  let answered = 0;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  // Codes are computed before each run (they stay valid for the ±1-step window), so the
  // client on this same machine only hands out ready requests and measures the server.
  let fastest = 0;
  let withoutFreshAccount = 0;
  const prepare = (count: number) => {
    topUp(next + count);
    const time = Date.now() / 1000;
    return Array.from({ length: count }, (_, k) => {
      const i = next + k;
      const code = nodeOtpEngine.totp(keyOf(secretOf(i)), time);
      return { path: `/api/admin/v1/users/${FIRST_ID + i}/2fa/check`, body: JSON.stringify({ code }) };
    });
  };
  const checkRun = (limit: { amount: number } | { duration: number }) => {
    const ready = prepare('amount' in limit ? limit.amount : Math.ceil(limit.duration * fastest * HEADROOM));
    let used = 0;
    const result = run({
      url: server.baseUrl,
      connections: CONNECTIONS,
      ...limit,
      requests: [
        {
          method: 'POST',
          setupRequest: (request) => {
            // Past the prepared accounts a request repeats one (and is refused): counted and reported.
            if (used >= ready.length) withoutFreshAccount++;
            const fresh = ready[used++ % ready.length];
            return { ...request, ...fresh, headers };
          },
          onResponse: (_status, body) => {
            answered++;
            if (body.includes('"valid":true')) valid++;
          },
        },
      ],
    });
    return result.then((measured) => {
      next += Math.min(used, ready.length);
      // Short `amount` runs end on a whole-second tick: their rate is low; connections over latency is not.
      fastest = Math.max(fastest, measured.rate, (CONNECTIONS * 1000) / Math.max(measured.latency.mean, 0.1));
      return measured;
    });
  };

  await checkRun({ amount: WARMUP }); // warm-up of the check route too (and the first measured rate)

  console.log(
    `account server on loopback: ${CONNECTIONS} connections, ${SECONDS} s per run, ${ROUNDS} rounds, ${process.platform} ${process.arch}, load average ${loadavg()[0]?.toFixed(1)}`,
  );
  const ratios: number[] = [];
  const p99s: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const health = await run({
      url: `${server.baseUrl}/healthz`,
      connections: CONNECTIONS,
      duration: SECONDS,
    });
    const check = await checkRun({ duration: SECONDS });
    console.log(describe(`round ${round} GET /healthz`, health));
    console.log(describe(`round ${round} POST /users/{id}/2fa/check`, check));
    ratios.push(check.rate / health.rate);
    p99s.push(check.latency.p99);
  }
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
  const ratio = median(ratios);
  const p99 = median(p99s);
  console.log(
    `codes accepted: ${valid} of ${answered} checks; ${prepared} accounts prepared from measured rates, ${withoutFreshAccount} checks found none fresh`,
  );
  console.log(
    `ratio check / healthz: ${ratios.map((r) => r.toFixed(3)).join(', ')}; median ${ratio.toFixed(3)} (target ≥ ${TARGET_RATIO})`,
  );
  console.log(`check p99: ${p99s.join(', ')} ms; median ${p99} ms (target < ${TARGET_P99_MS} ms)`);

  met = ratio >= TARGET_RATIO && p99 < TARGET_P99_MS && valid === answered;
  throughput.db.close();
} finally {
  await throughput.server.stop();
}

// 100,000 users on a fresh server, half of them with 2FA: the file size and the first page of a filtered list.
const directory = await benchServer();
try {
  const { server, db, token } = directory;
  const fill = Date.now();
  directory.addAccounts(LIST_USERS, (i) => i % 2 === 0);
  const fillMs = Date.now() - fill;
  db.pragma('wal_checkpoint(TRUNCATE)');
  const bytes = statSync(server.dbPath).size;

  const listTimes = async (filter: string): Promise<{ median: number; max: number; total: number }> => {
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < 21; i++) {
      const started = performance.now();
      const answer = await fetch(`${server.baseUrl}/api/admin/v1/users?twofa=${filter}&page=1&pageSize=50`, {
        headers: { authorization: `Bearer ${token}` },
      });
      total = ((await answer.json()) as { total: number }).total;
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return { median: times[10] as number, max: times[20] as number, total };
  };
  const enabled = await listTimes('enabled');
  const disabled = await listTimes('disabled');
  console.log(
    `${LIST_USERS} users inserted in ${fillMs} ms; SQLite file ${(bytes / 1024 / 1024).toFixed(1)} MiB (${bytes} bytes)`,
  );
  for (const [name, t] of [
    ['enabled', enabled],
    ['disabled', disabled],
  ] as const) {
    console.log(
      `GET /users?twofa=${name}&page=1 (total ${t.total}): median ${t.median.toFixed(1)} ms, max ${t.max.toFixed(1)} ms over 21`,
    );
  }
  db.close();
} finally {
  await directory.server.stop();
}
console.log(met ? 'targets met' : 'targets MISSED');
