import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allUsers,
  createTransport,
  detectKind,
  isHelpdeskError,
  openDriver,
  withStepUp,
  type AccountServerDriver,
  type AdminConnection,
  type Transport,
} from '../../src/desktop/helpdesk';
import { MAX_ANSWER_BYTES } from '../../src/desktop/helpdesk/transport';
import { skipReason } from '../support/skip';
import { CodeSource } from './support/codes';
import { FakeOdoo } from './support/fake-odoo';
import {
  FAKE_ODOO_VERSIONS,
  fakeOdooTarget,
  realOdooRows,
  realOdooSkip,
  realOdooTarget,
  trustDeviceOnWeb,
  type OdooTarget,
} from './support/odoo-target';

async function failure(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return 'no error';
  } catch (error) {
    return isHelpdeskError(error) ? error.code : String(error);
  }
}

/** The transport, noting the largest answer it read (in bytes). */
function measuring(inner: Transport): Transport & { largest: number } {
  return {
    origin: inner.origin,
    largest: 0,
    async request(method, path, options) {
      const answer = await inner.request(method, path, options);
      this.largest = Math.max(this.largest, Buffer.byteLength(answer.text));
      return answer;
    },
    clockOffset: () => inner.clockOffset(),
    close: () => inner.close(),
  };
}

/** The same checks against the fake Odoo and, where ODOO_SRC is given, a real Odoo 17. */
function driverSuite(start: () => Promise<OdooTarget>): void {
  let target: OdooTarget;
  let transport: Transport & { largest: number };
  let driver: AccountServerDriver;
  let admin: AdminConnection;
  // One source for alice's codes: Odoo 19 refuses a code whose step was already used.
  let aliceCodes: CodeSource;

  beforeAll(async () => {
    target = await start();
    aliceCodes = new CodeSource(target.alice.secret, target.clock);
    transport = measuring(await createTransport({ url: target.url, timeoutMs: 300_000 }));
    driver = await openDriver('odoo', transport, { db: target.db });
  }, 600_000);

  afterAll(async () => {
    await transport?.close();
    await target?.stop();
  }, 120_000);

  it('is recognised as Odoo, and finds its database or asks for it', async () => {
    expect(await detectKind(transport)).toBe('odoo');
    if (target.listsDatabases) expect((await openDriver('odoo', transport)).database).toBe(target.db);
    else expect(await failure(() => openDriver('odoo', transport))).toBe('PROFILE');
  });

  it('refuses a wrong password; asks a 2FA account for its code, refuses a wrong one and takes the right one', async () => {
    expect(
      await failure(() => driver.signIn({ login: target.hdadmin.login, password: 'wrong-password' })),
    ).toBe('WRONG_CREDENTIALS');
    const alice = { login: target.alice.login, password: target.alice.password };
    expect(await failure(() => driver.signIn(alice))).toBe('CODE_REQUIRED');
    expect(await failure(() => driver.signIn({ ...alice, code: '000000' }))).toBe('WRONG_CODE');
    const code = await aliceCodes.next();
    const session = await driver.signIn({ ...alice, code });
    expect(Date.parse(session.expiresAt)).toBeGreaterThan(Date.now());
    // Her own 2FA state comes with the sign-in (the console warns an admin who has none).
    expect(session.twofaEnabled).toBe(true);
    await driver.connect(session.token).signOut();
  });

  it('lists users with their 2FA state, filtered and paged on the server', async () => {
    const { token, twofaEnabled } = await driver.signIn(target.hdadmin);
    expect(twofaEnabled).toBe(false);
    admin = driver.connect(token);
    const on = await admin.users({ twofa: 'enabled' });
    expect(on.users.map((u) => u.login)).toContain('alice');
    expect(on.users.every((u) => u.twofa.enabled)).toBe(true);
    const search = await admin.users({ q: 'alic' });
    expect(search.users.map((u) => u.login)).toEqual(['alice']);
    const page = await admin.users({ page: 2, pageSize: 1 });
    expect(page.users).toHaveLength(1);
    expect(page.total).toBeGreaterThanOrEqual(4);
    expect((await admin.userByLogin('HDADMIN')).role).toBe('admin');
    expect((await admin.adoption()).enabled).toBeGreaterThanOrEqual(1);
  });

  it('says check and unlock are not offered, before asking the server', async () => {
    const alice = await admin.userByLogin('alice');
    expect(await failure(() => admin.checkCode(alice.id, '123456'))).toBe('NOT_OFFERED');
    expect(await failure(() => admin.unlock(alice.id, 'a reason here'))).toBe('NOT_OFFERED');
    expect(driver.capabilities.unlock.offered).toBe(false);
  });

  it("lists and revokes a user's trusted devices", async () => {
    await trustDeviceOnWeb(target, await aliceCodes.next());
    const alice = await admin.userByLogin('alice');
    const devices = await admin.devices(alice.id);
    expect(devices.length).toBeGreaterThanOrEqual(1);
    expect(devices[0]?.createdAt).toMatch(/^\d{4}-/);
    const { revoked } = await withStepUp(
      admin,
      () => admin.revokeDevices(alice.id, 'Laptop stolen, reported by phone'),
      async () => target.hdadmin.password,
    );
    expect(revoked).toBe(devices.length);
    expect(await admin.devices(alice.id)).toEqual([]);
  });

  it("disables alice's 2FA after the identity check (wrong password first); she then signs in with her password alone", async () => {
    const admin2 = driver.connect((await driver.signIn(target.hdadmin)).token);
    const alice = await admin2.userByLogin('alice');
    expect(await failure(() => admin2.disableTwofa(alice.id, 'Lost phone, identity checked'))).toBe(
      'STEP_UP_REQUIRED',
    );
    expect(await failure(() => admin2.stepUp('not-my-password'))).toBe('WRONG_CREDENTIALS');
    await admin2.stepUp(target.hdadmin.password);
    const after = await admin2.disableTwofa(alice.id, 'Lost phone, identity checked');
    expect(after.twofa.enabled).toBe(false);
    const session = await driver.signIn({ login: target.alice.login, password: target.alice.password });
    expect(session.token).not.toBe('');
  });

  it('lets bob enroll himself: the wrong code is refused, the right one turns 2FA on', async () => {
    const bob = driver.connect((await driver.signIn(target.bob)).token);
    const setup = await withStepUp(
      bob,
      () => bob.setupSelf(),
      async () => target.bob.password,
    );
    expect(setup.otpauthUri).toMatch(/^otpauth:\/\/totp\/.*bob\?secret=/);
    expect(await failure(() => bob.enableSelf('000000'))).toBe('WRONG_CODE');
    await bob.enableSelf(await new CodeSource(setup.secret, target.clock).next());
    expect(await failure(() => driver.signIn(target.bob))).toBe('CODE_REQUIRED');
    expect(
      await failure(() =>
        withStepUp(
          bob,
          () => bob.setupSelf(),
          async () => target.bob.password,
        ),
      ),
    ).toBe('CONFLICT');
  });

  it('says when the session has ended', async () => {
    const { token } = await driver.signIn(target.hdadmin);
    const ending = driver.connect(token);
    await ending.signOut();
    expect(await failure(() => ending.users({}))).toBe('TOKEN_EXPIRED');
  });

  it('lists 10,000 users page by page, counted on the server', async () => {
    await target.addMany(10_000);
    const started = performance.now();
    const first = await admin.users({ q: 'load', pageSize: 50 });
    const firstMs = performance.now() - started;
    expect(first.total).toBeGreaterThanOrEqual(10_000);
    expect(first.users).toHaveLength(50);
    const last = await admin.users({ q: 'load', pageSize: 100, page: 100 });
    expect(last.users).toHaveLength(100);
    // Every page at once (what `users --all` and the CSV export read), in Odoo's larger pages.
    expect(admin.largestPage).toBe(1000);
    const everyone = await allUsers(admin, { q: 'load' });
    expect(everyone).toHaveLength(first.total);
    expect(new Set(everyone.map((u) => u.login)).size).toBe(first.total);
    // Odoo's largest page (1000 users) fits the answer cap many times over.
    expect(transport.largest).toBeLessThan(MAX_ANSWER_BYTES / 8);
    // Figures for the note, not limits.
    console.log(`${target.name}: the first page of ${first.total} users came in ${firstMs.toFixed(0)} ms`);
    console.log(`${target.name}: the largest answer (a page of 1000 users) was ${transport.largest} bytes`);
  }, 900_000);
}

describe.each(FAKE_ODOO_VERSIONS.map((version) => [version] as const))(
  'the Odoo/Flectra driver against the fake Odoo %i (from the recorded transcripts)',
  { timeout: 60_000 },
  (version) => {
    driverSuite(() => fakeOdooTarget(version));
  },
);

describe.skipIf(skipReason('Odoo driver against a real Odoo', realOdooSkip)).each(realOdooRows())(
  'the Odoo/Flectra driver against a real Odoo (%s)',
  { timeout: 300_000 },
  (_name, tree) => {
    driverSuite(() => realOdooTarget(tree));
  },
);

describe('Flectra 2.0', () => {
  it("uses the older method names and matches Flectra's error names by suffix", async () => {
    const fake = await new FakeOdoo({ flavour: 'flectra2', databases: ['one', 'two'] }).start();
    const transport = await createTransport({ url: fake.url });
    try {
      fake.addUser({ login: 'root', name: 'Root', password: 'root-pass', admin: true });
      fake.addUser({
        login: 'carol',
        name: 'Carol',
        password: 'c',
        totpSecret: 'CKTAHHE7FEMRRA2NDMSIBGUSL3Q2M6AD',
      });
      expect(await failure(() => openDriver('odoo', transport))).toBe('PROFILE');
      const driver = await openDriver('odoo', transport, { db: 'one' });
      expect(await failure(() => driver.signIn({ login: 'root', password: 'nope' }))).toBe(
        'WRONG_CREDENTIALS',
      );
      const root = driver.connect((await driver.signIn({ login: 'root', password: 'root-pass' })).token);
      const carol = await root.userByLogin('carol');
      const after = await withStepUp(
        root,
        () => root.disableTwofa(carol.id, 'lost phone'),
        async () => 'root-pass',
      );
      expect(after.twofa.enabled).toBe(false);
      fake.expireSessions();
      expect(await failure(() => root.users({}))).toBe('TOKEN_EXPIRED');
    } finally {
      await transport.close();
      await fake.stop();
    }
  });
});

describe("Odoo 19's new refusals, in the console's words", () => {
  const secret = 'CKTAHHE7FEMRRA2NDMSIBGUSL3Q2M6AD';

  async function withFake19(
    options: { passkeyOnly?: boolean },
    run: (fake: FakeOdoo, driver: AccountServerDriver) => Promise<void>,
  ): Promise<void> {
    const fake = await new FakeOdoo({ version: 19, ...options }).start();
    const transport = await createTransport({ url: fake.url });
    try {
      fake.addUser({ login: 'root', name: 'Root', password: 'root-pass', admin: true, passkeys: true });
      fake.addUser({ login: 'carol', name: 'Carol', password: 'c', totpSecret: secret });
      await run(fake, await openDriver('odoo', transport, { db: fake.db }));
    } finally {
      await transport.close();
      await fake.stop();
    }
  }

  async function refusal(run: () => Promise<unknown>): Promise<{ code: string; message: string }> {
    try {
      await run();
    } catch (error) {
      if (isHelpdeskError(error)) return { code: error.code, message: error.message };
      throw error;
    }
    throw new Error('no error');
  }

  it('learns the version at sign-in; a reused code is "wait for the next code"; the hourly limit is said as such', async () => {
    await withFake19({}, async (_fake, driver) => {
      const codes = new CodeSource(secret);
      const code = await codes.next();
      const session = await driver.signIn({ login: 'carol', password: 'c', code });
      expect(session.serverVersion).toBe('19.0');
      const replay = await refusal(() => driver.signIn({ login: 'carol', password: 'c', code }));
      expect(replay.code).toBe('WRONG_CODE');
      expect(replay.message).toContain('wait for the next code');
      for (let i = 0; i < 5; i++)
        await failure(() => driver.signIn({ login: 'carol', password: 'c', code: '000000' }));
      const limited = await refusal(() => driver.signIn({ login: 'carol', password: 'c', code: '000000' }));
      expect(limited.code).toBe('THROTTLED');
      expect(limited.message).toContain('Odoo has paused code checks for this account for up to an hour');
    });
  });

  it('confirms a passkey admin with the password; explains when the server offers no password', async () => {
    await withFake19({}, async (_fake, driver) => {
      const root = driver.connect((await driver.signIn({ login: 'root', password: 'root-pass' })).token);
      const carol = await root.userByLogin('carol');
      expect((await root.userByLogin('root')).role).toBe('admin');
      const after = await withStepUp(
        root,
        () => root.disableTwofa(carol.id, 'lost phone'),
        async () => 'root-pass',
      );
      expect(after.twofa.enabled).toBe(false);
    });
    await withFake19({ passkeyOnly: true }, async (_fake, driver) => {
      const root = driver.connect((await driver.signIn({ login: 'root', password: 'root-pass' })).token);
      const carol = await root.userByLogin('carol');
      const refused = await refusal(() =>
        withStepUp(
          root,
          () => root.disableTwofa(carol.id, 'lost phone'),
          async () => 'root-pass',
        ),
      );
      expect(refused.code).toBe('NOT_OFFERED');
      expect(refused.message).toMatch(/passkey, which Twofold cannot use/);
    });
  });
});
