import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CAPABILITY_NAMES,
  createTransport,
  detectKind,
  DRIVERS,
  isHelpdeskError,
  methodsOf,
  openDriver,
  withStepUp,
  type AccountServerDriver,
  type AdminConnection,
  type AdminUser,
  type CapabilityName,
  type ServerKind,
  type Transport,
} from '../../src/desktop/helpdesk';
import { englishTranslate } from '../../src/shared/i18n';
import { ROLES } from '../../src/shared/admin-api/vocabulary';
import { startServer } from '../support/server-process';
import { smtpEnv, startSmtpSink } from '../support/smtp-sink';
import { CodeSource } from './support/codes';
import { fakeOdooTarget } from './support/odoo-target';
import { WebUser } from './support/web-user';

/**
 * One suite every driver in the registry runs (drivers/index.ts): each capability it offers works
 * against its server, and each it does not offer refuses with its own sentence before any request.
 */

interface Account {
  readonly login: string;
  readonly password: string;
}

/** A running server of one kind, with an administrator and two users who have 2FA on known secrets. */
interface Target {
  readonly url: string;
  readonly db?: string;
  readonly admin: Account;
  /** 2FA on: codes are checked, devices and temporary codes listed, and at the end 2FA turned off. */
  readonly subject: Account & { readonly secret: string };
  /** 2FA on: reset at the end (servers that offer it). */
  readonly other: Account;
  stop(): Promise<void>;
}

const PASSWORD = 'conformance-pass-1';
const IN_PERSON = { inPersonNote: 'conformance: passport seen' } as const;

/** How to start a server of each kind: a new driver adds its line here (TypeScript asks for it). */
const TARGETS: Record<ServerKind, () => Promise<Target>> = {
  twofold: async () => {
    const home = await mkdtemp(join(tmpdir(), 'twofold-conformance-'));
    await writeFile(join(home, 'smtp-password'), 'smtp secret 123');
    const sink = await startSmtpSink({ user: 'mailer', password: 'smtp secret 123' });
    const server = await startServer({ env: smtpEnv(sink, join(home, 'smtp-password')) });
    const secrets = new Map<string, string>();
    for (const [login, role] of [
      ['root', 'admin'],
      ['alice', 'user'],
      ['carol', 'user'],
    ] as const) {
      await server.addUser({
        login,
        name: `${login} Example`,
        role,
        password: PASSWORD,
        email: `${login}@example.test`,
      });
    }
    for (const login of ['alice', 'carol']) {
      const web = new WebUser(server.baseUrl);
      expect(await web.login(login, PASSWORD)).toBe('/account');
      await web.enableTwofa(PASSWORD, async (secret) => {
        secrets.set(login, secret);
        return new CodeSource(secret).next();
      });
    }
    // The probes act without a caller on the line: an identity document seen in person is enough
    // for users here, at once (issue 25's proof; the default policy asks a caller check or four-eyes).
    const api = `${server.baseUrl}/api/admin/v1`;
    const json = { 'content-type': 'application/json' };
    const session = (await (
      await fetch(`${api}/session`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ login: 'root', password: PASSWORD }),
      })
    ).json()) as { token: string };
    // Changing a policy needs a fresh password check, as from the console.
    const stepUp = await fetch(`${api}/session/step-up`, {
      method: 'POST',
      headers: { ...json, authorization: `Bearer ${session.token}` },
      body: JSON.stringify({ password: PASSWORD }),
    });
    expect(stepUp.status).toBe(200);
    const policy = await fetch(`${api}/reset-policy/user`, {
      method: 'PUT',
      headers: { ...json, authorization: `Bearer ${session.token}` },
      body: JSON.stringify({ proofs: ['caller-check', 'four-eyes', 'in-person'], cooldownMinutes: 0 }),
    });
    expect(policy.status).toBe(200);
    return {
      url: server.baseUrl,
      admin: { login: 'root', password: PASSWORD },
      subject: { login: 'alice', password: PASSWORD, secret: secrets.get('alice')! },
      other: { login: 'carol', password: PASSWORD },
      async stop() {
        await server.stop();
        await sink.close();
        await rm(home, { recursive: true, force: true });
      },
    };
  },
  odoo: async () => {
    const target = await fakeOdooTarget();
    return {
      url: target.url,
      db: target.db,
      admin: target.hdadmin,
      subject: target.alice,
      other: target.bob,
      stop: () => target.stop(),
    };
  },
};

interface Probe {
  readonly connection: AdminConnection;
  readonly target: Target;
  readonly subject: AdminUser;
  readonly other: AdminUser;
  /** Codes for the subject's authenticator (each step used once). */
  readonly subjectCodes: CodeSource;
  /** Runs an action that may ask for the admin's password first. */
  stepUp<T>(action: () => Promise<T>): Promise<T>;
}

const REASON = 'Conformance suite: the caller was verified.';

/**
 * What "works" means for each capability, run in this order (the ones that change an account last).
 * A capability added to shared/admin-api/capabilities.ts needs its probe here: the first test says so.
 */
const PROBES: readonly [CapabilityName, (probe: Probe) => Promise<void>][] = [
  [
    'users',
    async ({ connection, target }) => {
      const page = await connection.users({ q: target.subject.login });
      expect(page.users.map((user) => user.login)).toContain(target.subject.login);
    },
  ],
  [
    'checkCode',
    async ({ connection, subject, subjectCodes }) => {
      // A right code is also a caller check passed, where the server keeps them.
      expect(await connection.checkCode(subject.id, await subjectCodes.next())).toMatchObject({
        valid: true,
      });
    },
  ],
  [
    'serverAudit',
    async ({ connection }) => {
      expect(Array.isArray(await connection.audit({ limit: 5 }))).toBe(true);
    },
  ],
  [
    'adoption',
    async ({ connection }) => {
      const report = await connection.adoption();
      expect(report.total).toBeGreaterThanOrEqual(3);
      expect(report.enabled).toBeGreaterThanOrEqual(1);
    },
  ],
  [
    'trustedDevices',
    async ({ connection, subject, stepUp }) => {
      expect(Array.isArray(await connection.devices(subject.id))).toBe(true);
      const { revoked } = await stepUp(() => connection.revokeDevices(subject.id, REASON));
      expect(revoked).toBeGreaterThanOrEqual(0);
    },
  ],
  [
    'revokeDevice',
    async ({ connection, subject, stepUp }) => {
      // The server looked for the device and said it has none by that id: the request went through.
      const refused = await stepUp(() => connection.revokeDevice(subject.id, '0123456789ab', REASON)).catch(
        (error: unknown) => error,
      );
      expect(isHelpdeskError(refused, 'NOT_FOUND')).toBe(true);
    },
  ],
  [
    'temporaryAccess',
    async ({ connection, subject, stepUp }) => {
      const issued = await stepUp(() =>
        connection.issueTemporaryCode(subject.id, {
          reason: REASON,
          lifetimeMinutes: 60,
          uses: 1,
          proof: IN_PERSON,
        }),
      );
      expect(issued.code.length).toBeGreaterThanOrEqual(8);
      expect((await connection.temporaryCodes(subject.id)).map((code) => code.id)).toContain(issued.id);
      const left = await connection.revokeTemporaryCode(subject.id, issued.id, REASON);
      expect(left.find((code) => code.id === issued.id)?.state).toBe('revoked');
    },
  ],
  [
    'signInHistory',
    async ({ connection, subject }) => {
      expect((await connection.signIns(subject.id, 5)).length).toBeGreaterThanOrEqual(1);
    },
  ],
  [
    'enforcementPolicy',
    async ({ connection, stepUp }) => {
      expect((await connection.policy()).policies.map((policy) => policy.role).sort()).toEqual(
        [...ROLES].sort(),
      );
      const set = await stepUp(() => connection.setPolicy('admin', { required: false, reason: REASON }));
      expect(set.policies.find((policy) => policy.role === 'admin')?.required).toBe(false);
    },
  ],
  [
    'verifyCaller',
    async ({ connection, subject }) => {
      const check = await connection.startCallerCheck(subject.id);
      expect(check.sentTo).toContain('@');
      expect((await connection.verifyCallerCheck(subject.id, check.id, '000000x')).matched).toBe(false);
    },
  ],
  [
    'serverProof',
    async ({ connection, stepUp }) => {
      const rules = await stepUp(() =>
        connection.setResetPolicy('user', {
          proofs: ['caller-check', 'four-eyes', 'in-person'],
          cooldownMinutes: 0,
        }),
      );
      expect(rules.find((rule) => rule.role === 'admin')?.proofs).toEqual(['four-eyes']);
    },
  ],
  [
    'fourEyes',
    async ({ connection, subject }) => {
      const asked = await connection.requestApproval(subject.id, 'temp-code', REASON);
      expect((await connection.approvals()).map((a) => a.id)).toContain(asked.id);
      const own = await connection.approve(asked.id).catch((error: unknown) => error);
      expect(isHelpdeskError(own, 'FORBIDDEN_ROLE') || isHelpdeskError(own, 'STEP_UP_REQUIRED')).toBe(true);
    },
  ],
  [
    'cooldown',
    async ({ connection }) => {
      expect(Array.isArray(await connection.pendingActions())).toBe(true);
    },
  ],
  [
    'unlock',
    async ({ connection, subject, stepUp }) => {
      expect((await stepUp(() => connection.unlock(subject.id, REASON))).locked).toBe(false);
    },
  ],
  [
    'resetTwofa',
    async ({ connection, other, stepUp }) => {
      await stepUp(() => connection.resetTwofa(other.id, REASON, IN_PERSON));
      expect((await connection.user(other.id)).twofa.enabled).toBe(false);
    },
  ],
  [
    'disableTwofa',
    async ({ connection, subject, stepUp }) => {
      expect((await stepUp(() => connection.disableTwofa(subject.id, REASON, IN_PERSON))).twofa.enabled).toBe(
        false,
      );
    },
  ],
  [
    'enrollSelf',
    async ({ connection, stepUp }) => {
      const setup = await stepUp(() => connection.setupSelf());
      const secret = new URL(setup.otpauthUri).searchParams.get('secret');
      expect(secret).toBeTruthy();
      await connection.enableSelf(await new CodeSource(secret!).next());
    },
  ],
  [
    'newRecoveryCodes',
    async ({ connection, stepUp }) => {
      expect((await stepUp(() => connection.newRecoveryCodes())).recoveryCodes.length).toBeGreaterThan(0);
    },
  ],
];

/** The transport, counting the requests it sends. */
function counting(inner: Transport): Transport & { requests: number } {
  return {
    origin: inner.origin,
    requests: 0,
    request(method, path, options) {
      this.requests++;
      return inner.request(method, path, options);
    },
    clockOffset: () => inner.clockOffset(),
    close: () => inner.close(),
  };
}

it('has a probe for every capability, once', () => {
  expect(PROBES.map(([name]) => name).sort()).toEqual([...CAPABILITY_NAMES].sort());
});

describe.each(DRIVERS.map((entry) => [entry.kind] as const))('the %s driver', (kind) => {
  let target: Target;
  let transport: Transport & { requests: number };
  let driver: AccountServerDriver;
  let probe: Probe;

  beforeAll(async () => {
    target = await TARGETS[kind]();
    transport = counting(await createTransport({ url: target.url, timeoutMs: 60_000 }));
    driver = await openDriver(kind, transport, target.db ? { db: target.db } : {});
    const { token } = await driver.signIn(target.admin);
    const connection = driver.connect(token);
    probe = {
      connection,
      target,
      subject: await connection.userByLogin(target.subject.login),
      other: await connection.userByLogin(target.other.login),
      subjectCodes: new CodeSource(target.subject.secret),
      stepUp: (action) => withStepUp(connection, action, async () => target.admin.password),
    };
    // The subject's enrollment spent the current step.
    probe.subjectCodes.spent();
  }, 180_000);

  afterAll(async () => {
    await transport?.close();
    await target?.stop();
  }, 60_000);

  it('is the kind detection finds at its address', async () => {
    expect(await detectKind(transport)).toBe(kind);
  });

  it.skipIf(kind !== 'twofold')(
    'refuses a policy change on a token without a fresh password as STEP_UP_REQUIRED (Twofold server only: Odoo offers no policies)',
    async () => {
      const fresh = driver.connect((await driver.signIn(target.admin)).token);
      try {
        const change = { proofs: ['in-person' as const], cooldownMinutes: 0 };
        const refusedReset = await fresh.setResetPolicy('admin', change).catch((error: unknown) => error);
        expect(isHelpdeskError(refusedReset, 'STEP_UP_REQUIRED')).toBe(true);
        const refusedPolicy = await fresh.setPolicy('admin', { required: true }).catch((e: unknown) => e);
        expect(isHelpdeskError(refusedPolicy, 'STEP_UP_REQUIRED')).toBe(true);
        const unchanged = (await fresh.policy()).resetPolicies?.find((rule) => rule.role === 'admin');
        expect(unchanged?.proofs).toEqual(['four-eyes']);
        // Given the password, the console's path (step up, then the same call again) goes through.
        const rules = await withStepUp(
          fresh,
          () => fresh.setResetPolicy('helpdesk', { proofs: ['four-eyes'], cooldownMinutes: 60 }),
          async () => target.admin.password,
        );
        expect(rules.find((rule) => rule.role === 'helpdesk')?.proofs).toEqual(['four-eyes']);
      } finally {
        await fresh.signOut();
      }
    },
  );

  for (const [capability, works] of PROBES) {
    it(`${capability}: works where offered, else refuses with its sentence before any request`, async () => {
      const stated = driver.capabilities[capability];
      if (stated.offered) {
        await works(probe);
        return;
      }
      for (const method of methodsOf(capability)) {
        const before = transport.requests;
        const call = probe.connection[method] as (...args: unknown[]) => Promise<unknown>;
        const refused = await call(probe.subject.id, 1, REASON).catch((error: unknown) => error);
        expect(isHelpdeskError(refused, 'NOT_OFFERED'), method).toBe(true);
        expect((refused as Error).message).toBe(
          englishTranslate('helpdesk.error.notOffered', { why: stated.why }),
        );
        expect(transport.requests, `${method} sent a request`).toBe(before);
      }
    }, 120_000);
  }
});
