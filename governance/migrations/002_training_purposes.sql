-- Training courses (versioned) and completions; the purpose catalogue
-- (versioned); the review queue of flagged requests.
CREATE TABLE training_courses (
  version           INTEGER PRIMARY KEY,
  title             TEXT NOT NULL,
  topics            TEXT NOT NULL,           -- JSON array of topic ids
  published_by      TEXT NOT NULL,
  published_at_ms   BIGINT NOT NULL
);

CREATE TABLE training_completions (
  completion_id     BIGSERIAL PRIMARY KEY,
  account_id        TEXT NOT NULL REFERENCES accounts (account_id),
  course_version    INTEGER NOT NULL REFERENCES training_courses (version),
  completed_at_ms   BIGINT NOT NULL,
  expires_at_ms     BIGINT NOT NULL,
  recorded_by       TEXT NOT NULL,
  recorded_at_ms    BIGINT NOT NULL
);
CREATE INDEX training_by_account ON training_completions (account_id, course_version);

CREATE TABLE purpose_catalogues (
  version           INTEGER PRIMARY KEY,
  document          TEXT NOT NULL,           -- JSON: permitted, prohibited, not_sought
  published_by      TEXT NOT NULL,
  published_at_ms   BIGINT NOT NULL
);

CREATE TABLE review_queue (
  review_id         BIGSERIAL PRIMARY KEY,
  kind              TEXT NOT NULL,
  account_id        TEXT,
  purpose           TEXT,
  case_number       TEXT,
  audit_event_id    TEXT,
  created_at_ms     BIGINT NOT NULL,
  resolved_by       TEXT,
  resolved_at_ms    BIGINT,
  resolution        TEXT
);
