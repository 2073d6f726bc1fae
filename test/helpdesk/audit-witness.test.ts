import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { osKeychain } from '../../src/desktop/keychain';
import { hashOf, LocalAuditLog } from '../../src/desktop/helpdesk/audit-log';
import { startServer, type RunningServer } from '../support/server-process';
import { keychainUnavailable, skipReason } from '../support/skip';
import { disableAsAgent, twofold } from './support/cli';
import { FakeOdoo } from './support/fake-odoo';
import { asPerson, realOdooRows, realOdooSkip, realOdooTarget, type OdooTarget } from './support/odoo-target';

const noKeychain = keychainUnavailable();

interface Line {
  seq: number;
  at: string;
  actor: string;
  server: string;
  action: string;
  target: string | null;
  reason: string | null;
  result: string;
  prev: string;
  hash: string;
  keyed?: true;
}

/** One tamper attempt: what is done to the log, what --verify must say, and what it said. */
interface Attempt {
  readonly name: string;
  readonly tamper: () => Promise<void>;
  /** What the local check must say (null: the log looks whole on its own). */
  readonly local: RegExp;
  readonly witness: RegExp;
}

const GENESIS = '0'.repeat(64);

/**
 * A help-desk computer (its own TWOFOLD_HOME) signed in to a witness, with a few actions done: the
 * attempts below tamper with its local log, and `twofold admin audit --verify` must report each.
 */
function tamperTable(
  label: string,
  setUp: () => Promise<{ home: string; profile: string[] }>,
  notesOrHeads: () => Promise<number>,
  setUpMs = 120_000,
): void {
  let home: string;
  let profile: string[];
  let path: string;
  let pristine: { log: string; head: string; key: string };
  const keychain = osKeychain();
  const account = () => `helpdesk-audit-key:${resolve(path)}`;
  const rows: string[] = [];

  beforeAll(async () => {
    ({ home, profile } = await setUp());
    path = join(home, 'helpdesk-audit.log');
    pristine = {
      log: await readFile(path, 'utf8'),
      head: await readFile(`${path}.head`, 'utf8'),
      key: (await keychain.get(account())) ?? '',
    };
  }, setUpMs);

  afterAll(async () => {
    if (rows.length > 0)
      console.log(
        [
          `Tamper attempts on the local log, witness: ${label}`,
          '| attempt | `twofold admin audit --verify` said | exit |',
          '|---|---|---|',
          ...rows,
        ].join('\n'),
      );
    if (path) await keychain.delete(account()).catch(() => false);
    if (home) await rm(home, { recursive: true, force: true });
  }, 60_000);

  const lines = (): Line[] =>
    pristine.log
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Line);
  const write = async (entries: readonly Line[], head = true) => {
    await writeFile(path, entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
    const last = entries.at(-1);
    // A careful forger rewrites the head record beside the log to fit.
    if (head)
      await writeFile(
        `${path}.head`,
        `${JSON.stringify({ records: entries.length, hash: last?.hash ?? GENESIS })}\n`,
      );
  };
  /** The chain made again from `entries`, with `key` (taken from the keychain) or plain SHA-256 without. */
  const rechain = (entries: readonly Line[], key: Buffer | null): Line[] => {
    let prev = GENESIS;
    return entries.map((entry, index) => {
      const { hash: _hash, keyed: _keyed, ...rest } = entry;
      const body = { ...rest, seq: index + 1, prev };
      const hash = hashOf(body, key ?? undefined);
      prev = hash;
      return key ? { ...body, hash, keyed: true as const } : { ...body, hash };
    });
  };
  const key = () => Buffer.from((JSON.parse(pristine.key) as { key: string }).key, 'hex');

  const attempts: Attempt[] = [
    {
      name: 'none (the log as written)',
      tamper: async () => undefined,
      local: /The local audit log is whole/,
      witness: /The witness agrees: \d+ head\(s\)/,
    },
    {
      name: 'edited (a reason changed in record 2)',
      tamper: async () => {
        const entries = lines();
        entries[1] = { ...entries[1]!, reason: 'Routine cleanup' };
        await write(entries, false);
      },
      local: /tampered with: record 2 of \d+ — its content was changed/,
      witness: /The witness (agrees|disagrees)/,
    },
    {
      name: 'deleted record (record 2 removed)',
      tamper: async () => write(lines().filter((_, i) => i !== 1)),
      local: /tampered with: record 2 of \d+ — it is numbered 3/,
      witness: /The witness disagrees: .*saw record 2 .*records were deleted/,
    },
    {
      name: 'truncated (last 2 records removed, head record rewritten to fit)',
      tamper: async () => write(lines().slice(0, -2)),
      local: /The local audit log is whole/,
      witness:
        /The witness disagrees: .*saw record \d+ on .*the log holds \d+ record\(s\): records were deleted or the log was cut short/,
    },
    {
      name: 'recomputed chain without the key (record 2 edited, plain SHA-256 as before keying)',
      tamper: async () => {
        const entries = lines();
        entries[1] = { ...entries[1]!, reason: 'Routine cleanup' };
        await write(rechain(entries, null));
      },
      local:
        /tampered with: record 1 of \d+ — it was written without the log’s key \(the chain was recomputed\)/,
      witness: /The witness disagrees: record \d+ is not the one .* saw on .*: the log was rewritten/,
    },
    {
      name: 'recomputed chain with the key taken from the keychain (record 2 edited)',
      tamper: async () => {
        const entries = lines();
        entries[1] = { ...entries[1]!, reason: 'Routine cleanup' };
        await write(rechain(entries, key()));
      },
      local: /The local audit log is whole/,
      witness: /The witness disagrees: record 2 is not the one .* saw on .*: the log was rewritten/,
    },
    {
      name: 'replaced file (a log written with another key)',
      tamper: async () => {
        const other = new LocalAuditLog(join(home, 'forged.log'), Date.now, { keychain });
        for (const entry of lines())
          await other.append({
            actor: entry.actor,
            server: entry.server,
            action: entry.action,
            target: entry.target,
            reason: entry.reason === null ? null : 'Routine cleanup',
            result: entry.result,
          });
        await writeFile(path, await readFile(other.path, 'utf8'));
        await writeFile(`${path}.head`, await readFile(other.headPath, 'utf8'));
        await keychain.delete(`helpdesk-audit-key:${resolve(other.path)}`);
      },
      local:
        /tampered with: record 1 of \d+ — its content was changed, or it was not written with this log’s key/,
      witness: /The witness disagrees: record \d+ is not the one .* saw on .*: the log was rewritten/,
    },
    {
      name: 'deleted files (the log and its head record)',
      tamper: async () => {
        await unlink(path);
        await unlink(`${path}.head`);
      },
      local: /tampered with: the records written with the log's key \(from record 1 on\) are gone/,
      witness: /The witness disagrees: .*saw record \d+ on .*the log holds no records/,
    },
    {
      name: 'deleted files and the key in the keychain',
      tamper: async () => {
        await unlink(path);
        await unlink(`${path}.head`);
        await keychain.delete(account());
      },
      local: /The local audit log is whole: 0 record/,
      witness:
        /The witness disagrees: .* holds record \d+ of log [0-9a-f]{16} sent from this computer .*the log and its key were replaced or deleted/,
    },
  ];

  for (const attempt of attempts) {
    it(`reports: ${attempt.name}`, async () => {
      await writeFile(path, pristine.log);
      await writeFile(`${path}.head`, pristine.head);
      await keychain.set(account(), pristine.key);
      await attempt.tamper();
      const verify = await twofold(home, ['admin', 'audit', '--verify', ...profile]);
      const said = verify.stdout.trim().split('\n');
      rows.push(
        `| ${attempt.name} | ${said.map((line) => line.replace(/\|/g, '\\|')).join('<br>')} | ${verify.code} |`,
      );
      expect(verify.stderr).toBe('');
      expect(said[0]).toMatch(attempt.local);
      expect(said[1]).toMatch(attempt.witness);
      const tampered = attempt.name.startsWith('none') ? 0 : 1;
      expect(verify.code).toBe(tampered);
    }, 60_000);
  }

  it('the witness holds one head per action', async () => {
    expect(await notesOrHeads()).toBeGreaterThanOrEqual(3);
  });
}

describe.skipIf(skipReason('local audit log witnessed by Odoo notes', noKeychain))(
  'the local audit log, witnessed by notes on an Odoo server with Discuss (the fake Odoo)',
  () => {
    let fake: FakeOdoo | undefined;
    afterAll(async () => fake?.stop());
    tamperTable(
      'notes on the fake Odoo 17 (Discuss installed)',
      async () => {
        const odoo = await new FakeOdoo({ mail: true }).start();
        fake = odoo;
        odoo.addUser({ login: 'hdadmin', name: 'Helpdesk Admin', password: 'hdadmin-pass-1', admin: true });
        for (const login of ['alice', 'carol', 'dave'])
          odoo.addUser({
            login,
            name: login,
            password: `${login}-pass-1`,
            totpSecret: 'CKTAHHE7FEMRRA2NDMSIBGUSL3Q2M6AD',
          });
        const { home, profile } = await disableAsAgent(
          odoo,
          { login: 'hdadmin', password: 'hdadmin-pass-1' },
          ['alice', 'carol', 'dave'],
        );
        // The note on alice's record: what was done, by whom, why, and the log's head.
        const [note] = odoo.notesOn('alice');
        expect(note?.body).toMatch(
          /^<p>hdadmin turned off two-factor authentication for alice via Twofold — reason: Lost phone; alice called back \(proof: in person, identity document seen: identity card seen\)\. \[Twofold audit log [0-9a-f]{16} record \d+ head [0-9a-f]{64} from \S+\]<\/p>$/,
        );
        expect(note).toMatchObject({ model: 'res.partner', messageType: 'comment', subtype: 'mail.mt_note' });
        return { home, profile };
      },
      async () => fake?.notes.length ?? 0,
    );
  },
);

describe
  .skipIf(skipReason('local audit log witnessed by notes on a real Odoo', realOdooSkip ?? noKeychain))
  .each(realOdooRows())(
  'the local audit log, witnessed by notes on a real Odoo (%s) with Discuss',
  (_name, tree) => {
    let target: OdooTarget | undefined;
    /** The users whose 2FA the agent turned off, each with their partner (whose chatter holds the note). */
    const people: { login: string; partner: number }[] = [];
    afterAll(async () => target?.stop(), 180_000);
    tamperTable(
      `notes on a real Odoo (${tree.name}, Discuss installed)`,
      async () => {
        const odoo = await realOdooTarget(tree, { discuss: true });
        target = odoo;
        // Fresh users with 2FA on: the database is kept between runs, and alice is other tests' to keep.
        for (const prefix of ['wit-a', 'wit-b', 'wit-c']) {
          const { login } = await odoo.addTotpUser(prefix);
          const partner = await asPerson(odoo, odoo.hdadmin, async (rpc) => {
            const [row] = (await rpc.callKw('res.users', 'search_read', [[['login', '=', login]]], {
              fields: ['partner_id'],
            })) as { partner_id: [number, string] }[];
            return row!.partner_id[0];
          });
          people.push({ login, partner });
        }
        const { home, profile } = await disableAsAgent(
          odoo,
          odoo.hdadmin,
          people.map((person) => person.login),
        );
        // The note as the real server keeps it, on the first user's record.
        const [note] = await notesOn(people[0]!.partner);
        expect(note?.body).toMatch(
          new RegExp(
            `^<p>hdadmin turned off two-factor authentication for ${people[0]!.login} via Twofold — reason: Lost phone; ${people[0]!.login} called back \\(proof: in person, identity document seen: identity card seen\\)\\. \\[Twofold audit log [0-9a-f]{16} record \\d+ head [0-9a-f]{64} from \\S+\\]</p>$`,
          ),
        );
        expect(note).toMatchObject({
          model: 'res.partner',
          message_type: 'comment',
          subtype_id: [expect.any(Number), 'Note'],
        });
        return { home, profile };
      },
      async () => (await Promise.all(people.map(({ partner }) => notesOn(partner)))).flat().length,
      1_800_000,
    );

    /** Twofold's notes on a partner's record, read by hdadmin. */
    const notesOn = (partner: number) =>
      asPerson(
        target!,
        target!.hdadmin,
        async (rpc) =>
          (await rpc.callKw(
            'mail.message',
            'search_read',
            [
              [
                ['model', '=', 'res.partner'],
                ['res_id', '=', partner],
                ['body', 'ilike', 'Twofold audit log'],
              ],
            ],
            { fields: ['body', 'model', 'message_type', 'subtype_id'], order: 'id' },
          )) as { body: string; model: string; message_type: string; subtype_id: [number, string] }[],
      );
  },
);

describe.skipIf(skipReason("local audit log witnessed by Twofold's server", noKeychain))(
  "the local audit log, witnessed by Twofold's own server",
  () => {
    let server: RunningServer | undefined;
    let home: string;
    afterAll(async () => server?.stop());
    tamperTable(
      "Twofold's server (POST /api/admin/v1/audit/witness)",
      async () => {
        const own = await startServer();
        server = own;
        await own.addUser({
          login: 'root',
          name: 'Root Admin',
          role: 'admin',
          password: 'root-password-1234',
        });
        for (const login of ['alice', 'carol', 'dave'])
          await own.addUser({ login, name: login, role: 'user', password: `${login}-password-1234` });
        home = await mkdtemp(join(tmpdir(), 'twofold-witness-server-'));
        const profile = ['--profile', 'own'];
        const login = await twofold(
          home,
          ['admin', 'login', '--server', own.baseUrl, '--login', 'root', '--password-stdin', ...profile],
          'root-password-1234',
        );
        expect(login.code).toBe(0);
        for (const who of ['alice', 'carol', 'dave']) {
          const unlock = await twofold(
            home,
            ['admin', 'unlock', who, '--reason', `Locked out; ${who} called`, '--password-stdin', ...profile],
            'root-password-1234',
          );
          expect(unlock.stderr).toBe('');
          expect(unlock.code).toBe(0);
        }
        return { home, profile };
      },
      async () => {
        // Read through the CLI's session: the heads the server kept for root.
        const cli = await twofold(home, ['admin', 'audit', '--verify', '--json', '--profile', 'own']);
        const answer = JSON.parse(cli.stdout) as { witness: { compared: number } };
        return answer.witness.compared;
      },
    );
  },
);
