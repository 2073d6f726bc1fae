import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import lockfile from 'proper-lockfile';
import { z } from 'zod';
import { createTransport, isHelpdeskError, openDriver, withStepUp } from '../../../src/desktop/helpdesk';
import type { SessionToken } from '../../../src/desktop/helpdesk/driver';
import { encodeBase32 } from '../../../src/shared/otp/base32';
import { OdooSession } from '../../../src/desktop/helpdesk/drivers/odoo/rpc';
import { WITNESS_MARK } from '../../../src/desktop/helpdesk/drivers/odoo/odoo-driver';
import { CodeSource, nextRealStep, nextStep } from './codes';
import { resetTestClock } from '../../support/test-clock.mjs';
import { passkeyRegistration, type CreationOptions } from './passkey';
import { FakeOdoo, type FakeOdooVersion } from './fake-odoo';

const run = promisify(execFile);
const SHARED = resolve(__dirname, '../../../../shared/odoo');

/** An Odoo server to run the same tests against: the fake one, or a real Odoo 17 from start-odoo.sh. */
export interface OdooTarget {
  readonly name: string;
  readonly url: string;
  readonly db: string;
  /** Whether /web/database/list names the database (a real server here runs with list_db = False). */
  readonly listsDatabases: boolean;
  readonly hdadmin: OdooPerson;
  readonly alice: OdooPerson & { readonly secret: string };
  readonly bob: OdooPerson;
  /** Whether a code is refused once its step was used (Odoo 19): a person waits for the next one. */
  readonly refusesReusedCodes: boolean;
  /** 'test' when the server follows the tests' clock (test-clock.mjs: the fakes), else 'real'. */
  readonly clock: 'test' | 'real';
  /** Lets the current time step end: at once on the tests' clock, in real time for a real server. */
  nextStep(): Promise<void>;
  /** The server's major version (15 … 19). */
  readonly major: number;
  /** Makes many extra users (idempotent). */
  addMany(count: number): Promise<void>;
  /** A new user with 2FA on, under a fresh login each call (so a test may use up its code checks). */
  addTotpUser(prefix: string): Promise<OdooPerson & { secret: string }>;
  stop(): Promise<void>;
}

/** Someone who signs in to Odoo. */
export interface OdooPerson {
  readonly login: string;
  readonly password: string;
}

/** A login no earlier run used: the real servers keep their database between runs. */
const freshLogin = (prefix: string): string => `${prefix}-${Date.now().toString(36)}`;

/** A TOTP secret as Odoo makes them: 20 random bytes in base32. */
const randomSecret = (): string => encodeBase32(randomBytes(20));

/** One real Odoo source tree to start (start-odoo.sh takes 15.0 to 19.0). */
export interface RealOdooTree {
  /** e.g. "odoo19", or "ODOO_SRC". */
  readonly name: string;
  readonly src: string;
}

const TREE_NAMES = ['odoo15', 'odoo16', 'odoo17', 'odoo18', 'odoo19'] as const;

/**
 * The real trees to run against, in turn: `ODOO_TREES=<dir>` holding odoo15 … odoo19 (each present one),
 * and `ODOO_SRC` as before.
 */
export const REAL_ODOO_TREES: readonly RealOdooTree[] = [
  ...(process.env.ODOO_TREES
    ? TREE_NAMES.map((name) => ({ name, src: join(process.env.ODOO_TREES ?? '', name) })).filter((tree) =>
        existsSync(tree.src),
      )
    : []),
  ...(process.env.ODOO_SRC ? [{ name: 'ODOO_SRC', src: process.env.ODOO_SRC }] : []),
];

if (process.env.ODOO_TREES)
  for (const name of TREE_NAMES)
    if (!existsSync(join(process.env.ODOO_TREES, name)))
      console.warn(`[skipped] real ${name}: no ${name} folder in ODOO_TREES=${process.env.ODOO_TREES}`);

/** Why the real-server tests do not run here, or null when they do. */
export const realOdooSkip: string | null =
  REAL_ODOO_TREES.length > 0
    ? null
    : 'neither ODOO_SRC (one Odoo tree) nor ODOO_TREES (a folder of odoo15 … odoo19 trees) is set: no Odoo source to start a real server from (see ../shared/odoo/README.md)';

/** The trees as `describe.each` rows; a placeholder row when there are none (its suite is skipped). */
export const realOdooRows = (): (readonly [string, RealOdooTree])[] =>
  REAL_ODOO_TREES.length > 0
    ? REAL_ODOO_TREES.map((tree) => [tree.name, tree] as const)
    : [['none', { name: 'none', src: '' }] as const];

/** The Odoo lines the fake answers as, each run through the same suites. */
export const FAKE_ODOO_VERSIONS: readonly FakeOdooVersion[] = [15, 17, 18, 19];

/**
 * The fake Odoo of one version. From 18 on, hdadmin has a passkey (auth_passkey installs itself in 19), so
 * its identity check asks for the passkey first.
 */
export async function fakeOdooTarget(
  version: FakeOdooVersion = 17,
  options: { passkeyOnly?: boolean } = {},
): Promise<OdooTarget> {
  const fake = await new FakeOdoo({ version, ...options }).start();
  const alice = { login: 'alice', password: 'alice-pass-1', secret: 'CKTAHHE7FEMRRA2NDMSIBGUSL3Q2M6AD' };
  fake.addUser({ login: 'admin', name: 'Administrator', password: 'admin', admin: true });
  fake.addUser({
    login: 'hdadmin',
    name: 'Helpdesk Admin',
    password: 'hdadmin-pass-1',
    admin: true,
    passkeys: version >= 18,
  });
  fake.addUser({ login: 'alice', name: 'Alice Example', password: alice.password, totpSecret: alice.secret });
  fake.addUser({ login: 'bob', name: 'Bob Example', password: 'bob-pass-1' });
  let added = false;
  return {
    name: `the fake Odoo ${version}`,
    major: version,
    url: fake.url,
    db: fake.db,
    listsDatabases: true,
    refusesReusedCodes: version >= 19,
    clock: 'test',
    nextStep,
    hdadmin: { login: 'hdadmin', password: 'hdadmin-pass-1' },
    alice,
    bob: { login: 'bob', password: 'bob-pass-1' },
    async addMany(count) {
      if (!added) fake.addMany(count, 'load');
      added = true;
    },
    async addTotpUser(prefix) {
      const person = { login: freshLogin(prefix), password: `${prefix}-pass-1`, secret: randomSecret() };
      fake.addUser({ ...person, name: person.login, totpSecret: person.secret });
      return person;
    },
    stop: () => fake.stop(),
  };
}

/**
 * A real Odoo 17 (start-odoo.sh, in a fixed work folder so a rerun takes seconds). Test files that use it
 * take turns (a lock on the folder: each starts and stops the server and changes its users). Every run
 * starts from, and leaves, the state start-odoo.sh makes: hdadmin and bob without 2FA, alice with 2FA on
 * her known secret.
 */
export async function realOdooTarget(
  tree: RealOdooTree = { name: 'ODOO_SRC', src: process.env.ODOO_SRC ?? '' },
  options: { discuss?: boolean } = {},
): Promise<OdooTarget> {
  // A real Odoo keeps real time: so do this process and the CLI runs talking to it.
  resetTestClock();
  // One work folder per tree: each keeps its own database, and reruns take seconds. With Discuss, a
  // database of its own: the other tests expect a server without chatter.
  const work = join(
    process.env.TWOFOLD_ODOO_WORK ?? '/tmp/twofold-odoo-test',
    options.discuss ? `${tree.name}-mail` : tree.name,
  );
  await mkdir(work, { recursive: true });
  await chmod(work, 0o755);
  const release = await lockfile.lock(work, {
    lockfilePath: `${work}/twofold-tests.lock`,
    stale: 60_000,
    retries: { retries: 1200, minTimeout: 1000, maxTimeout: 2000 },
  });
  const env = { ...process.env, ODOO_WORK: work, ODOO_SRC: tree.src };
  try {
    await run('bash', [`${SHARED}/start-odoo.sh`], { env, timeout: 600_000, maxBuffer: 16 << 20 });
    const ready = await readFile(`${work}/ready.env`, 'utf8');
    const value = (name: string) => {
      const found = new RegExp(`^${name}=['"]?([^'"\\n]*)`, 'm').exec(ready)?.[1];
      if (!found) throw new Error(`no ${name} in ${work}/ready.env:\n${ready}`);
      return found;
    };
    const url = value('ODOO_URL');
    const db = value('ODOO_DB');
    const alice = {
      login: 'alice',
      password: value('ODOO_ALICE_PASSWORD'),
      secret: value('ODOO_ALICE_TOTP_SECRET'),
    };
    const hdadmin = { login: 'hdadmin', password: value('ODOO_ADMIN_PASSWORD') };
    if (options.discuss) await installDiscuss(url, db);
    await resetTwofa(url, db, ['hdadmin', 'bob']);
    const major = await serverMajor(url, db);
    // As the fake does from 18 on: an admin with a passkey, whose identity checks ask for it first
    // (auth_passkey installs itself in 19).
    if (major >= 19) await givePasskey(url, db, hdadmin);
    return {
      name: `a real Odoo (${tree.name})`,
      major,
      url,
      db,
      listsDatabases: false,
      // Not known before sign-in; waiting for the next code is right on every version.
      refusesReusedCodes: true,
      clock: 'real',
      nextStep: nextRealStep,
      hdadmin,
      alice,
      bob: { login: 'bob', password: value('ODOO_BOB_PASSWORD') },
      async addMany(count) {
        await createLoadUsers(url, db, count);
      },
      async addTotpUser(prefix) {
        const person = { login: freshLogin(prefix), password: `${prefix}-pass-1`, secret: randomSecret() };
        await asAdmin(url, db, (_connection, rpc) =>
          rpc.callKw(
            'res.users',
            'create',
            [{ login: person.login, name: person.login, password: person.password }],
            {
              context: { no_reset_password: true },
            },
          ),
        );
        await restoreTwofa(url, db, person);
        return person;
      },
      async stop() {
        try {
          await resetTwofa(url, db, ['hdadmin', 'bob']);
          await restoreTwofa(url, db, alice);
          await run('bash', [`${SHARED}/stop-odoo.sh`], { env, timeout: 120_000 });
        } finally {
          await release();
        }
      },
    };
  } catch (error) {
    // A server that started but could not be set up (e.g. Discuss failing to install) is not left running.
    await run('bash', [`${SHARED}/stop-odoo.sh`], { env, timeout: 120_000 }).catch(() => undefined);
    await release();
    throw error;
  }
}

type Connection = ReturnType<Awaited<ReturnType<typeof openDriver>>['connect']>;

/** The built-in administrator (uid 2) that start-odoo.sh keeps: for what a test sets up on the server. */
export const ADMIN: OdooPerson = { login: 'admin', password: 'admin' };

/**
 * Signs in as `who` and hands `work` the driver's connection, the raw JSON-RPC session beside it and
 * what the sign-in said (the server's version among it).
 */
async function signedIn<T>(
  url: string,
  db: string,
  who: OdooPerson,
  work: (connection: Connection, rpc: OdooSession, session: SessionToken) => Promise<T>,
  timeoutMs?: number,
): Promise<T> {
  const transport = await createTransport({ url, ...(timeoutMs ? { timeoutMs } : {}) });
  try {
    const driver = await openDriver('odoo', transport, { db });
    const session = await driver.signIn(who);
    return await work(driver.connect(session.token), new OdooSession(transport, session.token), session);
  } catch (error) {
    if (isHelpdeskError(error)) throw new Error(error.message, { cause: error });
    throw error;
  } finally {
    await transport.close();
  }
}

const asAdmin = <T>(
  url: string,
  db: string,
  work: (connection: Connection, rpc: OdooSession) => Promise<T>,
) => signedIn(url, db, ADMIN, work);

/**
 * Signs in to a real Odoo as `who` and hands `work` the raw JSON-RPC session (with the driver's
 * connection beside it): for what a test does on the server that the driver has no call for.
 */
export const asPerson = <T>(
  target: Pick<OdooTarget, 'url' | 'db'>,
  who: OdooPerson,
  work: (rpc: OdooSession, connection: Connection) => Promise<T>,
): Promise<T> => signedIn(target.url, target.db, who, (connection, rpc) => work(rpc, connection));

/**
 * Installs the Discuss module (mail) as Odoo's Apps menu does, once: start-odoo.sh installs base, web
 * and auth_totp only, and keeps a database that has more. Gives hdadmin what Odoo asks of whoever posts
 * a note on a contact, as a real agent has: an email address (else "Unable to send message, please
 * configure the sender's email address") and "Contact Creation" (else "You are not allowed to modify
 * 'Contact' (res.partner) records"; Settings does not imply it).
 */
async function installDiscuss(url: string, db: string): Promise<void> {
  await signedIn(
    url,
    db,
    ADMIN,
    async (_connection, rpc) => {
      const modules = z.array(z.object({ id: z.number(), state: z.string() })).parse(
        await rpc.callKw('ir.module.module', 'search_read', [[['name', '=', 'mail']]], {
          fields: ['state'],
        }),
      );
      const mail = modules[0];
      if (!mail) throw new Error(`${url} has no mail module to install`);
      if (mail.state !== 'installed')
        await rpc.callKw('ir.module.module', 'button_immediate_install', [[mail.id]]);
      const hdadmin = (await rpc.callKw('res.users', 'search', [[['login', '=', 'hdadmin']]])) as number[];
      const [contactCreation] = await groupIds(rpc, ['group_partner_manager']);
      await rpc.callKw('res.users', 'write', [
        hdadmin,
        { email: 'hdadmin@example.com', [await groupsField(rpc)]: [[4, contactCreation]] },
      ]);
      // The database is kept between runs; earlier runs' witness notes speak for local logs that are
      // gone, from this very computer: the witness would rightly call the new log a replaced one.
      const earlier = (await rpc.callKw('mail.message', 'search', [
        [['body', 'ilike', WITNESS_MARK]],
      ])) as number[];
      if (earlier.length > 0) await rpc.callKw('mail.message', 'unlink', [earlier]);
    },
    900_000,
  );
}

/** The ids of groups of the base module, by their XML names (e.g. "group_user"), in that order. */
export async function groupIds(rpc: OdooSession, names: readonly string[]): Promise<number[]> {
  const rows = z.array(z.object({ name: z.string(), res_id: z.number() })).parse(
    await rpc.callKw(
      'ir.model.data',
      'search_read',
      [
        [
          ['module', '=', 'base'],
          ['name', 'in', names],
        ],
      ],
      { fields: ['name', 'res_id'] },
    ),
  );
  return names.map((name) => {
    const row = rows.find((r) => r.name === name);
    if (!row) throw new Error(`no group base.${name}`);
    return row.res_id;
  });
}

/** The field of res.users that sets a user's groups: Odoo 19 renamed groups_id to group_ids. */
export async function groupsField(rpc: OdooSession): Promise<'groups_id' | 'group_ids'> {
  const fields = z
    .record(z.string(), z.unknown())
    .parse(await rpc.callKw('res.users', 'fields_get', [], { attributes: ['type'] }));
  return 'group_ids' in fields ? 'group_ids' : 'groups_id';
}

/** The server's major version, as the driver learned it at sign-in. */
async function serverMajor(url: string, db: string): Promise<number> {
  const version = await signedIn(url, db, ADMIN, async (_connection, _rpc, session) => session.serverVersion);
  const major = Number(/\d+/.exec(version ?? '')?.[0]);
  if (!Number.isInteger(major)) throw new Error(`${url} did not say its version at sign-in (${version})`);
  return major;
}

/**
 * Gives `who` a passkey, as Odoo 19's "Add Passkey" does: the identity check (password in the
 * context), then the registration options the server hands back, answered by a software
 * authenticator. Kept when it is there already. Afterwards Odoo's identity checks for `who` ask for
 * the passkey first, which this checks.
 */
async function givePasskey(url: string, db: string, who: OdooPerson): Promise<void> {
  await signedIn(url, db, who, async (connection, rpc) => {
    const me = await connection.userByLogin(who.login);
    const [record] = (await rpc.callKw('res.users', 'read', [[me.id], ['auth_passkey_key_ids']])) as {
      auth_passkey_key_ids: number[];
    }[];
    if ((record?.auth_passkey_key_ids.length ?? 0) === 0) {
      type Action = { res_model?: string; res_id?: number; context?: { registration?: CreationOptions } };
      let action = (await rpc.callButton('res.users', 'action_create_passkey', [[me.id]])) as Action;
      if (action.res_model === 'res.users.identitycheck') {
        action = (await rpc.callButton('res.users.identitycheck', 'run_check', [[action.res_id]], {
          password: who.password,
        })) as Action;
      }
      const options = action.context?.registration;
      if (!options) throw new Error(`Odoo did not start a passkey registration: ${JSON.stringify(action)}`);
      const origin = (await rpc.callKw('ir.config_parameter', 'get_param', ['web.base.url'])) as string;
      const wizard = (await rpc.callKw('auth.passkey.key.create', 'create', [
        { name: 'Twofold test passkey' },
      ])) as number;
      await rpc.callKw('auth.passkey.key.create', 'make_key', [
        [wizard],
        passkeyRegistration(options, origin),
      ]);
    }
    const defaults = (await rpc.callKw('res.users.identitycheck', 'default_get', [['auth_method']])) as {
      auth_method?: string;
    };
    if (defaults.auth_method !== 'webauthn')
      throw new Error(`${who.login}'s identity check asks for ${defaults.auth_method}, not the passkey`);
  });
}

async function resetTwofa(url: string, db: string, logins: string[]): Promise<void> {
  await asAdmin(url, db, async (connection) => {
    for (const login of logins) {
      const user = await connection.userByLogin(login);
      if (!user.twofa.enabled) continue;
      await withStepUp(
        connection,
        () => connection.disableTwofa(user.id, 'test reset'),
        async () => 'admin',
      );
    }
  });
}

/**
 * Turns 2FA back on for a user whose 2FA a test turned off, with the secret they had (so a rerun's
 * codes and the secret in ready.env still agree): they enroll themselves, with that secret written
 * into Odoo's setup wizard before the code is confirmed.
 */
async function restoreTwofa(
  url: string,
  db: string,
  user: { login: string; password: string; secret: string },
): Promise<void> {
  const transport = await createTransport({ url });
  try {
    const driver = await openDriver('odoo', transport, { db });
    let token: string;
    try {
      ({ token } = await driver.signIn({ login: user.login, password: user.password }));
    } catch (error) {
      if (isHelpdeskError(error, 'CODE_REQUIRED')) return; // 2FA is still on
      throw error;
    }
    const connection = driver.connect(token);
    const me = await connection.userByLogin(user.login);
    await withStepUp(
      connection,
      () => connection.setupSelf(),
      async () => user.password,
    );
    const rpc = new OdooSession(transport, token);
    const wizards = (await rpc.callKw('auth_totp.wizard', 'search', [[['user_id', '=', me.id]]], {
      order: 'id desc',
      limit: 1,
    })) as number[];
    await rpc.callKw('auth_totp.wizard', 'write', [wizards, { secret: user.secret }]);
    const codes = new CodeSource(user.secret, 'real');
    await connection.enableSelf(await codes.next());
    // The known secret is the one in force: a code from it signs the user in (Odoo accepts a code twice).
    await driver.signIn({ login: user.login, password: user.password, code: await codes.next() });
  } finally {
    await transport.close();
  }
}

/** `count` users named load00001…, created through JSON-RPC in batches; those already there are kept. */
async function createLoadUsers(url: string, db: string, count: number): Promise<void> {
  await signedIn(
    url,
    db,
    ADMIN,
    async (_connection, rpc) => {
      const existing = (await rpc.callKw('res.users', 'search_count', [
        [['login', '=like', 'load%']],
      ])) as number;
      for (let from = existing + 1; from <= count; from += 500) {
        const batch = [];
        for (let i = from; i < Math.min(from + 500, count + 1); i++) {
          const n = String(i).padStart(5, '0');
          batch.push({ login: `load${n}`, name: `Load User ${n}` });
        }
        await rpc.callKw('res.users', 'create', [batch], { context: { no_reset_password: true } });
      }
    },
    600_000,
  );
}

/** Signs in on the web as a browser would, ticking "don't ask again on this device" (a trusted device). */
export async function trustDeviceOnWeb(
  target: OdooTarget,
  code: string,
  who: OdooPerson = target.alice,
): Promise<void> {
  const ua =
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
  let cookie = '';
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';')[0] ?? '';
      if (pair.startsWith('session_id=')) cookie = pair;
    }
  };
  const auth = await fetch(`${target.url}/web/session/authenticate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': ua },
    body: JSON.stringify({
      jsonrpc: '2.0',
      method: 'call',
      params: { db: target.db, login: who.login, password: who.password },
      id: 1,
    }),
  });
  keep(auth);
  const form = await fetch(`${target.url}/web/login/totp`, { headers: { cookie, 'user-agent': ua } });
  keep(form);
  const csrf = /name="csrf_token" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const done = await fetch(`${target.url}/web/login/totp`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'user-agent': ua, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf_token: csrf, totp_token: code, remember: '1' }).toString(),
  });
  if (done.status !== 303) throw new Error(`trusting a device: HTTP ${done.status}`);
}
