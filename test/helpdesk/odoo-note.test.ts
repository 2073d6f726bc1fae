import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport, openDriver } from '../../src/desktop/helpdesk';
import { witnessNote } from '../../src/desktop/helpdesk/drivers/odoo/odoo-driver';
import { OdooSession } from '../../src/desktop/helpdesk/drivers/odoo/rpc';
import { skipReason } from '../support/skip';
import { FakeOdoo } from './support/fake-odoo';
import {
  ADMIN,
  asPerson,
  groupIds,
  groupsField,
  realOdooRows,
  realOdooSkip,
  realOdooTarget,
  type OdooPerson,
  type OdooTarget,
} from './support/odoo-target';

/**
 * The witness note (issue 25) as a real Odoo keeps it: the JSON-RPC exchange of posting and reading one,
 * recorded from a real Odoo 17 into a fixture that the fake Odoo is held to, and what a help-desk agent
 * can do afterwards to the note it posted.
 */

const FIXTURE = join(import.meta.dirname, 'fixtures/odoo17-chatter-note.json');

/** The note Twofold posts, with a reason holding every character HTML escapes. */
const NOTE = witnessNote({
  logId: '0123456789abcdef',
  seq: 2,
  hash: 'ab'.repeat(32),
  computer: 'help desk 1',
  actor: 'hdadmin',
  action: 'user.2fa.disable',
  target: 'alice',
  userId: null,
  reason: `Lost phone; "alice" <called> & it's her`,
  result: 'ok',
});

/** Fields of the note read back: the driver's (body, date) and what says whose note it is. */
const NOTE_FIELDS = ['body', 'date', 'model', 'res_id', 'author_id', 'message_type', 'subtype_id'];

interface Exchange {
  readonly name: string;
  readonly path: string;
  readonly request: { jsonrpc: '2.0'; method: 'call'; params: Record<string, unknown>; id: number };
  readonly status: number;
  readonly response: unknown;
}

interface Fixture {
  readonly recorded: string;
  /** The partner the note went on and its author's partner, as numbered on the recording server. */
  readonly ids: { readonly partner: number; readonly author: number };
  readonly exchanges: readonly Exchange[];
}

/** One call_kw, kept whole: the request as sent and the reply as parsed (no cookie: it is a header). */
async function exchange(
  rpc: OdooSession,
  name: string,
  model: string,
  method: string,
  args: unknown[],
  kwargs: Record<string, unknown>,
  id: number,
): Promise<Exchange> {
  const path = `/web/dataset/call_kw/${model}/${method}`;
  const request = {
    jsonrpc: '2.0' as const,
    method: 'call' as const,
    params: { model, method, args, kwargs },
    id,
  };
  const answer = await rpc.transport.request('POST', path, { cookie: rpc.cookie, json: request });
  rpc.keep(answer);
  return { name, path, request, status: answer.status, response: answer.body };
}

/** Posting the note on `partner` and reading it back, as the driver does. */
async function postAndRead(rpc: OdooSession, partner: number, author: number): Promise<Exchange[]> {
  const post = await exchange(
    rpc,
    'post the note on the user’s partner',
    'res.partner',
    'message_post',
    [[partner]],
    { body: NOTE, message_type: 'comment', subtype_xmlid: 'mail.mt_note' },
    1,
  );
  const read = await exchange(
    rpc,
    'read the note back',
    'mail.message',
    'search_read',
    [
      [
        ['model', '=', 'res.partner'],
        ['res_id', '=', partner],
        ['author_id', '=', author],
        ['body', 'ilike', 'Twofold audit log'],
      ],
    ],
    { fields: NOTE_FIELDS, order: 'id desc', limit: 1 },
    2,
  );
  return [post, read];
}

/**
 * What is compared between two replies: the JSON types everywhere, and the values that are the same on any
 * server (the note's body as stored, the subtype's name, the message type), the ids and dates by form.
 */
function shape(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => shape(item, key));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([name]) => name !== 'debug')
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, item]) => [name, shape(item, name)]),
    );
  if (['body', 'message_type', 'model', 'jsonrpc'].includes(key)) return value;
  if (key === 'subtype_id' && typeof value === 'string') return value;
  if (key === 'date' && typeof value === 'string')
    return /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(value) ? 'YYYY-MM-DD hh:mm:ss' : value;
  return typeof value;
}

describe('the fake Odoo keeps a witness note as a real Odoo 17 did (recorded exchange)', () => {
  it('answers the recorded message_post and search_read with the recorded shapes and body', async () => {
    const fixture = JSON.parse(await readFile(FIXTURE, 'utf8')) as Fixture;
    const fake = await new FakeOdoo({ mail: true }).start();
    const transport = await createTransport({ url: fake.url });
    try {
      fake.addUser({ login: 'hdadmin', name: 'Helpdesk Admin', password: 'hdadmin-pass-1', admin: true });
      fake.addUser({ login: 'alice', name: 'Alice Example', password: 'alice-pass-1' });
      const rpc = new OdooSession(transport);
      await rpc.call('/web/session/authenticate', {
        db: fake.db,
        login: 'hdadmin',
        password: 'hdadmin-pass-1',
      });
      const partnerOf = async (login: string) => {
        const [user] = (await rpc.callKw('res.users', 'search_read', [[['login', '=', login]]], {
          fields: ['partner_id'],
        })) as { partner_id: [number, string] }[];
        return user!.partner_id[0];
      };
      // The recording server's partner ids, numbered as the fake numbers them.
      const ids = new Map([
        [fixture.ids.partner, await partnerOf('alice')],
        [fixture.ids.author, await partnerOf('hdadmin')],
      ]);
      const renumber = (value: unknown): unknown =>
        Array.isArray(value)
          ? value.map(renumber)
          : typeof value === 'number'
            ? (ids.get(value) ?? value)
            : value;
      for (const recorded of fixture.exchanges) {
        const { params } = recorded.request;
        const replayed = await exchange(
          rpc,
          recorded.name,
          String(params.model),
          String(params.method),
          renumber(params.args) as unknown[],
          params.kwargs as Record<string, unknown>,
          recorded.request.id,
        );
        expect(replayed.status, recorded.name).toBe(recorded.status);
        expect(shape(replayed.response), recorded.name).toEqual(shape(recorded.response));
      }
      expect(fake.notesOn('alice')).toHaveLength(1);
    } finally {
      await transport.close();
      await fake.stop();
    }
  });
});

/** What became of one attempt on the note: done, or the server's refusal (its exception's name). */
async function outcome(attempt: () => Promise<unknown>): Promise<string> {
  try {
    await attempt();
    return 'allowed';
  } catch (error) {
    const name = (error as { exception?: string }).exception;
    return name ? `refused (${name.replace(/^odoo\./, '')})` : `failed (${String(error)})`;
  }
}

/** What each kind of agent did to its own note, per server: printed as a table after the runs. */
const findings: string[] = [];

describe.skipIf(skipReason('chatter notes on a real Odoo', realOdooSkip)).each(realOdooRows())(
  'a witness note on a real Odoo (%s) with Discuss',
  { timeout: 900_000 },
  (_name, tree) => {
    let target: OdooTarget | undefined;
    /** A fresh user (the notes go on their record) and their partner. */
    let subject: { login: string; partner: number };
    /** Agents with "Access Rights" (the least that may turn off someone's 2FA), beside hdadmin. */
    const agents: { kind: string; person: OdooPerson; groups: string[]; email: boolean }[] = [
      { kind: 'Access Rights + Contact Creation', groups: ['group_partner_manager'], email: true },
      { kind: 'Access Rights only', groups: [], email: true },
      {
        kind: 'Access Rights + Contact Creation, no email address',
        groups: ['group_partner_manager'],
        email: false,
      },
    ].map((agent, index) => ({
      ...agent,
      person: { login: `agent${index + 1}-${Date.now().toString(36)}`, password: 'agent-pass-1' },
    }));

    beforeAll(async () => {
      target = await realOdooTarget(tree, { discuss: true });
      const { login } = await target.addTotpUser('noted');
      // As the built-in admin: with Discuss, a new user's contact needs "Contact Creation".
      subject = await asPerson(target, ADMIN, async (rpc) => {
        const field = await groupsField(rpc);
        for (const { person, groups, email } of agents)
          await rpc.callKw(
            'res.users',
            'create',
            [
              {
                login: person.login,
                name: person.login,
                email: email ? `${person.login}@example.com` : false,
                password: person.password,
                [field]: [[6, 0, await groupIds(rpc, ['group_user', 'group_erp_manager', ...groups])]],
              },
            ],
            { context: { no_reset_password: true } },
          );
        const [user] = (await rpc.callKw('res.users', 'search_read', [[['login', '=', login]]], {
          fields: ['partner_id'],
        })) as { partner_id: [number, string] }[];
        return { login, partner: user!.partner_id[0] };
      });
    }, 1_800_000);

    afterAll(async () => {
      await target?.stop();
      if (findings.length > 0)
        console.log(
          [
            'What an agent can do to the witness note it posted (JSON-RPC as that agent):',
            '| server | agent | post | write body | Discuss edit/delete (update_content) | unlink |',
            '|---|---|---|---|---|---|',
            ...findings.splice(0),
          ].join('\n'),
        );
    }, 180_000);

    it('posts and reads the note as recorded (TWOFOLD_RECORD_ODOO_NOTE=1 on Odoo 17 records it again)', async () => {
      const server = target!;
      const { exchanges, author } = await asPerson(server, server.hdadmin, async (rpc, connection) => {
        const me = await connection.userByLogin(server.hdadmin.login);
        const [row] = (await rpc.callKw('res.users', 'read', [[me.id], ['partner_id']])) as {
          partner_id: [number, string];
        }[];
        const author = row!.partner_id[0];
        return { exchanges: await postAndRead(rpc, subject.partner, author), author };
      });
      const recorded: Fixture = {
        recorded: `Odoo ${server.major} (${tree.name}; modules base, web, auth_totp, mail; no demo data), as hdadmin (Settings + Contact Creation, with an email address). Session cookie not kept.`,
        ids: { partner: subject.partner, author },
        exchanges,
      };
      // Both calls answered: a refusal would say the agent lacks what a note needs (see realOdooTarget).
      expect(exchanges.map((e) => Object.keys(e.response as object))).toEqual([
        ['jsonrpc', 'id', 'result'],
        ['jsonrpc', 'id', 'result'],
      ]);
      if (process.env.TWOFOLD_RECORD_ODOO_NOTE === '1' && server.major === 17)
        await writeFile(FIXTURE, `${JSON.stringify(recorded, null, 2)}\n`);
      const fixture = JSON.parse(await readFile(FIXTURE, 'utf8')) as Fixture;
      expect(exchanges.map((e) => e.status)).toEqual(fixture.exchanges.map((e) => e.status));
      const [post, read] = exchanges.map((done) => shape(done.response) as { result: unknown });
      const [posted, readBack] = fixture.exchanges.map((done) => shape(done.response) as { result: unknown });
      // Odoo 19 answers message_post with the new message's id in a list.
      expect(post).toEqual(server.major >= 19 ? { ...posted, result: ['number'] } : posted);
      if (server.major <= 16) {
        // Odoo 15 and 16 take a plain-text body for HTML: "<called>" is sanitized away, not escaped.
        const body = (read!.result as { body: string }[])[0]?.body;
        expect(body).toContain('Lost phone; "alice"  &amp; it\'s her.');
        const anyBody = (rows: unknown) => (rows as object[]).map((row) => ({ ...row, body: 'string' }));
        expect(anyBody(read!.result)).toEqual(anyBody(readBack!.result));
      } else expect(read).toEqual(readBack);
    });

    it('tells what an agent can do to the note it posted', async () => {
      const server = target!;
      /** The note's body as hdadmin reads it, or null once it is gone. */
      const bodyOf = (note: number) =>
        asPerson(server, server.hdadmin, async (rpc) => {
          const rows = (await rpc.callKw('mail.message', 'search_read', [[['id', '=', note]]], {
            fields: ['body'],
          })) as { body: string | false }[];
          return rows[0] ? String(rows[0].body || '') : null;
        });
      const attempts = {
        write: (rpc: OdooSession, note: number) =>
          rpc.callKw('mail.message', 'write', [[note], { body: '<p>rewritten by its author</p>' }]),
        // What the chatter's own "Edit" and "Delete" of a note call (Odoo 16+): delete empties the body.
        edit: (rpc: OdooSession, note: number) =>
          rpc.call('/mail/message/update_content', { message_id: note, body: '', attachment_ids: [] }),
        unlink: (rpc: OdooSession, note: number) => rpc.callKw('mail.message', 'unlink', [[note]]),
      };
      const results: Record<string, Record<string, string>> = {};
      for (const [kind, who] of [
        ['hdadmin (Settings + Contact Creation)', server.hdadmin] as const,
        ...agents.map((agent) => [agent.kind, agent.person] as const),
      ]) {
        const result: Record<string, string> = {};
        for (const [name, attempt] of Object.entries(attempts)) {
          let note: number | null = null;
          const posted = await asPerson(server, who, (rpc) =>
            outcome(async () => {
              const id = (await rpc.callKw('res.partner', 'message_post', [[subject.partner]], {
                body: NOTE,
                message_type: 'comment',
                subtype_xmlid: 'mail.mt_note',
              })) as number | [number];
              note = Array.isArray(id) ? id[0] : id;
            }),
          );
          result.post = posted;
          if (note === null) {
            result[name] = 'no note to try on';
            continue;
          }
          const before = await bodyOf(note);
          const tried = await asPerson(server, who, (rpc) => outcome(() => attempt(rpc, note!)));
          const after = await bodyOf(note);
          const state =
            after === null ? 'gone' : after === before ? 'intact' : after === '' ? 'emptied' : 'changed';
          result[name] = `${tried}, note ${state}`;
        }
        results[kind] = result;
        findings.push(
          `| ${server.name} | ${kind} | ${result.post} | ${result.write} | ${result.edit} | ${result.unlink} |`,
        );
      }
      // Printed first, asserted after: the finding stands in the log even when an assertion fails.
      console.log(`${server.name}: ${JSON.stringify(results)}`);
      // Seen on Odoo 17 (the Discuss UI's own "Edit" and "Delete" are the update_content rows).
      if (server.major === 17) {
        const free = {
          post: 'allowed',
          write: 'allowed, note changed',
          edit: 'allowed, note emptied',
          unlink: 'allowed, note gone',
        };
        expect(results['hdadmin (Settings + Contact Creation)']).toEqual(free);
        expect(results['Access Rights + Contact Creation']).toEqual(free);
        expect(results['Access Rights only']!.post).toBe('refused (exceptions.AccessError)');
        expect(results['Access Rights + Contact Creation, no email address']!.post).toBe(
          'refused (exceptions.UserError)',
        );
      } else expect(results['hdadmin (Settings + Contact Creation)']!.post).toBe('allowed');
    });
  },
);

describe('the witness note keeps a reason as written on every Odoo version', () => {
  it.each([15, 17] as const)(
    'Odoo %i: "<called>" and "&" read back as typed, and the head parses',
    async (version) => {
      const fake = await new FakeOdoo({ version, mail: true }).start();
      fake.addUser({ login: 'hdadmin', name: 'Helpdesk Admin', password: 'hdadmin-pass-1', admin: true });
      fake.addUser({ login: 'alice', name: 'Alice Example', password: 'alice-pass-1' });
      const transport = await createTransport({ url: fake.url });
      try {
        const driver = await openDriver('odoo', transport, { db: fake.db });
        const admin = driver.connect(
          (await driver.signIn({ login: 'hdadmin', password: 'hdadmin-pass-1' })).token,
        );
        const alice = await admin.userByLogin('alice');
        const witness = {
          logId: '0123456789abcdef',
          seq: 3,
          hash: 'cd'.repeat(32),
          computer: 'help desk 1',
          actor: 'hdadmin',
          action: 'user.2fa.disable',
          target: 'alice',
          userId: alice.id,
          reason: `Lost phone; "alice" <called> & it's her`,
          result: 'ok',
        };
        await admin.witnessHead?.(witness);
        const [note] = fake.notesOn('alice');
        // Shown in the chatter as typed: escaped once, whichever side escapes.
        expect(note?.body).toContain('&lt;called&gt; &amp; it');
        expect(note?.body).not.toContain('&amp;lt;');
        expect(await admin.witnessedHeads?.()).toMatchObject([
          { logId: witness.logId, seq: 3, hash: witness.hash },
        ]);
      } finally {
        await transport.close();
        await fake.stop();
      }
    },
  );
});
