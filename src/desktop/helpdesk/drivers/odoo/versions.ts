import { z } from 'zod';

/**
 * What differs between the Odoo (and Flectra) versions the driver serves: field names and call shapes,
 * one row per major version. The driver consults this table and nothing else about the version.
 */
export interface OdooApi {
  /** The Odoo line these names come from, e.g. 19. */
  readonly major: number;
  /** The res.users field holding every group of a user, implied ones included (admin detection). */
  readonly groupsField: 'groups_id' | 'all_group_ids';
  /** The identity-checked methods on res.users. */
  readonly methods: { readonly enable: string; readonly disable: string };
  /**
   * How the identity check's password and the enable wizard's code reach the server: written into the
   * wizard first (a stored field), or passed in the button call's context (Odoo 19: no longer stored).
   */
  readonly secretsIn: 'write' | 'context';
  /** Whether the identity check has `auth_method` (password or, with auth_passkey, webauthn). */
  readonly identityCheckMethods: boolean;
  /**
   * What message_post makes of a plain string body: HTML as it is (16 and older: a `<` in a reason
   * would vanish), or text it escapes itself (17 on: escaping first would show the entities).
   */
  readonly noteBody: 'html' | 'text';
}

const CURRENT_METHODS = { enable: 'action_totp_enable_wizard', disable: 'action_totp_disable' } as const;
const row = (major: number, changes: Partial<OdooApi> = {}): OdooApi => ({
  major,
  groupsField: 'groups_id',
  methods: CURRENT_METHODS,
  secretsIn: 'write',
  identityCheckMethods: false,
  noteBody: major <= 16 ? 'html' : 'text',
  ...changes,
});

/** Odoo 14, Flectra 2.0's base: older names for the enable and disable methods. */
const OLDEST = row(14, { methods: { enable: 'totp_enable_wizard', disable: 'totp_disable' } });

/** Observed on real servers (../shared/odoo/README.md); 14 is Flectra 2.0's base, covered by the fake only. */
export const ODOO_VERSIONS: readonly OdooApi[] = [
  OLDEST,
  row(15),
  row(16),
  row(17),
  row(18, { identityCheckMethods: true }),
  row(19, { groupsField: 'all_group_ids', secretsIn: 'context', identityCheckMethods: true }),
];

/** Flectra numbers its own releases: the Odoo line each of its majors is built on. */
const FLECTRA_BASE: Readonly<Record<number, number>> = { 1: 11, 2: 14, 3: 17 };

const versionInfoSchema = z
  .object({
    server_version: z.string(),
    server_version_info: z.array(z.unknown()).optional(),
    server_serie: z.string().optional(),
  })
  .passthrough();

/** The server's version as /web/webclient/version_info says it: shown to people, kept in the profile. */
export function versionFrom(versionInfo: unknown): string | null {
  const parsed = versionInfoSchema.safeParse(versionInfo);
  if (!parsed.success) return null;
  return (parsed.data.server_serie || parsed.data.server_version).slice(0, 32);
}

/**
 * The row for a server version ("19.0", "saas~18.2", "2.0"): its own line, else the nearest older one
 * (a saas release between two lines), and the newest for anything newer; Flectra's numbers go through
 * the Odoo line they are built on.
 */
export function apiFor(version: string | null): OdooApi {
  const major = Number(/(\d+)/.exec(version ?? '')?.[1] ?? NaN);
  // Unknown: the shapes the driver was first built and verified on.
  const line = Number.isFinite(major) ? (FLECTRA_BASE[major] ?? major) : 17;
  const fitting = ODOO_VERSIONS.filter((api) => api.major <= line);
  return fitting[fitting.length - 1] ?? OLDEST;
}
