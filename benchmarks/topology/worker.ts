/**
 * One pipeline role in its own process, for the end-to-end benchmarks
 * (rig.ts forks it): normalize, match-tag or the reads sink, on either
 * runtime (kafkajs-runner.ts or rdkafka-runner.ts), bound to the run's own
 * topics. Processors are built here from the pure cores and plain Avro
 * codecs, as topology/pipeline.ts builds them, so the harness does not move
 * when the pipeline's wire format does. Each output keeps the bridge's
 * receipt time in a `bench-received-at` header, the zero of every latency.
 *
 * Over IPC: `ready` once set up; on `go` it starts consuming (`started`,
 * then `progress` every 250 ms: {count, cpuUs, rss}); `collect` returns and
 * clears the latencies so far (sink); `stop` ends with `done`.
 */
import type { Kafka } from 'kafkajs';
import { silentLogger } from '../../lib/log.ts';
import { codecs } from '../../schemas/avro.ts';
import { createHotlistIndex, createMatcher } from '../../processors/match/index.ts';
import { createTagger } from '../../processors/tag/index.ts';
import { createKafka } from '../../topology/kafka.ts';
import { createProcessorRunner, createSinkRunner } from '../../topology/kafkajs-runner.ts';
import { createRdProcessorRunner, createRdSinkRunner } from '../../topology/rdkafka-runner.ts';
import type { OutRecord, Processor, Runner, Sink } from '../../topology/processor.ts';
import { insertReads, toReadRow, type ReadRow } from '../../store/writers.ts';
import { migrate } from '../../store/migrate.ts';
import { benchNormalizer, fleet, hotlistEntries } from '../support/data.ts';
import { cpuMicros } from '../support/harness.ts';

export type Role = 'normalize' | 'match-tag' | 'sink';
export type Runtime = 'kafkajs' | 'rdkafka';

export interface BenchTopics {
  raw: string;
  reads: string;
  tagged: string;
  hits: string;
}

export interface WorkerConfig {
  role: Role;
  runtime: Runtime;
  brokers: string[];
  topics: BenchTopics;
  group: string;
  hotlistSize: number;
  chdbPath: string;
  database: string;
  batchRows: number;
  flushMs: number;
  /** Records per consume call of the rdkafka runner (its default: 2000). */
  rdBatchSize?: number;
}

export interface Collected {
  count: number;
  cpuUs: number;
  rss: number;
  /** Receipt to inserted in ClickHouse (sink), ms, since the last collect. */
  storedMs: number[];
  /** Receipt to arrival at the hits consumer (sink), ms, since the last collect. */
  hitMs: number[];
}

/** Parent -> worker: go, collect, stop. Worker -> parent: */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'started' }
  | { type: 'progress'; count: number; cpuUs: number; rss: number }
  | ({ type: 'collected' } & Collected)
  | ({ type: 'done'; rows?: number; distinct?: number } & Collected);

const RECEIVED = 'bench-received-at';

/**
 * Dead letters (the synthetic feed makes none) in plain Avro, in the shape
 * of the runners' `deadLetters` serde option. Passed untyped: that option
 * arrives with the schema-registry work, and this file must build before
 * and after it.
 */
function deadLetterSerde(topic: string): never {
  return {
    topic,
    subject: `${topic}-value`,
    schemaId: 0,
    encode: async (d: Parameters<typeof codecs.deadLetter.encode>[0]) =>
      codecs.deadLetter.encode(d),
    decode: async (b: Buffer) => codecs.deadLetter.decode(b),
  } as never;
}

function normalizeBench(topics: BenchTopics): Processor {
  const normalizer = benchNormalizer(fleet(300));
  return {
    name: 'normalize',
    process(rec) {
      const hinted = Number(rec.headers['alpr-received-at']);
      const receivedAtMs = hinted > 0 ? hinted : rec.timestamp;
      return normalizer
        .normalize({ value: rec.value, headers: rec.headers, receivedAtMs })
        .map((r) => ({
          topic: topics.reads,
          key: r.read_id,
          value: codecs.read.encode(r),
          headers: { [RECEIVED]: String(r.received_at_ms) },
        }));
    },
  };
}

function matchTagBench(topics: BenchTopics, hotlistSize: number): Processor {
  const now = Date.now();
  const matcher = createMatcher({
    index: createHotlistIndex(hotlistEntries(hotlistSize, now), now),
    rebuildDelayMs: null,
  });
  const tagger = createTagger({ nonHitRetentionDays: 30, hitRetentionDays: 90 });
  return {
    name: 'match-tag',
    process(rec) {
      const read = codecs.read.decode(rec.value!);
      const hits = matcher.match(read, Date.now());
      const headers = { [RECEIVED]: String(read.received_at_ms) };
      const out: OutRecord[] = hits.map((h) => ({
        topic: topics.hits,
        key: h.hit_id,
        value: codecs.hit.encode(h),
        headers,
      }));
      const tagged = tagger.tag(read, hits);
      const value = codecs.taggedRead.encode(tagged);
      out.push({ topic: topics.tagged, key: read.read_id, value, headers });
      return out;
    },
  };
}

function counted(p: Processor, onRecord: () => void): Processor {
  return {
    name: p.name,
    process(rec) {
      onRecord();
      return p.process(rec);
    },
  };
}

async function main(cfg: WorkerConfig): Promise<void> {
  const send = (m: WorkerMessage) => process.send?.(m);
  let count = 0;
  const storedMs: number[] = [];
  const hitMs: number[] = [];
  const client = { kafkaBrokers: cfg.brokers, kafkaClientId: `bench-${cfg.role}` };
  const kafka: Kafka = createKafka(client, silentLogger);
  const conn = { brokers: cfg.brokers, clientId: `bench-${cfg.role}`, batchSize: cfg.rdBatchSize };
  const logger = silentLogger;
  const deadLetters = deadLetterSerde(`${cfg.topics.raw}.dlq`);
  const closers: (() => Promise<void>)[] = [];
  let runner: Runner;
  let final: () => Promise<{ rows?: number; distinct?: number }> = async () => ({});

  if (cfg.role === 'sink') {
    const { createChdbEngine } = await import('../../store/chdb.ts');
    const engine = createChdbEngine({ path: cfg.chdbPath, database: cfg.database, logger });
    await migrate(engine);
    const sink: Sink<{ row: ReadRow; receivedMs: number }> = {
      name: 'store-reads',
      decode(rec) {
        const t = codecs.taggedRead.decode(rec.value!);
        return { row: toReadRow(t, Date.now()), receivedMs: t.read.received_at_ms };
      },
      async write(items) {
        await insertReads(
          engine,
          items.map((i) => i.row),
        );
        const at = Date.now();
        for (const i of items) storedMs.push(at - i.receivedMs);
        count += items.length;
      },
    };
    const opts = {
      groupId: cfg.group,
      topics: [cfg.topics.tagged],
      sink,
      logger,
      deadLetters,
      batchRows: cfg.batchRows,
      flushMs: cfg.flushMs,
    };
    runner =
      cfg.runtime === 'kafkajs' ? createSinkRunner(kafka, opts) : createRdSinkRunner(conn, opts);
    // hits arrive at their consumer: the capture-to-hit clock stops here
    const hits = kafka.consumer({ groupId: `${cfg.group}-hits`, maxWaitTimeInMs: 100 });
    await hits.connect();
    await hits.subscribe({ topics: [cfg.topics.hits], fromBeginning: true });
    await hits.run({
      eachBatch: async ({ batch }) => {
        const at = Date.now();
        for (const m of batch.messages) hitMs.push(at - Number(m.headers?.[RECEIVED]?.toString()));
      },
    });
    closers.push(() => hits.disconnect());
    final = async () => {
      const [r] = await engine.query<{ n: string; u: string }>(
        `SELECT count() AS n, uniqExact(read_id) AS u FROM ${cfg.database}.reads`,
      );
      await engine.close();
      return { rows: Number(r?.n ?? 0), distinct: Number(r?.u ?? 0) };
    };
  } else {
    const core =
      cfg.role === 'normalize'
        ? normalizeBench(cfg.topics)
        : matchTagBench(cfg.topics, cfg.hotlistSize);
    const processor = counted(core, () => count++);
    const input = cfg.role === 'normalize' ? cfg.topics.raw : cfg.topics.reads;
    const opts = { groupId: cfg.group, topics: [input], processor, logger, deadLetters };
    runner =
      cfg.runtime === 'kafkajs'
        ? createProcessorRunner(kafka, opts)
        : createRdProcessorRunner(conn, opts);
  }

  // Set up (hotlist index built, tables created); start consuming on `go`.
  let cpu0 = cpuMicros();
  let progress: NodeJS.Timeout | undefined;
  const collect = () => {
    const m = { count, cpuUs: cpuMicros() - cpu0, rss: process.memoryUsage().rss };
    const lat = { storedMs: storedMs.splice(0), hitMs: hitMs.splice(0) };
    return { ...m, ...lat };
  };
  process.on('message', (m: { type?: string }) => {
    if (m.type === 'go') {
      void runner.start().then(() => {
        cpu0 = cpuMicros();
        send({ type: 'started' });
        progress = setInterval(() => {
          send({
            type: 'progress',
            count,
            cpuUs: cpuMicros() - cpu0,
            rss: process.memoryUsage().rss,
          });
        }, 250);
      });
    } else if (m.type === 'collect') {
      send({ type: 'collected', ...collect() });
    } else if (m.type === 'stop') {
      void (async () => {
        clearInterval(progress);
        const c = collect();
        await runner.stop();
        for (const close of closers) await close().catch(() => undefined);
        const extra = await final();
        send({ type: 'done', ...c, ...extra });
        setTimeout(() => process.exit(0), 200);
      })();
    }
  });
  send({ type: 'ready' });
}

const arg = process.argv[2];
if (arg) {
  main(JSON.parse(arg) as WorkerConfig).catch((err) => {
    console.error('bench worker failed', err);
    process.exit(1);
  });
}
