import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { PersonFacingError } from '../../shared/person-facing-error';

/**
 * How the server reaches its SMTP relay. `tls`: `implicit` (SMTPS, usually port 465),
 * `starttls` (upgrade required, usually 587) or `none` (loopback relays only).
 */
export interface MailConfig {
  host: string;
  port: number;
  tls: 'implicit' | 'starttls' | 'none';
  from: string;
  auth?: { user: string; pass: string } | undefined;
  /** A PEM CA certificate to trust for the relay (an organisation's own CA). */
  ca?: string | undefined;
}

export class MailConfigError extends PersonFacingError {
  override name = 'MailConfigError';
  declare readonly code: 'MAIL_CONFIG';
  constructor(message: string) {
    super('MAIL_CONFIG', message);
  }
}

const Env = z.object({
  TWOFOLD_SERVER_SMTP_HOST: z.string().trim().min(1).max(255),
  TWOFOLD_SERVER_SMTP_PORT: z
    .string()
    .regex(/^\d{1,5}$/, 'a port number')
    .transform(Number)
    .refine((port) => port >= 1 && port <= 65_535, 'a port number from 1 to 65535')
    .optional(),
  TWOFOLD_SERVER_SMTP_TLS: z.enum(['implicit', 'starttls', 'none']).default('starttls'),
  TWOFOLD_SERVER_SMTP_FROM: z.email('an email address such as twofold@example.com'),
  TWOFOLD_SERVER_SMTP_USER: z.string().min(1).max(255).optional(),
  TWOFOLD_SERVER_SMTP_PASSWORD_FILE: z.string().min(1).optional(),
  TWOFOLD_SERVER_SMTP_CA_FILE: z.string().min(1).optional(),
});

const DEFAULT_PORT = { implicit: 465, starttls: 587, none: 25 } as const;

/**
 * Reads the relay from the server's environment; null (notifications off) when no
 * host is configured. The password is read from a file so it stays out of `ps` and logs.
 */
export function mailConfigFromEnv(env: NodeJS.ProcessEnv): MailConfig | null {
  if ((env.TWOFOLD_SERVER_SMTP_HOST ?? '') === '') return null;
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MailConfigError(
      `${String(issue?.path[0] ?? 'SMTP setting')} must be ${issue?.message ?? 'valid'} (email notifications).`,
    );
  }
  const e = parsed.data;
  if ((e.TWOFOLD_SERVER_SMTP_USER === undefined) !== (e.TWOFOLD_SERVER_SMTP_PASSWORD_FILE === undefined)) {
    throw new MailConfigError(
      'set both TWOFOLD_SERVER_SMTP_USER and TWOFOLD_SERVER_SMTP_PASSWORD_FILE, or neither.',
    );
  }
  const readSetting = (name: string, path: string): string => {
    try {
      return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      throw new MailConfigError(`${name}: cannot read ${path} (${(error as NodeJS.ErrnoException).code}).`);
    }
  };
  return {
    host: e.TWOFOLD_SERVER_SMTP_HOST,
    port: e.TWOFOLD_SERVER_SMTP_PORT ?? DEFAULT_PORT[e.TWOFOLD_SERVER_SMTP_TLS],
    tls: e.TWOFOLD_SERVER_SMTP_TLS,
    from: e.TWOFOLD_SERVER_SMTP_FROM,
    auth:
      e.TWOFOLD_SERVER_SMTP_USER === undefined || e.TWOFOLD_SERVER_SMTP_PASSWORD_FILE === undefined
        ? undefined
        : {
            user: e.TWOFOLD_SERVER_SMTP_USER,
            pass: readSetting('TWOFOLD_SERVER_SMTP_PASSWORD_FILE', e.TWOFOLD_SERVER_SMTP_PASSWORD_FILE),
          },
    ca:
      e.TWOFOLD_SERVER_SMTP_CA_FILE === undefined
        ? undefined
        : readSetting('TWOFOLD_SERVER_SMTP_CA_FILE', e.TWOFOLD_SERVER_SMTP_CA_FILE),
  };
}
