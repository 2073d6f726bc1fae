import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  /** The HTML part ('' when there is none). */
  html: string;
  /** The SMTP login the sender used. */
  user: string | undefined;
  /** Whether the session was encrypted (STARTTLS or implicit TLS). */
  secure: boolean;
}

export interface SmtpSink {
  port: number;
  /** The one SMTP login it accepts. */
  user: string;
  mails: ReceivedMail[];
  /** Waits for a mail to `to` whose subject matches, or fails after `timeoutMs`. */
  waitFor(to: string, subject: RegExp, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

/**
 * A real SMTP server (the `smtp-server` package) on a random loopback port that
 * accepts one login and keeps what arrives, parsed. With `tls`, STARTTLS is offered
 * and required before the login.
 */
export async function startSmtpSink(options: {
  user: string;
  password: string;
  tls?: { key: Buffer; cert: Buffer };
}): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: false,
    allowInsecureAuth: options.tls === undefined,
    disabledCommands: options.tls === undefined ? ['STARTTLS'] : [],
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === options.user && auth.password === options.password) {
        callback(null, { user: auth.username });
      } else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          mails.push({
            from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            user: typeof session.user === 'string' ? session.user : undefined,
            secure: session.secure,
          });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    user: options.user,
    mails,
    async waitFor(to, subject, timeoutMs = 15_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const found = mails.find((mail) => mail.to.includes(to) && subject.test(mail.subject));
        if (found) return found;
        if (Date.now() > end) {
          const seen = mails.map((mail) => `${mail.to.join(',')}: ${mail.subject}`).join('; ');
          throw new Error(
            `no mail to ${to} matching ${subject} after ${timeoutMs} ms (got: ${seen || 'none'})`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The server's environment for sending through `sink` (password in a file, as configured in production). */
export function smtpEnv(sink: SmtpSink, passwordFile: string, extra: Record<string, string> = {}) {
  return {
    TWOFOLD_SERVER_SMTP_HOST: '127.0.0.1',
    TWOFOLD_SERVER_SMTP_PORT: String(sink.port),
    TWOFOLD_SERVER_SMTP_TLS: 'none',
    TWOFOLD_SERVER_SMTP_FROM: 'twofold@example.test',
    TWOFOLD_SERVER_SMTP_USER: sink.user,
    TWOFOLD_SERVER_SMTP_PASSWORD_FILE: passwordFile,
    ...extra,
  };
}
