import type { Locale } from '../../shared/i18n/locales';
import { wordsFor, type RichValues, type ServerMessageId, type Values, type Words } from '../i18n';
import { CALLER_CHECK_TTL_MS } from '../services/caller-checks';
import { TRUSTED_DEVICE_TTL_MS } from '../services/trusted-devices';
import { html, type SafeHtml } from '../web/html';
import type { GuardedAction, ProofKind, Role } from '../../shared/admin-api/vocabulary';
import { proofsKey } from '../services/guarded-actions';
import { ltr } from '../web/layout';
import type { Mailer, MailMessage } from './mailer';

/** What happened to an account, for the email its owner receives. */
export type AccountEvent =
  | { kind: 'twofa-enabled' }
  | { kind: 'twofa-disabled'; byHelpDesk: boolean }
  | { kind: 'twofa-reset' }
  | { kind: 'temporary-code-issued'; expiresAt: number; uses: number }
  | { kind: 'recovery-code-used'; left: number }
  | { kind: 'recovery-codes-regenerated' }
  | { kind: 'trusted-device-added'; device: string | null };

/** When and from where it happened (the client address the server saw, and the device when known). */
export interface EventOrigin {
  /** The server's name as its users know it (the otpauth issuer). */
  server: string;
  at: number;
  address: string | null;
  device?: string | undefined;
  /** Done on the server's own command line (`twofold-server user …`). */
  commandLine?: boolean | undefined;
}

export interface Recipient {
  login: string;
  name: string;
  email: string | null;
  /** The language the person chose; none: English, the server's default. */
  locale?: Locale | null | undefined;
}

/** One paragraph of a mail, as plain text and as HTML (data such as logins and codes kept left to right). */
interface Paragraph {
  text: string;
  html: SafeHtml;
}

function paragraph(
  words: Words,
  id: ServerMessageId,
  values: Values = {},
  leftToRight: readonly string[] = [],
): Paragraph {
  const rich: RichValues = { ...values };
  for (const key of leftToRight) rich[key] = ltr(String(values[key]));
  return { text: words.t(id, values), html: words.rich(id, rich) };
}

/** A mail in the recipient's words: the text part, and the same paragraphs as HTML in their language's direction. */
function mailOf(
  words: Words,
  to: Recipient,
  subject: string,
  paragraphs: readonly (Paragraph | Paragraph[])[],
  greet = true,
): MailMessage {
  const blocks = [
    ...(greet ? [[paragraph(words, 'server.mail.greeting', { name: to.name })]] : []),
    ...paragraphs.map((block) => (Array.isArray(block) ? block : [block])),
    [paragraph(words, 'server.mail.footer')],
  ];
  return {
    to: to.email ?? '',
    subject,
    text: blocks.map((lines) => lines.map((line) => line.text).join('\n')).join('\n\n'),
    html: html`<!doctype html>
      <html lang="${words.locale}" dir="${words.dir}">
        <head>
          <meta charset="utf-8" />
          <title>${subject}</title>
        </head>
        <body>
          ${blocks.map((lines) => html`<p>${lines.map((line, i) => html`${i > 0 ? html`<br />` : ''}${line.html}`)}</p>`)}
        </body>
      </html>`.value,
  };
}

const TRUST_DAYS = Math.round(TRUSTED_DEVICE_TTL_MS / 86_400_000);

function describe(
  words: Words,
  event: AccountEvent,
): { subject: ServerMessageId; what: Paragraph; advice: Paragraph } {
  const notYou = paragraph(words, 'server.mail.notYou');
  switch (event.kind) {
    case 'twofa-enabled':
      return {
        subject: 'server.mail.enabledSubject',
        what: paragraph(words, 'server.mail.enabled'),
        advice: notYou,
      };
    case 'twofa-disabled':
      return {
        subject: 'server.mail.disabledSubject',
        what: paragraph(words, event.byHelpDesk ? 'server.mail.disabledByHelpDesk' : 'server.mail.disabled'),
        advice: notYou,
      };
    case 'twofa-reset':
      return {
        subject: 'server.mail.resetSubject',
        what: paragraph(words, 'server.mail.reset'),
        advice: notYou,
      };
    case 'temporary-code-issued':
      return {
        subject: 'server.mail.temporaryCodeSubject',
        what: paragraph(words, 'server.mail.temporaryCode', {
          until: words.moment(event.expiresAt),
          uses: event.uses,
        }),
        advice: paragraph(words, 'server.mail.temporaryCodeAdvice'),
      };
    case 'recovery-code-used':
      return {
        subject: 'server.mail.recoveryUsedSubject',
        what: paragraph(words, 'server.mail.recoveryUsed', { left: event.left }),
        advice: notYou,
      };
    case 'recovery-codes-regenerated':
      return {
        subject: 'server.mail.regeneratedSubject',
        what: paragraph(words, 'server.mail.regenerated'),
        advice: notYou,
      };
    case 'trusted-device-added':
      return {
        subject: 'server.mail.trustedDeviceSubject',
        what:
          event.device === null
            ? paragraph(words, 'server.mail.trustedBrowser', { days: TRUST_DAYS })
            : paragraph(words, 'server.mail.trustedDevice', { device: event.device, days: TRUST_DAYS }),
        advice: paragraph(words, 'server.mail.trustedDeviceAdvice'),
      };
  }
}

function fromLine(words: Words, origin: EventOrigin): Paragraph {
  if (origin.commandLine) return paragraph(words, 'server.mail.fromCommandLine');
  const { address, device } = origin;
  if (address && device) {
    return paragraph(words, 'server.mail.fromAddressDevice', { address, device }, ['address']);
  }
  if (address) return paragraph(words, 'server.mail.fromAddress', { address }, ['address']);
  if (device) return paragraph(words, 'server.mail.fromDevice', { device });
  return paragraph(words, 'server.mail.fromUnknown');
}

/** The mail about an event, in the recipient's language (English when they chose none). */
export async function notificationMessage(
  to: Recipient,
  event: AccountEvent,
  origin: EventOrigin,
): Promise<MailMessage> {
  const words = await wordsFor(to.locale);
  const { server } = origin;
  const { subject, what, advice } = describe(words, event);
  return mailOf(words, to, `[${server}] ${words.t(subject)}`, [
    what,
    [
      paragraph(words, 'server.mail.account', { login: to.login, server }, ['login']),
      paragraph(words, 'server.mail.when', { when: words.moment(origin.at) }),
      fromLine(words, origin),
    ],
    advice,
  ]);
}

const CALLER_CHECK_MINUTES = Math.round(CALLER_CHECK_TTL_MS / 60_000);

/** The one-time code the help desk asks the caller to read back (verifying who is on the phone). */
export async function callerCheckMessage(
  to: Recipient,
  code: string,
  helper: string,
  server: string,
): Promise<MailMessage> {
  const words = await wordsFor(to.locale);
  return mailOf(words, to, `[${server}] ${words.t('server.mail.callerCheckSubject', { code })}`, [
    [
      paragraph(words, 'server.mail.callerCheck', { helper }),
      paragraph(words, 'server.mail.callerCheckCode', { code }, ['code']),
    ],
    paragraph(words, 'server.mail.callerCheckAdvice', { minutes: CALLER_CHECK_MINUTES }),
  ]);
}

/** The `select` key of a reset, disable or temporary code in the server's messages. */
export function actionKey(action: GuardedAction): 'reset' | 'disable' | 'temporary' {
  return action === 'reset-2fa' ? 'reset' : action === 'disable-2fa' ? 'disable' : 'temporary';
}

/** The mail the user gets at once for an action that waits out its cooldown, with the stop link. */
export async function pendingActionMessage(
  to: Recipient,
  action: { action: GuardedAction; actorName: string; actorLogin: string; dueAt: number },
  stopUrl: string,
  server: string,
): Promise<MailMessage> {
  const words = await wordsFor(to.locale);
  const key = actionKey(action.action);
  return mailOf(words, to, `[${server}] ${words.t('server.mail.pendingSubject', { action: key })}`, [
    [
      paragraph(
        words,
        'server.mail.pending',
        { actor: action.actorName, actorLogin: action.actorLogin, action: key, login: to.login, server },
        ['actorLogin', 'login'],
      ),
      paragraph(words, 'server.mail.pendingWhen', { when: words.moment(action.dueAt) }),
    ],
    [paragraph(words, 'server.mail.pendingStop'), { text: stopUrl, html: ltr(stopUrl) }],
    paragraph(words, 'server.mail.pendingAdvice'),
  ]);
}

/** The mail the security contact gets when a user stops an action with their link (in English: an address has no language). */
export async function stoppedMessage(
  to: string,
  row: {
    action: GuardedAction;
    actor: string;
    reason: string;
    proof: string;
    createdAt: number;
    endedAt: number;
  },
  user: { name: string; login: string },
  lockedUntil: number,
  server: string,
): Promise<MailMessage> {
  const words = await wordsFor(null);
  const key = actionKey(row.action);
  return mailOf(
    words,
    { login: '', name: '', email: to },
    `[${server}] ${words.t('server.mail.stoppedSubject', { login: user.login, action: key, actor: row.actor })}`,
    [
      paragraph(words, 'server.mail.stopped', { name: user.name, login: user.login, action: key }, ['login']),
      [
        paragraph(
          words,
          'server.mail.stoppedRequested',
          { actor: row.actor, when: words.moment(row.createdAt) },
          ['actor'],
        ),
        paragraph(words, 'server.mail.stoppedReason', { reason: row.reason }),
        paragraph(words, 'server.mail.stoppedProof', { proof: row.proof }),
        paragraph(words, 'server.mail.stoppedAt', { when: words.moment(row.endedAt) }),
        paragraph(words, 'server.mail.stoppedLocked', { until: words.moment(lockedUntil) }),
      ],
      paragraph(words, 'server.mail.stoppedAdvice'),
    ],
    false,
  );
}

/** A role's reset policy: the proofs enough for a reset, disable or temporary code, and its cooldown. */
interface ResetRuleShown {
  proofs: readonly ProofKind[];
  cooldownMinutes: number;
}

/** The mail the other administrators get when one of them changes a role's reset policy. */
export async function resetPolicyChangedMessage(
  to: Recipient,
  change: {
    role: Role;
    actorName: string;
    actorLogin: string;
    before: ResetRuleShown;
    after: ResetRuleShown;
    reason: string | undefined;
  },
  origin: EventOrigin,
): Promise<MailMessage> {
  const words = await wordsFor(to.locale);
  const { role, actorName: actor, actorLogin } = change;
  const rule = (id: ServerMessageId, shown: ResetRuleShown) =>
    paragraph(words, id, {
      proofs: words.t('server.api.proofs', { proofs: proofsKey(shown.proofs) }),
      minutes: shown.cooldownMinutes,
    });
  return mailOf(
    words,
    to,
    `[${origin.server}] ${words.t('server.mail.resetPolicySubject', { role, actor })}`,
    [
      paragraph(words, 'server.mail.resetPolicy', { actor, actorLogin, role, server: origin.server }, [
        'actorLogin',
      ]),
      [
        rule('server.mail.resetPolicyBefore', change.before),
        rule('server.mail.resetPolicyAfter', change.after),
        ...(change.reason === undefined
          ? []
          : [paragraph(words, 'server.mail.stoppedReason', { reason: change.reason })]),
        paragraph(words, 'server.mail.when', { when: words.moment(origin.at) }),
        fromLine(words, origin),
      ],
      paragraph(words, 'server.mail.resetPolicyAdvice', { actor }),
    ],
  );
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
    const sending = notificationMessage(to, event, origin)
      .then((message) => this.mailer.send(message))
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
