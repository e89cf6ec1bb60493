/**
 * ClickHouse's own ingest path against ours, as a ratio: a Kafka table
 * engine plus a materialized view in chDB doing the normalize step for one
 * vendor format (OpenALPR alpr_group) in SQL, straight into the real reads
 * table, versus our pipeline (normalize, match+tag, reads sink; rig.ts,
 * kafkajs runtime) on the same number of synthetic reads.
 *
 * The SQL path is not equivalent, which is why it is only a yardstick: no
 * hotlist match or tag (purpose non_hit, 30 days for every read), no
 * dead letters (a bad payload is skipped by kafka_skip_broken_messages),
 * read_id a cityHash64 instead of lib's id, region upper-cased rather than
 * mapped, no coordinate or time checks, one Kafka hop instead of three.
 *
 *   npx tsx benchmarks/store/kafka-engine.ts [--quick] [--reads=N] [--keep]
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { silentLogger } from '../../lib/log.ts';
import { createKafka } from '../../topology/kafka.ts';
import { migrate } from '../../store/migrate.ts';
import { fleet, hotSample, payloads } from '../support/data.ts';
import { brokerCpuUs, Rig } from '../topology/rig.ts';
import {
  cpuMicros,
  isMain,
  numberFlag,
  parseFlags,
  record,
  REPO_DIR,
  round,
  runId,
  type Flags,
  type RecordOptions,
  type ResultRecord,
} from '../support/harness.ts';

export interface KafkaEngineParams {
  reads: number;
  keep: boolean;
}

export function kafkaEngineParams(flags: Flags): KafkaEngineParams {
  return { reads: numberFlag(flags, 'reads', flags.quick ? 5000 : 100_000), keep: flags.keep };
}

function brokers(): string[] {
  return (process.env.ALPR_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((s) => s.trim());
}

/** CPU µs per read between two broker samples; null when /proc had none. */
function perRead(before: number | null, after: number | null, reads: number): number | null {
  return before !== null && after !== null ? round((after - before) / Math.max(1, reads), 1) : null;
}

/** The normalize step for alpr_group payloads, in ClickHouse SQL. */
function viewSql(db: string): string {
  const j = (path: string) => `JSONExtractString(raw, ${path})`;
  return `CREATE MATERIALIZED VIEW ${db}.reads_mv TO ${db}.reads AS
SELECT lower(hex(cityHash64(raw))) AS read_id, 'openalpr' AS vendor, 'openalpr.alpr_group' AS format,
  ${j("'best_uuid'")} AS vendor_event_id, ${j("'best_plate_number'")} AS plate_raw,
  upper(trimBoth(plate_raw)) AS plate_display,
  replaceRegexpAll(plate_display, '[\\\\s\\\\-._/]', '') AS plate_canon,
  translate(plate_canon, 'OIBSZ', '01852') AS plate_key,
  upper(${j("'best_region'")}) AS region_iso, ${j("'best_region'")} AS region_raw,
  fromUnixTimestamp64Milli(JSONExtractInt(raw, 'epoch_start'), 'UTC') AS captured_at,
  now64(3) AS received_at, now64(3) AS stored_at,
  toString(JSONExtractUInt(raw, 'camera_id')) AS camera_id, 'bench-agency' AS agency_id,
  JSONExtractFloat(raw, 'gps_latitude') AS lat, JSONExtractFloat(raw, 'gps_longitude') AS lon,
  JSONExtractFloat(raw, 'best_confidence') / 100 AS confidence,
  arrayMap(c -> (JSONExtractString(c, 'plate'), JSONExtractFloat(c, 'confidence') / 100),
    JSONExtractArrayRaw(raw, 'candidates')) AS candidates,
  JSONExtractString(raw, 'vehicle', 'make', 1, 'name') AS vehicle_make,
  CAST(NULL, 'Nullable(String)') AS vehicle_model,
  JSONExtractString(raw, 'vehicle', 'color', 1, 'name') AS vehicle_color,
  CAST(NULL, 'Nullable(String)') AS vehicle_body_type,
  CAST(NULL, 'Nullable(String)') AS vehicle_year,
  JSONExtractFloat(raw, 'travel_direction') AS vehicle_direction,
  CAST(NULL, 'Nullable(String)') AS image_ref, CAST(NULL, 'Nullable(String)') AS image_sha256,
  CAST(NULL, 'Nullable(UInt32)') AS image_size, CAST([], 'Array(String)') AS flags,
  'non_hit' AS purpose, 30 AS retention_days, CAST([], 'Array(String)') AS hit_ids,
  CAST([], 'Array(String)') AS hit_lists
FROM ${db}.raw_queue`;
}

async function sqlPath(p: KafkaEngineParams, dir: string): Promise<Record<string, unknown>> {
  const id = runId();
  const topic = `bench.kengine.${id}`;
  const kafka = createKafka(
    { kafkaBrokers: brokers(), kafkaClientId: 'bench-kengine' },
    silentLogger,
  );
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 6 }], waitForLeaders: true });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const { createChdbEngine } = await import('../../store/chdb.ts');
  const db = `bench_k_${id}`;
  const engine = createChdbEngine({ path: dir, database: db, logger: silentLogger });
  try {
    const now = Date.now();
    const cams = fleet(300);
    const hot = hotSample(10_000);
    let sent = 0;
    for (let seed = 1; sent < p.reads; seed++) {
      const group = payloads(10_000, cams, hot, now, seed).filter((r) =>
        r.value.includes('"alpr_group"'),
      );
      const batch = group.slice(0, p.reads - sent).map((r) => ({ value: r.value }));
      for (let i = 0; i < batch.length; i += 5000) {
        await producer.send({ topic, acks: -1, messages: batch.slice(i, i + 5000) });
      }
      sent += batch.length;
    }
    await migrate(engine);
    await engine.exec(`CREATE TABLE ${db}.raw_queue (raw String) ENGINE = Kafka SETTINGS
      kafka_broker_list = '${brokers().join(',')}', kafka_topic_list = '${topic}',
      kafka_group_name = '${topic}.g', kafka_format = 'JSONAsString', kafka_num_consumers = 1,
      kafka_max_block_size = 65536, kafka_skip_broken_messages = 100`);
    const broker0 = brokerCpuUs();
    const cpu0 = cpuMicros();
    const t0 = performance.now();
    await engine.exec(viewSql(db));
    let stored = 0;
    const end = Date.now() + Math.max(120_000, p.reads * 2);
    while (stored < p.reads && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 200));
      const [row] = await engine.query<{ n: string }>(`SELECT count() AS n FROM ${db}.reads`);
      stored = Number(row?.n ?? 0);
    }
    const wallMs = performance.now() - t0;
    const cpuUs = cpuMicros() - cpu0;
    const broker1 = brokerCpuUs();
    await engine.exec(`DROP TABLE ${db}.reads_mv`);
    await engine.exec(`DROP TABLE ${db}.raw_queue`);
    return {
      path: 'clickhouse kafka engine + MV (alpr_group only, no match)',
      reads: stored,
      readsPerSec: Math.round(stored / (wallMs / 1000)),
      cpuUsPerRead: round(cpuUs / Math.max(1, stored), 1),
      brokerCpuUsPerRead: perRead(broker0, broker1, stored),
    };
  } finally {
    await engine.close();
    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.deleteGroups([`${topic}.g`]).catch(() => undefined);
    await admin.disconnect();
  }
}

async function ourPath(p: KafkaEngineParams): Promise<Record<string, unknown>> {
  const opts = { runtime: 'kafkajs' as const, hotlistSize: 10_000, batchRows: 5000, flushMs: 2000 };
  const rig = new Rig({ ...opts, keep: p.keep });
  try {
    await rig.setUp();
    await rig.produceBacklog(p.reads);
    await rig.startWorkers();
    const broker0 = brokerCpuUs();
    const t0 = performance.now();
    await rig.go();
    await rig.waitStored(p.reads, Math.max(120_000, p.reads * 2));
    const wallMs = performance.now() - t0;
    const broker1 = brokerCpuUs();
    const done = await rig.stopWorkers();
    const cpuUs = done.normalize.cpuUs + done['match-tag'].cpuUs + done.sink.cpuUs;
    const stored = done.sink.count;
    return {
      path: 'ours: normalize, match+tag, reads sink (kafkajs)',
      reads: stored,
      readsPerSec: Math.round(stored / (wallMs / 1000)),
      cpuUsPerRead: round(cpuUs / Math.max(1, stored), 1),
      brokerCpuUsPerRead: perRead(broker0, broker1, stored),
    };
  } finally {
    await rig.tearDown();
  }
}

export async function runKafkaEngine(
  p: KafkaEngineParams,
  opts: RecordOptions = {},
): Promise<ResultRecord> {
  const dir = join(REPO_DIR, '.cache/bench', `kengine-${runId()}`);
  mkdirSync(dir, { recursive: true });
  let sql: Record<string, unknown>;
  try {
    sql = await sqlPath(p, dir);
  } finally {
    if (!p.keep && existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  }
  const ours = await ourPath(p);
  const ratio = round(Number(sql.readsPerSec) / Number(ours.readsPerSec), 2);
  if (opts.print ?? true) {
    console.table([sql, ours]);
    console.log('kafka engine / ours, reads/s:', ratio);
  }
  return record(
    'store/kafka-engine',
    { ...p },
    { paths: [sql, ours], kafkaEngineOverOurs: ratio },
    opts,
  );
}

if (isMain(import.meta.url)) {
  await runKafkaEngine(kafkaEngineParams(parseFlags()));
  process.exit(0);
}
