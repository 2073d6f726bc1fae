import nodemailer from 'nodemailer';
import type { MailConfig } from './config';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** The same message as HTML (in the recipient's language and its direction). */
  html?: string | undefined;
}

/** Sends mail through the configured relay; `enabled` is false when none is configured. */
export interface Mailer {
  readonly enabled: boolean;
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export const disabledMailer: Mailer = {
  enabled: false,
  send: async () => {
    throw new Error('Email is not configured on this server.');
  },
  close: () => undefined,
};

/** A nodemailer SMTP transport built from the server's configuration. */
export function smtpMailer(config: MailConfig): Mailer {
  const transport = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.tls === 'implicit',
    requireTLS: config.tls === 'starttls',
    ignoreTLS: config.tls === 'none',
    ...(config.auth ? { auth: config.auth } : {}),
    ...(config.ca ? { tls: { ca: config.ca } } : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  return {
    enabled: true,
    async send(message) {
      await transport.sendMail({ from: config.from, ...message });
    },
    close: () => transport.close(),
  };
}
