import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import {
  DRIVERS,
  enrollSelf,
  isHelpdeskError,
  SERVER_KINDS,
  type HelpdeskSession,
  type ServerKind,
} from '../../desktop/helpdesk';
import { capabilityViews } from '../../shared/admin-api/capabilities';
import { say } from '../terminal-text';
import { UsageError } from '../usage-error';
import { ask, personFacing, readStdinSecret } from './admin-io';
import { codeFromVault, openVault, vaultOffer } from './admin-vault';
import { client, signedIn, stepUpPassword, withCommon, withoutTwofaNotice, type Common } from './admin';

/** `twofold admin login`, `logout`, `capabilities` and `enroll-self`: the admin's own session and account. */
export function registerSessionCommands(admin: Command): void {
  withCommon(admin.command('login'))
    .description(
      'sign in to an account server and save it as a profile (the password and token go to the keychain)',
    )
    .requiredOption('--server <url>', 'the server address, https:// (http:// only on this machine)')
    .requiredOption('--login <login>', 'your administrator or help-desk login')
    .option('--password-stdin', 'read the password from stdin instead of asking')
    .option('--code <code>', 'your own 2FA code, if your account has 2FA')
    .option('--code-from-vault', 'take your 2FA code from the matching entry in the vault')
    .option('--ca-file <pem>', "trust this CA certificate for this server (your organisation's own CA)")
    .addOption(
      new Option(
        '--kind <kind>',
        `the kind of server: ${DRIVERS.map((entry) => `${entry.kind} (${entry.label})`).join(', ')}; found out from the server when not given`,
      ).choices(SERVER_KINDS),
    )
    .option('--db <name>', 'the Odoo/Flectra database (taken from the server when it has only one)')
    .option('--remember-password', 'keep the password in the keychain so confirmations do not ask for it')
    .action(
      async (
        options: Common & {
          server: string;
          login: string;
          code?: string;
          codeFromVault?: boolean;
          caFile?: string;
          rememberPassword?: boolean;
          kind?: ServerKind;
          db?: string;
        },
      ) => {
        await personFacing(async () => {
          const password = options.passwordStdin
            ? await readStdinSecret('The password')
            : await ask(`Password for ${options.login}: `, true);
          if (!password) throw new UsageError('give the password on a terminal or with --password-stdin.');
          const base = {
            name: options.profile,
            url: options.server,
            login: options.login,
            password,
            rememberPassword: options.rememberPassword,
            ...(options.caFile ? { caFile: resolve(options.caFile) } : {}),
            ...(options.kind ? { kind: options.kind } : {}),
            ...(options.db ? { db: options.db } : {}),
          };
          const cli = client();
          let code = options.code;
          if (code === undefined && options.codeFromVault)
            code = await codeFromVault(options, options.server, options.login, options.profile);
          let session: HelpdeskSession;
          try {
            session = await cli.signIn({ ...base, code });
          } catch (error) {
            if (!isHelpdeskError(error, 'CODE_REQUIRED') || code !== undefined) throw error;
            // The vault's code is offered, never used on its own: an empty answer is the person's yes.
            const offer = await vaultOffer(options, options.server, options.login, options.profile);
            const typed = await ask(
              offer
                ? `Two-factor code (press Enter to use Twofold's code for ${offer}): `
                : 'Two-factor code: ',
            );
            const chosen =
              typed === '' && offer
                ? await codeFromVault(options, options.server, options.login, options.profile)
                : typed;
            if (!chosen) throw new UsageError('this account uses 2FA: give --code (or --code-from-vault).');
            session = await cli.signIn({ ...base, code: chosen });
          }
          await session.close();
          console.log(
            `Signed in to ${session.profile.url} as ${session.profile.login} (profile "${session.profile.name}", until ${session.expiresAt}).`,
          );
          const unprotected = withoutTwofaNotice(session);
          if (unprotected) console.log(unprotected);
          const missing = capabilityViews(session.capabilities).filter((view) => !view.offered);
          if (missing.length > 0)
            console.log(
              `This server does not offer: ${missing.map((view) => view.label.toLowerCase()).join('; ')} (\`twofold admin capabilities\` says why).`,
            );
        });
      },
    );

  withCommon(admin.command('logout'))
    .description('sign out and forget the token')
    .action(async (options: Common) => {
      await personFacing(async () => {
        const cli = client();
        const profile = await cli.profiles.resolve(options.profile);
        const session = await cli.resume(profile.name).catch(() => null);
        if (session) await cli.signOut(session);
        await cli.credentials.clear(profile.name);
        say(`Signed out of ${profile.name}.`);
      });
    });

  withCommon(admin.command('capabilities'))
    .description('what the signed-in server offers, and for what it does not, why')
    .option('--json', 'print JSON')
    .action(async (options: Common & { json?: boolean }) => {
      await signedIn(options, null, async (session) => {
        const views = capabilityViews(session.capabilities);
        if (options.json)
          return console.log(
            JSON.stringify(
              { kind: session.kind, serverVersion: session.serverVersion, capabilities: views },
              null,
              2,
            ),
          );
        const version = session.serverVersion ? `, version ${session.serverVersion}` : '';
        say(`${session.profile.name} (${session.profile.url}) is a ${session.kind} server${version}.`);
        for (const view of views)
          say(view.offered ? `  yes  ${view.label}` : `  no   ${view.label}: ${view.why}`);
      });
    });

  withCommon(admin.command('enroll-self'))
    .description('turn on 2FA for your own account, with the secret stored straight into the vault')
    .option('--password-stdin', 'read your password from stdin for the confirmation')
    .action(async (options: Common) => {
      await signedIn(options, 'setupSelf', async (session, cli) => {
        const vault = await openVault(options, true);
        try {
          const result = await enrollSelf(session.connection, vault, stepUpPassword(cli, session, options));
          await cli.enrolled(session);
          say(
            `2FA is on for ${session.profile.login}; the vault now holds "${result.entry.issuer}: ${result.entry.account}".`,
          );
          if (result.recoveryCodes.length > 0) {
            say('\nRecovery codes — shown once; keep them somewhere safe, each works one time:');
            for (const code of result.recoveryCodes) say(`  ${code}`);
          }
        } finally {
          vault.close();
        }
      });
    });
}
