/**
 * Every topic of the pipeline, declared once. `infra/topics.ts` creates them
 * from this table; processors refer to them by these names only.
 */
export interface TopicSpec {
  name: string;
  partitions: number;
  /** Kafka topic-level configs (cleanup.policy, retention.ms, ...). */
  config: Record<string, string>;
  doc: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
// Raw payloads carry inline JPEGs (OpenALPR alpr_group) and a dead letter
// carries the original bytes plus context, so both allow 16 MiB records;
// the normalizer itself refuses payloads above ALPR_MAX_MESSAGE_BYTES.
const LARGE = String(16 * 1024 * 1024);

export const topics = {
  readsRaw: {
    name: 'alpr.reads.raw',
    partitions: 6,
    config: { 'retention.ms': String(7 * DAY_MS), 'max.message.bytes': LARGE },
    doc: 'Vendor payloads exactly as received; metadata in alpr-* headers.',
  },
  reads: {
    name: 'alpr.reads',
    partitions: 6,
    config: { 'retention.ms': String(7 * DAY_MS) },
    doc: 'Canonical reads (Avro Read), keyed by read_id.',
  },
  readsTagged: {
    name: 'alpr.reads.tagged',
    partitions: 6,
    config: { 'retention.ms': String(7 * DAY_MS) },
    doc: 'Reads with purpose and retention (Avro TaggedRead), keyed by read_id.',
  },
  readsDlq: {
    name: 'alpr.reads.dlq',
    partitions: 1,
    config: { 'retention.ms': String(90 * DAY_MS), 'max.message.bytes': LARGE },
    doc: 'Inputs that could not be processed (Avro DeadLetter), with reason and original bytes.',
  },
  hits: {
    name: 'alpr.hits',
    partitions: 3,
    config: { 'retention.ms': String(90 * DAY_MS) },
    doc: 'Hotlist hits (Avro Hit), keyed by hit_id; each must be verified before action.',
  },
  hotlists: {
    name: 'alpr.hotlists',
    partitions: 1,
    config: { 'cleanup.policy': 'compact' },
    doc: 'Hotlist entries (Avro HotlistEntry), compacted, keyed list|plate|region; tombstones remove.',
  },
  auditAccess: {
    name: 'alpr.audit.access',
    partitions: 1,
    // The audit trail is never expired by the broker: -1 keeps it forever.
    config: { 'retention.ms': '-1', 'min.insync.replicas': '1' },
    doc: 'Every query, refusal, export and admin change (Avro AuditEvent).',
  },
} as const satisfies Record<string, TopicSpec>;

export type TopicName = (typeof topics)[keyof typeof topics]['name'];

/** Consumer groups, one per processor kind; scale-out adds instances. */
export const groups = {
  normalize: 'alpr-normalize',
  matchTag: 'alpr-match-tag',
  storeReads: 'alpr-store-reads',
  storeHits: 'alpr-store-hits',
  storeAudit: 'alpr-store-audit',
} as const;
