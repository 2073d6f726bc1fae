// Issue 25: on real Odoo 15–18 an agent without Contact Creation (or an email address) cannot post the
// witness note (odoo-note.test.ts). The action still happens, but the refusal is no longer dropped:
// it is a record of the local log, and `--verify` says how many actions went unwitnessed.
import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { keychainUnavailable, skipReason } from '../support/skip';
import { disableAsAgent, twofold } from './support/cli';
import { FakeOdoo } from './support/fake-odoo';

const noKeychain = keychainUnavailable();

describe.skipIf(skipReason('a witness that refuses the note', noKeychain))(
  'an Odoo that refuses the witness note',
  { timeout: 120_000 },
  () => {
    let fake: FakeOdoo | undefined;
    let home: string | undefined;
    afterAll(async () => {
      await fake?.stop();
      if (home) await rm(home, { recursive: true, force: true });
    });

    // Real Odoo's two refusals (odoo-note.test.ts): no write access to contacts, and no email address.
    it.each([
      {
        lacks: 'Contact Creation',
        refusal: {
          name: 'odoo.exceptions.AccessError' as const,
          message: 'You are not allowed to create Contacts (res.partner) records.',
        },
        says: /the agent's account needs the "Contact Creation" permission/,
      },
      {
        lacks: 'an email address',
        refusal: {
          name: 'odoo.exceptions.UserError' as const,
          message: "Unable to post message, please configure the sender's email address.",
        },
        says: /the agent's account has no email address/,
      },
    ])(
      'records the refusal ($lacks) in the local log and --verify counts the unwitnessed action',
      async ({ refusal, says }) => {
        await fake?.stop();
        if (home) await rm(home, { recursive: true, force: true });
        fake = await new FakeOdoo({ mail: true }).start();
        fake.addUser({ login: 'hdadmin', name: 'Helpdesk Admin', password: 'hdadmin-pass-1', admin: true });
        fake.addUser({
          login: 'alice',
          name: 'alice',
          password: 'alice-pass-1',
          totpSecret: 'CKTAHHE7FEMRRA2NDMSIBGUSL3Q2M6AD',
        });
        fake.noteRefusal = refusal;
        // The action is done (the helper checks it exits 0): the witness is a second line of
        // defence, not a gate.
        const agent = await disableAsAgent(fake, { login: 'hdadmin', password: 'hdadmin-pass-1' }, ['alice']);
        home = agent.home;
        const { profile } = agent;
        expect(fake.notes).toEqual([]);

        const local = await twofold(home, ['admin', 'audit', '--local', '--json', ...profile]);
        expect(local.code).toBe(0);
        const records = JSON.parse(local.stdout) as {
          action: string;
          target: string;
          result: string;
          reason: string;
        }[];
        expect(records.find((record) => record.action === 'audit.witness')).toMatchObject({
          target: 'alice',
          result: expect.stringMatching(/^failed: /),
          reason: expect.stringMatching(
            /^record \d+ \(user\.2fa\.disable\): The Odoo server refused the audit note/,
          ),
        });
        expect(records.find((record) => record.action === 'audit.witness')?.reason).toMatch(says);

        const verify = await twofold(home, ['admin', 'audit', '--verify', ...profile]);
        expect(verify.stdout).toContain('The local audit log is whole');
        expect(verify.stdout).toContain(
          '1 action(s) were not witnessed: the server refused the note or head',
        );
      },
    );
  },
);
