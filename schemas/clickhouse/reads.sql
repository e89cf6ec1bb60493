-- reads: one row per stored plate read (Avro TaggedRead = Read + tag).
--
-- Column                 Source (schemas/avro/read.avsc, tagged-read.avsc)
-- read_id                read.read_id (deterministic: a replay carries the same id)
-- vendor, format         read.vendor, read.format
-- vendor_event_id        read.vendor_event_id
-- plate_raw              read.plate_raw
-- plate_display          read.plate_display
-- plate_canon            plateCanon(read.plate_display), lib/plate.ts, computed by the
--                        writer so that exact matching uses the same code as the matcher
-- plate_key              read.plate_key (look-alikes folded: the possible-match key)
-- region_iso             read.region_iso; NULL = unknown region
-- region_raw             read.region_raw
-- captured_at            read.captured_at_ms, UTC
-- received_at            read.received_at_ms, UTC
-- stored_at              set by the writer; version column: the latest version wins
-- camera_id, agency_id   read.camera_id, read.agency_id
-- lat, lon               read.lat, read.lon; NULL when missing
-- confidence             read.confidence, 0..1
-- candidates             read.candidates[] as (plate, confidence)
-- vehicle_*              read.vehicle.{make, model, color, body_type, year, direction}
-- image_ref/sha256/size  read.image; all NULL when there is no image. UInt32 size: an
--                        image arrives inside a payload of at most 64 MiB
--                        (ALPR_MAX_MESSAGE_BYTES ceiling), far under 4 GiB
-- flags                  read.flags (data-quality flags, see schemas/types.ts ReadFlag)
-- purpose                purpose the read is kept under (hit list's purpose or non_hit)
-- retention_days         1..90: the read is dropped this many days after capture
-- hit_ids, hit_lists     hits of this read and the lists they came from
-- expires_at             captured_at + retention_days days (ALIAS, see below)
--
-- Retention. expires_at is an ALIAS, computed when read, not MATERIALIZED:
-- the partition key and TTL are written on captured_at and retention_days
-- anyway (see below), so a stored copy would serve no index, and a
-- projection's SELECT * leaves MATERIALIZED columns out, so filtering on a
-- stored expires_at kept every query off the camera projection (measured on
-- 500,000 reads from 200 cameras: 51 of 51 granules read instead of 2). The
-- cost is one addition per row read. Every query keeps
-- `expires_at > now64(3)`, so a read is never returned after its retention,
-- even before TTL has physically run.
-- PARTITION BY the expiry day (written on captured_at and retention_days so
-- each part also keeps a min-max of captured_at, which prunes parts for every
-- time-window query). All rows of a partition expire the same UTC day, so with
-- ttl_only_drop_parts = 1 TTL drops whole parts instead of rewriting them; a
-- part goes when its last row has expired, i.e. at most ~24 h (plus the TTL
-- merge interval, merge_with_ttl_timeout = 4 h by default) after its first
-- row's expiry. A writer drops reads already past expiry, so an insert block
-- spans at most 91 expiry days, under max_partitions_per_insert_block (100).
-- The CHECK constraint repeats the writer's 1..90 check inside the engine.
--
-- Deduplication. ReplacingMergeTree(stored_at) collapses a replayed read_id
-- during merges within a partition. A replay tagged with another retention
-- lands in another partition, so queries deduplicate themselves: the latest
-- stored_at per read_id (LIMIT 1 BY), then the expiry filter.
--
-- Indexes. The sorting key serves plate lookups. Skip indexes on camera_id or
-- lat/lon would not help here: rows are sorted by plate, so every 8192-row
-- granule holds reads from nearly every camera and place, and a bloom filter
-- or min-max would skip nothing while costing a read of the index. Instead:
-- - camera/time: the projection reads_by_camera keeps a second copy sorted by
--   (camera_id, captured_at): a camera window becomes a range read (2 of 51
--   granules in the measurement above), at the cost of about twice the
--   storage and insert work of the table.
-- - area/time: part pruning on captured_at (above), then PREWHERE reads
--   captured_at, lat and lon of the remaining parts and the other columns
--   only where they match. A second projection sorted by place would triple
--   storage; not worth it while a window holds a few million rows.
-- deduplicate_merge_projection_mode = 'rebuild' lets a ReplacingMergeTree
-- carry a projection (ClickHouse 24.8+); the projection is rebuilt on merges.
CREATE TABLE IF NOT EXISTS {db}.reads
(
    read_id String,
    vendor LowCardinality(String),
    format LowCardinality(String),
    vendor_event_id Nullable(String),
    plate_raw String,
    plate_display String,
    plate_canon String,
    plate_key String,
    region_iso LowCardinality(Nullable(String)),
    region_raw Nullable(String),
    captured_at DateTime64(3, 'UTC'),
    received_at DateTime64(3, 'UTC'),
    stored_at DateTime64(3, 'UTC'),
    camera_id LowCardinality(String),
    agency_id LowCardinality(String),
    lat Nullable(Float64),
    lon Nullable(Float64),
    confidence Nullable(Float64),
    candidates Array(Tuple(plate String, confidence Nullable(Float64))),
    vehicle_make LowCardinality(Nullable(String)),
    vehicle_model LowCardinality(Nullable(String)),
    vehicle_color LowCardinality(Nullable(String)),
    vehicle_body_type LowCardinality(Nullable(String)),
    vehicle_year LowCardinality(Nullable(String)),
    vehicle_direction Nullable(Float64),
    image_ref Nullable(String),
    image_sha256 Nullable(String),
    image_size Nullable(UInt32),
    flags Array(LowCardinality(String)),
    purpose LowCardinality(String),
    retention_days UInt8,
    hit_ids Array(String),
    hit_lists Array(LowCardinality(String)),
    expires_at DateTime64(3, 'UTC') ALIAS captured_at + toIntervalDay(retention_days),
    CONSTRAINT retention_within_ceiling CHECK retention_days BETWEEN 1 AND 90,
    PROJECTION reads_by_camera (SELECT * ORDER BY camera_id, captured_at)
)
ENGINE = ReplacingMergeTree(stored_at)
PARTITION BY toDate(captured_at + toIntervalDay(retention_days))
ORDER BY (plate_key, captured_at, read_id)
TTL captured_at + toIntervalDay(retention_days)
SETTINGS ttl_only_drop_parts = 1, deduplicate_merge_projection_mode = 'rebuild'
