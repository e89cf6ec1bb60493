-- hits: one row per hotlist hit (Avro Hit, schemas/avro/hit.avsc).
--
-- Column                      Source
-- hit_id                      hit_id (deterministic from read_id and entry key)
-- read_id, list_id, entry_key as in the Hit
-- match_kind                  exact | possible_region | possible_folded | wildcard
-- category, purpose, priority as in the Hit
-- read_plate, entry_plate     plates as read and as listed
-- read_region, entry_region   ISO 3166-2 or NULL
-- camera_id, agency_id        as in the Hit
-- captured_at                 captured_at_ms, UTC
-- matched_at                  matched_at_ms, UTC
-- stored_at                   set by the writer; version column
--
-- A hit names a plate, so it is kept no longer than the read behind it may
-- be (the 90-day ceiling) and no shorter: a hit must stay verifiable and
-- auditable as long as its read exists. Daily partitions on capture time and
-- ttl_only_drop_parts = 1 drop whole parts, each between 90 and 91 days after
-- its rows' capture. ReplacingMergeTree on hit_id: a replayed hit has the
-- same hit_id and capture time, hence the same partition, so merges collapse
-- it; readers deduplicate with FINAL or LIMIT 1 BY hit_id before that.
CREATE TABLE IF NOT EXISTS {db}.hits
(
    hit_id String,
    read_id String,
    list_id LowCardinality(String),
    entry_key String,
    match_kind LowCardinality(String),
    category LowCardinality(String),
    purpose LowCardinality(String),
    priority Int32,
    read_plate String,
    entry_plate String,
    read_region LowCardinality(Nullable(String)),
    entry_region LowCardinality(Nullable(String)),
    camera_id LowCardinality(String),
    agency_id LowCardinality(String),
    captured_at DateTime64(3, 'UTC'),
    matched_at DateTime64(3, 'UTC'),
    stored_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(stored_at)
PARTITION BY toDate(captured_at)
ORDER BY hit_id
TTL captured_at + toIntervalDay(90)
SETTINGS ttl_only_drop_parts = 1
