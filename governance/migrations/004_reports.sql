-- Errors in ALPR data and suspected or confirmed violations of the policy,
-- reported by account holders. Each report opens an item in the review
-- queue, which the chief executive, auditors and oversight work through.
CREATE TABLE reports (
  report_id         BIGSERIAL PRIMARY KEY,
  kind              TEXT NOT NULL CHECK (kind IN ('data_error', 'policy_violation')),
  reporter          TEXT NOT NULL,
  summary           TEXT NOT NULL,
  read_id           TEXT,
  hit_id            TEXT,
  audit_event_id    TEXT,
  subject_username  TEXT,
  review_id         BIGINT NOT NULL REFERENCES review_queue (review_id),
  created_at_ms     BIGINT NOT NULL
);
CREATE INDEX reports_by_review ON reports (review_id);
