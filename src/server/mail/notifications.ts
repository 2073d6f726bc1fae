import type { Mailer, MailMessage } from './mailer';

/** What happened to an account, for the email its owner receives. */
export type AccountEvent =
  | { kind: 'twofa-enabled' }
  | { kind: 'twofa-disabled'; byHelpDesk: boolean }
  | { kind: 'twofa-reset' }
  | { kind: 'temporary-code-issued'; expiresAt: number; uses: number }
  | { kind: 'recovery-code-used'; left: number }
  | { kind: 'recovery-codes-regenerated' }
  | { kind: 'trusted-device-added'; device: string };

/** When and from where it happened (the client address the server saw, and the device when known). */
export interface EventOrigin {
  /** The server's name as its users know it (the otpauth issuer). */
  server: string;
  at: number;
  address: string | null;
  device?: string | undefined;
}

export interface Recipient {
  login: string;
  name: string;
  email: string | null;
}

const when = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';

const NOT_YOU =
  'If this was not you, contact your help desk at once: someone may know your password. ' +
  'Change your password as soon as you can sign in.';

function describe(event: AccountEvent): { subject: string; what: string; advice: string } {
  switch (event.kind) {
    case 'twofa-enabled':
      return {
        subject: 'Two-factor authentication was turned on',
        what: 'Two-factor authentication was turned on for your account. Signing in now needs a code from your authenticator.',
        advice: NOT_YOU,
      };
    case 'twofa-disabled':
      return {
        subject: 'Two-factor authentication was turned off',
        what: event.byHelpDesk
          ? 'The help desk turned two-factor authentication off for your account. Your password alone now signs you in; turn it back on under Account Security.'
          : 'Two-factor authentication was turned off for your account. Your password alone now signs you in.',
        advice: NOT_YOU,
      };
    case 'twofa-reset':
      return {
        subject: 'Your two-factor authentication was reset',
        what: 'The help desk reset two-factor authentication on your account. At your next sign-in you will be asked to set up a new authenticator before anything else.',
        advice: NOT_YOU,
      };
    case 'temporary-code-issued':
      return {
        subject: 'A temporary sign-in code was issued for your account',
        what: `The help desk issued a temporary access code for your account, valid until ${when(event.expiresAt)} for ${event.uses === 1 ? 'one sign-in' : `${event.uses} sign-ins`}. Signing in with it takes you straight to setting up a new authenticator.`,
        advice:
          'If you did not ask the help desk for this code, contact them at once and ask them to revoke it.',
      };
    case 'recovery-code-used':
      return {
        subject: 'A recovery code was used to sign in',
        what: `One of your recovery codes was used to sign in to your account; ${event.left} ${event.left === 1 ? 'is' : 'are'} left. Each works only once.`,
        advice: NOT_YOU,
      };
    case 'recovery-codes-regenerated':
      return {
        subject: 'New recovery codes were made',
        what: 'New recovery codes were made for your account; the old ones no longer work.',
        advice: NOT_YOU,
      };
    case 'trusted-device-added':
      return {
        subject: 'A new device will not be asked for codes',
        what: `A new device (${event.device}) was trusted on your account: it will not be asked for a code for 30 days.`,
        advice: `${NOT_YOU} You can ask the help desk to revoke the device.`,
      };
  }
}

export function notificationMessage(to: Recipient, event: AccountEvent, origin: EventOrigin): MailMessage {
  const { server } = origin;
  const { subject, what, advice } = describe(event);
  const from = [origin.address ? `address ${origin.address}` : null, origin.device ?? null]
    .filter((part) => part !== null)
    .join(', ');
  const text = [
    `Hello ${to.name},`,
    '',
    what,
    '',
    `Account: ${to.login} on ${server}`,
    `When: ${when(origin.at)}`,
    `From: ${from === '' ? 'unknown' : from}`,
    '',
    advice,
    '',
    '— Twofold account server (an automatic message; replies are not read)',
  ].join('\n');
  return { to: to.email ?? '', subject: `[${server}] ${subject}`, text };
}

/** The one-time code the help desk asks the caller to read back (verifying who is on the phone). */
export function callerCheckMessage(to: Recipient, code: string, helper: string, server: string): MailMessage {
  return {
    to: to.email ?? '',
    subject: `[${server}] Your confirmation code for the help desk: ${code}`,
    text: [
      `Hello ${to.name},`,
      '',
      `The help desk (${helper}) is asking you to confirm that you are the person on the phone or in the chat.`,
      `Read this code back to them: ${code}`,
      '',
      'The code works for 10 minutes. If you are not talking to the help desk right now, do not give this code to anyone, and contact your help desk.',
      '',
      '— Twofold account server (an automatic message; replies are not read)',
    ].join('\n'),
  };
}

/**
 * Emails account owners about security events. Off when no relay is configured
 * or the account has no address; a failed send is logged (without the message) and
 * never undoes the action it reports.
 */
export class Notifier {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly mailer: Mailer,
    private readonly log: (line: string) => void = (line) => console.error(line),
  ) {}

  get enabled(): boolean {
    return this.mailer.enabled;
  }

  /** Notifications handed to the relay and not yet settled. */
  get queued(): number {
    return this.pending.size;
  }

  notify(to: Recipient, event: AccountEvent, origin: EventOrigin): void {
    if (!this.mailer.enabled || to.email === null || to.email === '') return;
    const sending = this.mailer
      .send(notificationMessage(to, event, origin))
      .catch((error: unknown) => {
        this.log(
          `twofold-server: could not email ${to.login} about ${event.kind}: ${error instanceof Error ? error.message : String(error)}`,
        );
      })
      .finally(() => this.pending.delete(sending));
    this.pending.add(sending);
  }

  /** Sends in the background (failures logged, without the message), like `notify`, any message. */
  sendLater(message: MailMessage, what: string): void {
    if (!this.mailer.enabled || message.to === '') return;
    const sending = this.mailer
      .send(message)
      .catch((error: unknown) => {
        this.log(
          `twofold-server: could not email ${what}: ${error instanceof Error ? error.message : String(error)}`,
        );
      })
      .finally(() => this.pending.delete(sending));
    this.pending.add(sending);
  }

  /** Sends now and reports failure to the caller (used where the mail is the point, e.g. a caller check). */
  async sendNow(message: MailMessage): Promise<void> {
    await this.mailer.send(message);
  }

  close(): void {
    this.mailer.close();
  }

  /** Waits for notifications in flight (on shutdown). */
  async settle(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}
