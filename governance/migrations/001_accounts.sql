-- Accounts: one named person each; credentials; sessions.
-- Times are epoch milliseconds (BIGINT), see governance/db.ts.
CREATE TABLE accounts (
  account_id        TEXT PRIMARY KEY,
  username          TEXT NOT NULL UNIQUE,
  name              TEXT NOT NULL,
  agency_id         TEXT NOT NULL,
  badge             TEXT NOT NULL,
  email             TEXT NOT NULL,
  role              TEXT NOT NULL CHECK (role IN
                      ('analyst', 'program_admin', 'chief_executive', 'auditor', 'oversight')),
  status            TEXT NOT NULL CHECK (status IN
                      ('requested', 'active', 'refused', 'suspended', 'removed')),
  justification     TEXT NOT NULL,
  requested_by      TEXT,
  requested_at_ms   BIGINT NOT NULL,
  decided_by        TEXT,
  decided_at_ms     BIGINT,
  status_reason     TEXT,
  enrolment_sha256  TEXT,
  enrolment_expires_at_ms BIGINT,
  password_hash     TEXT,
  totp_secret       TEXT,
  totp_last_step    BIGINT,
  failed_logins     INTEGER NOT NULL DEFAULT 0,
  locked_until_ms   BIGINT,
  last_used_at_ms   BIGINT,
  removed_at_ms     BIGINT
);
-- One live account per person: by agency and badge, and by e-mail.
CREATE UNIQUE INDEX accounts_one_per_badge ON accounts (agency_id, lower(badge))
  WHERE status NOT IN ('refused', 'removed');
CREATE UNIQUE INDEX accounts_one_per_email ON accounts (lower(email))
  WHERE status NOT IN ('refused', 'removed');

CREATE TABLE sessions (
  token_sha256      TEXT PRIMARY KEY,
  account_id        TEXT NOT NULL REFERENCES accounts (account_id),
  created_at_ms     BIGINT NOT NULL,
  last_seen_at_ms   BIGINT NOT NULL,
  expires_at_ms     BIGINT NOT NULL,
  revoked_at_ms     BIGINT,
  revoked_reason    TEXT
);
CREATE INDEX sessions_by_account ON sessions (account_id);
