// Store-dependent: the PostgreSQL pass runs this file too.
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipReason } from '../support/skip';
import { freshDatabase } from '../support/test-store';
import { runServerCli, startServer, type RunningServer } from '../support/server-process';
import { freePort, Rsyslog, rsyslogUnavailable, until } from '../support/syslog-receiver';

const skip = skipReason('server audit forwarding to rsyslog', rsyslogUnavailable());

/** The server's audit trail as the admin API would list it is what we compare against: its rows in order. */
describe.skipIf(skip)(
  'the server forwards its audit trail to syslog and JSON lines, at least once and in order',
  () => {
    let rsyslog: Rsyslog;
    let server: RunningServer;
    let dir: string;
    let jsonPath: string;
    let signIns = 0;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'twofold-forward-'));
      jsonPath = join(dir, 'audit.jsonl');
      rsyslog = new Rsyslog(await freePort());
      await rsyslog.start();
      // The database in the test's folder: it outlives a server process (restarted below).
      server = await startServer({
        dbPath: await freshDatabase(dir),
        args: ['--audit-syslog', `tcp://127.0.0.1:${rsyslog.port}`, '--audit-json', jsonPath],
      });
      await server.addUser({
        login: 'desk',
        name: 'Desk Agent',
        role: 'helpdesk',
        password: 'correct horse',
      });
    }, 60_000);

    afterAll(async () => {
      await server?.stop();
      await rsyslog?.remove();
      rmSync(dir, { recursive: true, force: true });
    });

    /** One audit row per call: a help-desk sign-in with the right password (ok, or refused until enrolled). */
    const signIn = async () => {
      signIns += 1;
      await fetch(`${server.baseUrl}/api/admin/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'desk', password: 'correct horse' }),
      });
    };
    const jsonLines = () =>
      existsSync(jsonPath)
        ? readFileSync(jsonPath, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line) as { seq: number; action: string; actor: string })
        : [];
    const health = async () =>
      (await (await fetch(`${server.baseUrl}/healthz`)).json()) as {
        ok: boolean;
        auditForwardBacklog?: number;
      };
    /** Each record once, in the order first received (a resend after an outage may repeat one). */
    const firstSeen = (seqs: number[]) => seqs.filter((seq, index) => seqs.indexOf(seq) === index);

    it('sends every record to rsyslog, octet-counted RFC 5424, and to the JSON lines file, in order', async () => {
      for (let i = 0; i < 5; i++) await signIn();
      await until(() => jsonLines().filter((r) => r.action === 'api.session').length === 5, 'the JSON lines');
      await until(() => rsyslog.received().length === jsonLines().length, 'rsyslog to hold every record');
      const received = rsyslog.received();
      expect(received.map((m) => m.sequenceId)).toEqual(jsonLines().map((r) => r.seq));
      const last = received.at(-1)!;
      // authpriv (10) × 8 + notice (5) for ok, warning (4) for a refusal.
      expect([85, 84]).toContain(last.pri);
      expect(last.appName).toBe('twofold-server');
      expect(last.msgId).toBe('api.session');
      expect(last.record).toMatchObject({ actor: 'desk', action: 'api.session' });
      // Delivered once the connection stayed open a moment after the write: then the backlog is 0.
      await until(async () => (await health()).auditForwardBacklog === 0, 'no backlog');
    }, 60_000);

    it('keeps what rsyslog missed while it was killed, shows the backlog, and sends it in order when it is back', async () => {
      const before = rsyslog.received().length;
      await rsyslog.kill('SIGKILL');
      for (let i = 0; i < 6; i++) await signIn();
      // The JSON lines go on; syslog's records wait, counted in /healthz and in the admin metric.
      await until(() => jsonLines().length === before + 6, 'the JSON lines during the outage');
      await until(async () => ((await health()).auditForwardBacklog ?? 0) >= 5, 'a backlog in /healthz');
      await rsyslog.start();
      await until(async () => (await health()).auditForwardBacklog === 0, 'the backlog to drain', 40_000);
      const seqs = firstSeen(rsyslog.received().map((m) => m.sequenceId));
      expect(seqs).toEqual(jsonLines().map((r) => r.seq));
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(jsonLines().filter((r) => r.action === 'api.session')).toHaveLength(signIns);
    }, 90_000);

    it('goes on from where it was after the server restarts, records written meanwhile by the CLI included', async () => {
      await server.stop();
      await rsyslog.kill('SIGTERM');
      // Written while the server is down (the CLI writes to the database directly).
      const unlock = await runServerCli(
        ['user', 'unlock', '--login', 'desk', '--reason', 'forwarding test', '--db', server.dbPath],
        { env: server.env },
      );
      expect(unlock.code).toBe(0);
      await rsyslog.start();
      server = await startServer({
        dbPath: server.dbPath,
        env: server.env,
        args: ['--audit-syslog', `tcp://127.0.0.1:${rsyslog.port}`, '--audit-json', jsonPath],
      });
      await until(() => jsonLines().some((r) => r.action === 'user.unlock'), 'the unlock in the JSON lines');
      await until(() => rsyslog.received().some((m) => m.msgId === 'user.unlock'), 'the unlock at rsyslog');
      const seqs = firstSeen(rsyslog.received().map((m) => m.sequenceId));
      expect(seqs).toEqual(firstSeen(jsonLines().map((r) => r.seq)));
    }, 90_000);

    it('refuses a wrong destination before it starts', async () => {
      const wrong = await runServerCli([
        'serve',
        '--db',
        join(dir, 'x.sqlite'),
        '--port',
        '0',
        '--audit-syslog',
        'udp://h:514',
      ]);
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toContain('tcp://HOST:PORT or tls://HOST:PORT');
    });
  },
);
