import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalAuditLog, type LocalAction } from '../../src/desktop/helpdesk/audit-log';
import { osKeychain } from '../../src/desktop/keychain';
import { formatRfc5424, octetCounted, OctetCountedReader } from '../../src/node/audit-forward';
import { runBin } from '../support/run-bin';
import { keychainUnavailable, skipReason } from '../support/skip';
import { SyslogListener, until } from '../support/syslog-receiver';
import { opensslUnavailable, selfSignedCert } from './support/tls';

const noKeychain = keychainUnavailable();

const action = (n: number): LocalAction => ({
  actor: 'hdadmin',
  server: 'http://127.0.0.1:8069 (database hdtest)',
  action: 'user.2fa.disable',
  target: `user${n}`,
  reason: `Lost phone, call ${n} — "quoted" ] \\ and a newline\nhere`,
  result: n % 2 === 0 ? 'ok' : 'failed: FORBIDDEN_ROLE',
});

describe('RFC 5424 as Twofold writes it', () => {
  it('escapes SD values, keeps the header printable, and frames by octet count (UTF-8 bytes)', () => {
    const text = formatRfc5424({
      facility: 10,
      severity: 5,
      timestamp: new Date('2026-12-06T18:00:00.123Z'),
      hostname: 'desk pc',
      appName: 'twofold',
      procId: '42',
      msgId: 'user.2fa.disable',
      sequenceId: 7,
      software: 'Two"fold]',
      softwareVersion: '0.1.0',
      message: '{"reason":"é"}',
    });
    expect(text).toBe(
      '<85>1 2026-12-06T18:00:00.123Z desk_pc twofold 42 user.2fa.disable [meta sequenceId="7"][origin software="Two\\"fold\\]" swVersion="0.1.0"] \uFEFF{"reason":"é"}',
    );
    const framed = octetCounted(text);
    const reader = new OctetCountedReader();
    // Split in the middle of a multi-byte character: the reader waits for the rest.
    expect(reader.push(framed.subarray(0, framed.length - 2))).toEqual([]);
    expect(reader.push(framed.subarray(framed.length - 2))).toEqual([text]);
  });
});

describe.skipIf(skipReason('desktop audit forwarding over TLS', noKeychain ?? opensslUnavailable()))(
  'the local audit log forwarded as managed: syslog over TLS with the organisation CA, and JSON lines',
  () => {
    let dir: string;
    let cert: { certFile: string; keyFile: string };
    let listener: SyslogListener;
    let port: number;
    let managed: string;
    const keychain = osKeychain();
    const logPath = () => join(dir, 'helpdesk-audit.log');
    const jsonPath = () => join(dir, 'forwarded.jsonl');
    const settings = () => ({
      syslog: { url: `tls://127.0.0.1:${port}`, caFile: cert.certFile },
      jsonLines: jsonPath(),
    });
    const open = () =>
      new LocalAuditLog(logPath(), Date.now, { keychain, forwarding: async () => settings(), settleMs: 100 });
    let files: { cert: Buffer; key: Buffer };
    const newListener = () => new SyslogListener(files);
    const jsonSeqs = async () =>
      existsSync(jsonPath())
        ? (await readFile(jsonPath(), 'utf8'))
            .split('\n')
            .filter(Boolean)
            .map((line) => (JSON.parse(line) as { seq: number }).seq)
        : [];
    const firstSeen = (seqs: number[]) => seqs.filter((seq, index) => seqs.indexOf(seq) === index);

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'twofold-forward-desk-'));
      cert = selfSignedCert(dir);
      files = { cert: await readFile(cert.certFile), key: await readFile(cert.keyFile) };
      listener = newListener();
      await listener.start();
      port = listener.port;
      managed = join(dir, 'managed.json');
      await writeFile(managed, JSON.stringify({ auditForwarding: settings() }));
    });

    afterAll(async () => {
      await listener?.stop();
      await keychain.delete(`helpdesk-audit-key:${resolve(logPath())}`).catch(() => false);
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('sends each record as it is written, in order, to both', async () => {
      const log = open();
      for (let n = 1; n <= 5; n++) await log.append(action(n));
      await until(() => listener.messages.length >= 5, 'five messages at the TLS listener');
      expect(listener.messages.map((m) => m.sequenceId)).toEqual([1, 2, 3, 4, 5]);
      const first = listener.messages[0]!;
      expect(first.appName).toBe('twofold');
      expect(first.pri).toBe(84); // authpriv.warning: a failed action
      expect(listener.messages[1]!.pri).toBe(85); // authpriv.notice
      expect(first.record).toMatchObject({
        seq: 1,
        actor: 'hdadmin',
        target: 'user1',
        reason: action(1).reason,
        keyed: true,
      });
      await until(async () => (await jsonSeqs()).length === 5, 'five JSON lines');
      expect(await jsonSeqs()).toEqual([1, 2, 3, 4, 5]);
      await until(async () => (await log.forwardingStatus()).every((s) => s.backlog === 0), 'no backlog');
      await log.closeForwarding();
    });

    it('keeps what the receiver missed while it was down, shows the backlog, and sends it in order after', async () => {
      const log = open();
      await listener.stop();
      for (let n = 6; n <= 9; n++) await log.append(action(n));
      await until(async () => (await jsonSeqs()).length === 9, 'the JSON lines during the outage');
      await until(
        async () =>
          (await log.forwardingStatus()).find((s) => s.destination.startsWith('syslog'))?.backlog === 4,
        'a syslog backlog of 4',
      );
      const status = await log.forwardingStatus();
      expect(status.find((s) => s.destination.startsWith('syslog'))?.lastError).toMatch(
        /ECONNREFUSED|closed/,
      );
      // The app quits with the backlog; the next start (another instance) sends it.
      await log.closeForwarding();
      listener = newListener();
      await listener.start(port);
      const next = open();
      expect(await next.drainForwarding(15_000)).toBe(true);
      expect(firstSeen(listener.messages.map((m) => m.sequenceId))).toEqual([6, 7, 8, 9]);
      expect(await jsonSeqs()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      await next.closeForwarding();
    });

    it('`twofold admin audit --verify` shows the backlog of each destination (managed setting)', async () => {
      await listener.stop();
      const log = open();
      await log.append(action(10));
      await log.closeForwarding();
      const env = { TWOFOLD_HOME: dir, TWOFOLD_MANAGED_SETTINGS: managed };
      const verify = await runBin('twofold', ['admin', 'audit', '--verify'], { env });
      expect(verify.stdout).toContain('The local audit log is whole: 10 record(s)');
      expect(verify.stdout).toMatch(/Forwarded to syslog tls:\/\/127\.0\.0\.1:\d+: 1 record\(s\) waiting/);
      expect(verify.stdout).toContain(`Forwarded to json ${jsonPath()}: nothing waiting.`);
      expect(verify.status).toBe(0);
      // With the receiver back, the CLI sends what waits before it exits.
      listener = newListener();
      await listener.start(port);
      const again = await runBin('twofold', ['admin', 'audit', '--verify'], { env });
      expect(again.stdout).toMatch(
        /Forwarded to syslog tls:\/\/127\.0\.0\.1:\d+: (1 record\(s\) waiting|nothing waiting)/,
      );
      await until(() => listener.messages.some((m) => m.sequenceId === 10), 'record 10 sent by the CLI');
    });

    it('refuses a receiver whose certificate the CA file does not vouch for', async () => {
      const other = await mkdtemp(join(tmpdir(), 'twofold-other-ca-'));
      try {
        const stranger = selfSignedCert(other);
        const log = new LocalAuditLog(join(other, 'log'), Date.now, {
          keychain,
          forwarding: async () => ({ syslog: { url: `tls://127.0.0.1:${port}`, caFile: stranger.certFile } }),
          settleMs: 50,
        });
        const before = listener.messages.length;
        await log.append(action(1));
        expect(await log.drainForwarding(1500)).toBe(false);
        const [status] = await log.forwardingStatus();
        expect(status?.backlog).toBe(1);
        expect(status?.lastError).toMatch(/certificate|self.signed|signature/i);
        expect(listener.messages.length).toBe(before);
        await log.closeForwarding();
        await keychain.delete(`helpdesk-audit-key:${resolve(join(other, 'log'))}`);
      } finally {
        await rm(other, { recursive: true, force: true });
      }
    });
  },
);
