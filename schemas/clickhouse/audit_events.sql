-- audit_events: the ClickHouse mirror of alpr.audit.access (Avro AuditEvent,
-- schemas/avro/audit-event.avsc): every query, refusal, export and admin act.
--
-- Column        Source
-- event_id      event_id
-- at            at_ms, UTC
-- action        query.plate | query.camera | query.area | ...
-- outcome       allowed | refused | failed
-- refusal_code  stable error code (lib/errors.ts) or NULL
-- user_id       NULL only when the caller could not be identified
-- purpose, case_number, notes   as given by the caller
-- parameters    the query parameters as JSON text
-- row_count     rows returned, NULL when none were
-- client_ip     caller address or NULL
-- stored_at     set by the writer
--
-- No TTL, on purpose: the audit trail is kept for good (the topic has
-- retention.ms = -1) and must outlive every read it describes. Monthly
-- partitions keep the part count near 12 a year. Plain MergeTree: an event
-- is never replaced; a replayed batch can repeat an event_id, so reports
-- count DISTINCT event_id.
CREATE TABLE IF NOT EXISTS {db}.audit_events
(
    event_id String,
    at DateTime64(3, 'UTC'),
    action LowCardinality(String),
    outcome LowCardinality(String),
    refusal_code LowCardinality(Nullable(String)),
    user_id Nullable(String),
    purpose LowCardinality(Nullable(String)),
    case_number Nullable(String),
    notes Nullable(String),
    parameters String,
    row_count Nullable(UInt32),
    client_ip Nullable(String),
    stored_at DateTime64(3, 'UTC')
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (at, event_id)
