/**
 * Drives processors and sinks with kafkajs. Delivery is at-least-once:
 * outputs are produced and acknowledged by the broker before the input
 * offsets are committed, so a crash replays, never loses. Replays are made
 * harmless downstream by deterministic ids (read_id, hit_id).
 */
import type { Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { Logger } from '../lib/log.ts';
import { metrics } from '../lib/metrics.ts';
import type { TopicSerde } from '../schemas/serdes.ts';
import type { DeadLetter } from '../schemas/types.ts';
import type { InRecord, OutRecord, Processor, Runner, Sink } from './processor.ts';
import { decodeRecord, runRecord } from './run-record.ts';

// Outputs are sent in slices so that one fetch of large raw payloads does
// not build one huge produce request (the broker caps requests at 100 MiB).
const SEND_SLICE = 1000;

export function toInRecord(topic: string, partition: number, m: KafkaMessage): InRecord {
  const headers: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(m.headers ?? {})) {
    const one = Array.isArray(v) ? v[0] : v;
    headers[k] = one === undefined ? undefined : one.toString();
  }
  return {
    topic,
    partition,
    offset: m.offset,
    key: m.key,
    value: m.value,
    headers,
    timestamp: Number(m.timestamp),
  };
}

export async function sendAll(producer: Producer, records: OutRecord[]): Promise<void> {
  for (let i = 0; i < records.length; i += SEND_SLICE) {
    const byTopic = new Map<string, OutRecord[]>();
    for (const r of records.slice(i, i + SEND_SLICE)) {
      const list = byTopic.get(r.topic) ?? [];
      list.push(r);
      byTopic.set(r.topic, list);
    }
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map((r) => ({ key: r.key, value: r.value, headers: r.headers })),
      })),
    });
  }
}

function nextOffset(offset: string): string {
  return (BigInt(offset) + 1n).toString();
}

export interface ProcessorRunnerOptions {
  groupId: string;
  topics: string[];
  processor: Processor;
  logger: Logger;
  /**
   * Serde of alpr.reads.dlq (Confluent wire format); app.ts always passes
   * it. Optional only while topology/rdkafka-runner.ts shares this options
   * type: without it dead letters are plain Avro (see dead-letter.ts).
   */
  deadLetters?: TopicSerde<DeadLetter>;
  fromBeginning?: boolean;
}

export function createProcessorRunner(kafka: Kafka, opts: ProcessorRunnerOptions): Runner {
  const { processor, logger } = opts;
  const consumer = kafka.consumer({ groupId: opts.groupId, maxBytesPerPartition: 4 * 1024 * 1024 });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const name = processor.name;

  const runOne = (rec: InRecord, out: OutRecord[]) =>
    runRecord(processor, rec, out, opts.deadLetters, logger);

  return {
    async start() {
      await producer.connect();
      await consumer.connect();
      await consumer.subscribe({ topics: opts.topics, fromBeginning: opts.fromBeginning ?? true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
          const out: OutRecord[] = [];
          let last: string | null = null;
          for (const m of batch.messages) {
            if (!isRunning() || isStale()) break;
            await runOne(toInRecord(batch.topic, batch.partition, m), out);
            last = m.offset;
          }
          if (last === null) return;
          await sendAll(producer, out);
          for (const o of out) metrics.recordsOut.inc({ processor: name, topic: o.topic });
          resolveOffset(last);
          await consumer.commitOffsets([
            { topic: batch.topic, partition: batch.partition, offset: nextOffset(last) },
          ]);
          await heartbeat();
        },
      });
      logger.info(
        { processor: name, group: opts.groupId, topics: opts.topics },
        'processor started',
      );
    },
    async stop() {
      await consumer.disconnect();
      await producer.disconnect();
      logger.info({ processor: name }, 'processor stopped');
    },
  };
}

export interface SinkRunnerOptions<T> {
  groupId: string;
  topics: string[];
  sink: Sink<T>;
  logger: Logger;
  /**
   * Serde of alpr.reads.dlq (Confluent wire format); app.ts always passes
   * it. Optional only while topology/rdkafka-runner.ts shares this options
   * type: without it dead letters are plain Avro (see dead-letter.ts).
   */
  deadLetters?: TopicSerde<DeadLetter>;
  batchRows: number;
  flushMs: number;
}

interface Pending<T> {
  item: T;
  topic: string;
  partition: number;
  offset: string;
}

/**
 * Buffers decoded records across fetches so that each insert carries
 * thousands of rows, and commits their offsets only once the insert has
 * succeeded. A failed insert seeks every partition back to its first
 * unwritten offset, so the rows are fetched again rather than lost.
 */
export function createSinkRunner<T>(kafka: Kafka, opts: SinkRunnerOptions<T>): Runner {
  const { sink, logger } = opts;
  const consumer: Consumer = kafka.consumer({
    groupId: opts.groupId,
    maxBytesPerPartition: 8 * 1024 * 1024,
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  let buffer: Pending<T>[] = [];
  let firstAt = 0;
  let flushing: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;

  async function writeBuffered(): Promise<void> {
    if (buffer.length === 0) return;
    const taken = buffer;
    buffer = [];
    const high = new Map<string, { topic: string; partition: number; offset: string }>();
    const low = new Map<string, { topic: string; partition: number; offset: string }>();
    for (const p of taken) {
      const k = `${p.topic}:${p.partition}`;
      const h = high.get(k);
      if (!h || BigInt(p.offset) > BigInt(h.offset)) high.set(k, p);
      const l = low.get(k);
      if (!l || BigInt(p.offset) < BigInt(l.offset)) low.set(k, p);
    }
    try {
      await sink.write(taken.map((p) => p.item));
      await consumer.commitOffsets(
        [...high.values()].map((h) => ({ ...h, offset: nextOffset(h.offset) })),
      );
    } catch (err) {
      logger.error({ sink: sink.name, rows: taken.length, err }, 'sink write failed; re-reading');
      for (const l of low.values()) consumer.seek(l);
      throw err;
    }
  }

  function flush(): Promise<void> {
    flushing = flushing.catch(() => undefined).then(writeBuffered);
    return flushing;
  }

  return {
    async start() {
      await producer.connect();
      await consumer.connect();
      await consumer.subscribe({ topics: opts.topics, fromBeginning: true });
      // A rebalance hands partitions to other members, which re-read past
      // our last commit; flushing first keeps that overlap small.
      consumer.on(consumer.events.GROUP_JOIN, () => void flush().catch(() => undefined));
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
          const dead: OutRecord[] = [];
          for (const m of batch.messages) {
            const rec = toInRecord(batch.topic, batch.partition, m);
            if (buffer.length === 0) firstAt = Date.now();
            let got: { item: T } | undefined;
            try {
              got = await decodeRecord(sink, rec, dead, opts.deadLetters);
            } catch (err) {
              // A passing fault fails the batch: kafkajs fetches it again
              // from this record, which is not resolved, so nothing is lost.
              if (dead.length > 0) await sendAll(producer, dead);
              throw err;
            }
            if (got) {
              const { topic, partition, offset } = rec;
              buffer.push({ item: got.item, topic, partition, offset });
            }
            resolveOffset(m.offset);
          }
          // Dead letters are acknowledged before the batch's offsets can be
          // committed by the next flush.
          if (dead.length > 0) await sendAll(producer, dead);
          if (buffer.length >= opts.batchRows) await flush();
          await heartbeat();
        },
      });
      timer = setInterval(
        () => {
          if (buffer.length > 0 && Date.now() - firstAt >= opts.flushMs) {
            flush().catch(() => undefined);
          }
        },
        Math.max(50, Math.floor(opts.flushMs / 4)),
      );
      logger.info({ sink: sink.name, group: opts.groupId, topics: opts.topics }, 'sink started');
    },
    async stop() {
      if (timer) clearInterval(timer);
      await consumer.stop();
      await flush().catch((err) => logger.error({ err }, 'final sink flush failed'));
      await consumer.disconnect();
      await producer.disconnect();
      logger.info({ sink: sink.name }, 'sink stopped');
    },
  };
}
