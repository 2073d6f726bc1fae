/**
 * The SQLite schema, migration by migration, applied in order on open (db/migrate.ts).
 * Never edit a shipped one: add a new one here AND the same change in
 * postgres/migrations.ts (test/server/schema-parity.test.ts compares the two schemas).
 * Times are Unix milliseconds.
 */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    login TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('user', 'helpdesk', 'admin')),
    password_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    -- AES-256-GCM under the server key; NULL while 2FA is off.
    totp_secret BLOB,
    totp_enabled_at INTEGER,
    totp_last_used_at INTEGER,
    -- The last accepted time step: only later steps are accepted (replay guard).
    totp_last_step INTEGER,
    -- A secret shown during enrollment, not yet confirmed by a code.
    totp_pending_secret BLOB,
    totp_pending_at INTEGER,
    failed_count INTEGER NOT NULL DEFAULT 0,
    last_failed_at INTEGER
  );
  CREATE INDEX users_twofa ON users ((totp_enabled_at IS NOT NULL), id);

  CREATE TABLE recovery_codes (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at INTEGER
  );
  CREATE INDEX recovery_codes_user ON recovery_codes (user_id);

  CREATE TABLE trusted_devices (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE INDEX trusted_devices_user ON trusted_devices (user_id);

  -- Browser sessions: anonymous (login form), half (password given), full.
  CREATE TABLE web_sessions (
    id_hash TEXT PRIMARY KEY,
    user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
    stage TEXT NOT NULL CHECK (stage IN ('anonymous', 'half', 'full')),
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    step_up_at INTEGER
  );
  CREATE INDEX web_sessions_user ON web_sessions (user_id);

  -- Admin API bearer tokens.
  CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    step_up_at INTEGER
  );
  CREATE INDEX api_tokens_user ON api_tokens (user_id);

  CREATE TABLE address_failures (
    address TEXT PRIMARY KEY,
    failed_count INTEGER NOT NULL,
    last_failed_at INTEGER NOT NULL
  );

  CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT,
    reason TEXT,
    result TEXT NOT NULL,
    client_address TEXT
  );
  CREATE INDEX audit_at ON audit (at);
  -- The audit trail is append-only, enforced by the database itself.
  CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
  CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
  `,
  // The help desk lists by 2FA state in login order: one index serves the filter, the order and the count.
  `
  DROP INDEX users_twofa;
  CREATE INDEX users_twofa_login ON users ((totp_enabled_at IS NOT NULL), login);
  `,
  // Facts about the store itself, e.g. a check value of the server key it was created with.
  `
  CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
  `,
  // Failed sign-ins per address and time window: past a few, they are counted here instead of
  // filling the audit log one line each; a summary line is written when the window ends.
  `
  CREATE TABLE audit_flood (
    window_start INTEGER NOT NULL,
    address TEXT NOT NULL,
    recorded INTEGER NOT NULL,
    counted INTEGER NOT NULL,
    PRIMARY KEY (window_start, address)
  );
  `,
  // The help desk's gentler tools: temporary access codes, required re-enrollment, the per-role
  // enforcement policy, trusted-device details, sign-in history and out-of-band caller checks.
  `
  ALTER TABLE users ADD COLUMN email TEXT;
  -- 'enroll': the next sign-in must set up a new authenticator before reaching anything else.
  ALTER TABLE users ADD COLUMN required_action TEXT CHECK (required_action IN ('enroll'));

  ALTER TABLE trusted_devices ADD COLUMN device_id TEXT;
  ALTER TABLE trusted_devices ADD COLUMN name TEXT;
  ALTER TABLE trusted_devices ADD COLUMN last_seen_at INTEGER;
  ALTER TABLE trusted_devices ADD COLUMN last_address TEXT;
  UPDATE trusted_devices SET device_id = lower(hex(randomblob(6))), last_seen_at = created_at;
  CREATE UNIQUE INDEX trusted_devices_id ON trusted_devices (device_id);

  CREATE TABLE sign_ins (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    at INTEGER NOT NULL,
    client_address TEXT,
    result TEXT NOT NULL CHECK (result IN ('ok', 'refused')),
    factor TEXT NOT NULL
      CHECK (factor IN ('password', 'totp', 'recovery', 'temporary-code', 'trusted-device')),
    channel TEXT NOT NULL CHECK (channel IN ('web', 'api'))
  );
  CREATE INDEX sign_ins_user ON sign_ins (user_id, id);

  CREATE TABLE temp_codes (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    uses_allowed INTEGER NOT NULL,
    uses INTEGER NOT NULL DEFAULT 0,
    created_by TEXT NOT NULL,
    reason TEXT NOT NULL,
    revoked_at INTEGER
  );
  CREATE INDEX temp_codes_user ON temp_codes (user_id);

  CREATE TABLE twofa_policy (
    role TEXT PRIMARY KEY CHECK (role IN ('user', 'helpdesk', 'admin')),
    required INTEGER NOT NULL,
    -- The grace period: a fixed date, or a number of days from the policy (or the account, if newer).
    grace_until INTEGER,
    grace_days INTEGER,
    since INTEGER NOT NULL,
    updated_by TEXT NOT NULL
  );

  CREATE TABLE caller_checks (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    actor TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    matched_at INTEGER
  );
  CREATE INDEX caller_checks_user ON caller_checks (user_id);
  `,
  // Expired browser sessions are found by their expiry (PostgreSQL had this index from its first migration).
  `
  CREATE INDEX web_sessions_expiry ON web_sessions (expires_at);
  `,
  // How far each user's authenticator runs from the server's clock: the time step offset of
  // every accepted code (-1, 0, +1) and of refused codes that would match within ±10 minutes.
  `
  CREATE TABLE code_offsets (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    at INTEGER NOT NULL,
    step_offset INTEGER NOT NULL,
    accepted INTEGER NOT NULL
  );
  CREATE INDEX code_offsets_user ON code_offsets (user_id, id);
  CREATE INDEX code_offsets_at ON code_offsets (at);
  `,
  // The language a person chose for the server's pages and mails (a locale of src/shared/i18n); null: the browser's.
  `
  ALTER TABLE users ADD COLUMN locale TEXT;
  `,
  // Forwarding the audit trail (issue 25): per destination, the last row delivered and which process
  // forwards now; and the heads of help-desk computers' local audit logs that this server witnessed.
  `
  CREATE TABLE audit_forward (
    sink TEXT PRIMARY KEY,
    last_id INTEGER NOT NULL,
    owner TEXT NOT NULL,
    lease_until INTEGER NOT NULL
  );
  CREATE TABLE audit_witness (
    id INTEGER PRIMARY KEY,
    actor TEXT NOT NULL,
    at INTEGER NOT NULL,
    log_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    head TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT,
    computer TEXT
  );
  CREATE INDEX audit_witness_actor ON audit_witness (actor, id);
  CREATE TRIGGER audit_witness_no_update BEFORE UPDATE ON audit_witness BEGIN SELECT RAISE(ABORT, 'audit_witness is append-only'); END;
  CREATE TRIGGER audit_witness_no_delete BEFORE DELETE ON audit_witness BEGIN SELECT RAISE(ABORT, 'audit_witness is append-only'); END;
  `,
  // Issue 25: the proof of a caller's identity with every reset, disable or temporary code
  // (in the audit record), four-eyes approvals, the reset policy per role, and the actions
  // that wait out a cooldown the user can stop (a temporary code works from active_from on).
  `
  ALTER TABLE audit ADD COLUMN proof TEXT;
  ALTER TABLE caller_checks ADD COLUMN kind TEXT NOT NULL DEFAULT 'email';
  ALTER TABLE temp_codes ADD COLUMN active_from INTEGER;

  CREATE TABLE approvals (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    action TEXT NOT NULL CHECK (action IN ('reset-2fa', 'disable-2fa', 'temp-code')),
    reason TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    requested_at INTEGER NOT NULL,
    approved_by TEXT,
    approved_at INTEGER,
    used_at INTEGER
  );
  CREATE INDEX approvals_requested ON approvals (requested_at);

  CREATE TABLE reset_policy (
    role TEXT PRIMARY KEY CHECK (role IN ('user', 'helpdesk', 'admin')),
    proofs TEXT NOT NULL,
    cooldown_minutes INTEGER NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  );

  CREATE TABLE pending_actions (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    action TEXT NOT NULL CHECK (action IN ('reset-2fa', 'disable-2fa', 'temp-code')),
    actor TEXT NOT NULL,
    reason TEXT NOT NULL,
    proof TEXT NOT NULL,
    temp_code_id INTEGER REFERENCES temp_codes(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    due_at INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'cancelled', 'stopped')),
    ended_at INTEGER,
    ended_by TEXT,
    stop_hash TEXT NOT NULL UNIQUE,
    stop_used_at INTEGER
  );
  CREATE INDEX pending_actions_due ON pending_actions (state, due_at);
  CREATE INDEX pending_actions_user ON pending_actions (user_id, id);
  `,
];
