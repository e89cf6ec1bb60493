/**
 * Every Prometheus metric of the product, owned here. Components update
 * these; nothing else creates prom-client objects.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'alpr_' });

// capture-to-X latencies span milliseconds (hits) to minutes (replays)
const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

export const metrics = {
  recordsIn: new Counter({
    name: 'alpr_processor_records_in_total',
    help: 'Records consumed by a processor.',
    labelNames: ['processor'],
    registers: [registry],
  }),
  recordsWithoutOutput: new Counter({
    name: 'alpr_processor_records_without_output_total',
    help: 'Records a processor consumed that yielded no output and no dead letter (e.g. an empty result set).',
    labelNames: ['processor'],
    registers: [registry],
  }),
  recordsOut: new Counter({
    name: 'alpr_processor_records_out_total',
    help: 'Records produced by a processor, by destination topic.',
    labelNames: ['processor', 'topic'],
    registers: [registry],
  }),
  deadLetters: new Counter({
    name: 'alpr_dead_letters_total',
    help: 'Records sent to the dead-letter topic, by processor and reason code.',
    labelNames: ['processor', 'code'],
    registers: [registry],
  }),
  hits: new Counter({
    name: 'alpr_hits_total',
    help: 'Hotlist hits, by list and kind of match.',
    labelNames: ['list', 'kind'],
    registers: [registry],
  }),
  captureToStored: new Histogram({
    name: 'alpr_capture_to_stored_seconds',
    help: 'Capture time to the read being inserted in ClickHouse.',
    buckets: latencyBuckets,
    registers: [registry],
  }),
  captureToHit: new Histogram({
    name: 'alpr_capture_to_hit_seconds',
    help: 'Capture time to the hit being produced.',
    buckets: latencyBuckets,
    registers: [registry],
  }),
  sinkBatchRows: new Histogram({
    name: 'alpr_sink_batch_rows',
    help: 'Rows per ClickHouse insert.',
    labelNames: ['table'],
    buckets: [1, 10, 100, 500, 1000, 2500, 5000, 10000, 50000],
    registers: [registry],
  }),
  sinkInsertSeconds: new Histogram({
    name: 'alpr_sink_insert_seconds',
    help: 'Duration of one ClickHouse insert.',
    labelNames: ['table'],
    buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  }),
  consumerLag: new Gauge({
    name: 'alpr_consumer_lag_records',
    help: 'High watermark minus the committed offset, per group and partition.',
    labelNames: ['group', 'topic', 'partition'],
    registers: [registry],
  }),
  auditEvents: new Counter({
    name: 'alpr_audit_events_total',
    help: 'Audit events written, by action and outcome.',
    labelNames: ['action', 'outcome'],
    registers: [registry],
  }),
  hotlistEntries: new Gauge({
    name: 'alpr_hotlist_entries',
    help: 'Entries held by the matcher, by list.',
    labelNames: ['list'],
    registers: [registry],
  }),
  readsExpiredOnArrival: new Counter({
    name: 'alpr_reads_expired_on_arrival_total',
    help: 'Reads not stored because their retention had already passed when they reached the store.',
    registers: [registry],
  }),
  imagesStored: new Counter({
    name: 'alpr_images_stored_total',
    help: 'Images written to the image store (new files only).',
    registers: [registry],
  }),
};
