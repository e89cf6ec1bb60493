-- Downloads written to the designated export directory.
CREATE TABLE exports (
  export_id         TEXT PRIMARY KEY,
  account_id        TEXT NOT NULL REFERENCES accounts (account_id),
  purpose           TEXT NOT NULL,
  case_number       TEXT NOT NULL,
  files             TEXT NOT NULL,           -- JSON array of {path, sha256, bytes}
  created_at_ms     BIGINT NOT NULL,
  expires_at_ms     BIGINT NOT NULL,
  purged_at_ms      BIGINT
);
CREATE INDEX exports_by_expiry ON exports (expires_at_ms) WHERE purged_at_ms IS NULL;
