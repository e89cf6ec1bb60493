/**
 * Drives processors and sinks with node-rdkafka (librdkafka), under the same
 * contract as topology/kafkajs-runner.ts: at-least-once, outputs and dead
 * letters are acknowledged by the broker (acks=all, idempotent producer)
 * before the input offsets are committed; a sink commits only after its
 * insert. Replays are made harmless downstream by deterministic ids.
 *
 * One batch is in flight per runner: consume up to `batchSize` records (any
 * partitions), process them in order, produce, wait for every delivery
 * report, then commit the next offset of each partition. Commits are sent
 * asynchronously (librdkafka keeps them in order); stop() commits the final
 * positions synchronously. A retriable failure (a processor's retriable
 * AlprError, a failed delivery, a failed insert) seeks each partition of the
 * batch back to its first uncommitted record and retries after a pause.
 *
 * node-rdkafka is an optional dependency: it is loaded when a runner starts,
 * so a deployment without the native addon never touches it.
 */
import type { Message, TopicPartitionOffset } from 'node-rdkafka';
import { metrics } from '../lib/metrics.ts';
import type { ProcessorRunnerOptions, SinkRunnerOptions } from './kafkajs-runner.ts';
import type { InRecord, OutRecord, Runner } from './processor.ts';
import {
  connectAndLoop,
  nextOffsets,
  sleep,
  toInRecordRd,
  type AckedProducer,
  type BatchConsumer,
  type RdkafkaConnection,
} from './rdkafka-clients.ts';
import { decodeRecord, runRecord } from './run-record.ts';

export type { RdkafkaConnection } from './rdkafka-clients.ts';

/** A processor (processor.ts) on node-rdkafka; options as for the kafkajs runner. */
export function createRdProcessorRunner(
  conn: RdkafkaConnection,
  opts: ProcessorRunnerOptions,
): Runner {
  const { processor, logger } = opts;
  const name = processor.name;
  const batchSize = conn.batchSize ?? 2000;
  let consumer: BatchConsumer | null = null;
  let producer: AckedProducer | null = null;
  let running = false;
  let loop: Promise<void> = Promise.resolve();
  let committed: TopicPartitionOffset[] = [];

  const runOne = (rec: InRecord, out: OutRecord[]) =>
    runRecord(processor, rec, out, opts.deadLetters, logger);

  async function batch(c: BatchConsumer, p: AckedProducer): Promise<void> {
    const msgs = await c.consume(batchSize);
    if (msgs.length === 0) return;
    try {
      const out: OutRecord[] = [];
      for (const m of msgs) await runOne(toInRecordRd(m), out);
      await p.send(out);
      for (const o of out) metrics.recordsOut.inc({ processor: name, topic: o.topic });
      committed = nextOffsets(msgs);
      c.commit(committed);
    } catch (err) {
      logger.warn({ processor: name, records: msgs.length, err }, 'batch failed; re-reading it');
      await c.rewind(msgs);
      await sleep(conn.retryDelayMs ?? 1000);
    }
  }

  return {
    async start() {
      running = true;
      const fromBeginning = opts.fromBeginning ?? true;
      ({ consumer, producer, loop } = await connectAndLoop(
        conn,
        { ...opts, fromBeginning },
        () => running,
        batch,
      ));
      logger.info(
        { processor: name, group: opts.groupId, topics: opts.topics },
        'processor started',
      );
    },
    async stop() {
      running = false;
      await loop;
      if (consumer) {
        try {
          consumer.commit(committed, true);
        } catch (err) {
          logger.warn({ processor: name, err }, 'final commit failed');
        }
        await consumer.disconnect();
      }
      await producer?.disconnect();
      logger.info({ processor: name }, 'processor stopped');
    },
  };
}

/**
 * A sink (processor.ts) on node-rdkafka: decoded records are buffered
 * across batches until `batchRows` or `flushMs`, written, then committed.
 */
export function createRdSinkRunner<T>(conn: RdkafkaConnection, opts: SinkRunnerOptions<T>): Runner {
  const { sink, logger } = opts;
  const batchSize = conn.batchSize ?? 2000;
  let consumer: BatchConsumer | null = null;
  let producer: AckedProducer | null = null;
  let running = false;
  let loop: Promise<void> = Promise.resolve();
  let items: T[] = [];
  let msgs: Message[] = [];
  let firstAt = 0;

  async function flush(c: BatchConsumer, sync = false): Promise<void> {
    if (msgs.length === 0) return;
    const [taken, from] = [items, msgs];
    items = [];
    msgs = [];
    try {
      await sink.write(taken);
      c.commit(nextOffsets(from), sync);
    } catch (err) {
      logger.error({ sink: sink.name, rows: taken.length, err }, 'sink write failed; re-reading');
      await c.rewind(from);
      await sleep(conn.retryDelayMs ?? 1000);
    }
  }

  async function batch(c: BatchConsumer, p: AckedProducer): Promise<void> {
    const got = await c.consume(batchSize);
    try {
      await take(c, p, got);
    } catch (err) {
      // Buffered and fetched records alike are read again from the first.
      logger.warn({ sink: sink.name, err }, 'sink batch failed; re-reading');
      await c.rewind([...msgs, ...got]);
      items = [];
      msgs = [];
      await sleep(conn.retryDelayMs ?? 1000);
    }
  }

  async function take(c: BatchConsumer, p: AckedProducer, got: Message[]): Promise<void> {
    const dead: OutRecord[] = [];
    for (const m of got) {
      if (msgs.length === 0) firstAt = Date.now();
      // A passing fault (registry unreachable) is thrown: the batch is re-read.
      const decoded = await decodeRecord(sink, toInRecordRd(m), dead, opts.deadLetters);
      if (decoded) items.push(decoded.item);
      // Offsets of dead-lettered records are committed with the next write.
      msgs.push(m);
    }
    if (dead.length > 0) await p.send(dead);
    if (
      items.length >= opts.batchRows ||
      (msgs.length > 0 && Date.now() - firstAt >= opts.flushMs)
    ) {
      await flush(c);
    }
  }

  return {
    async start() {
      running = true;
      ({ consumer, producer, loop } = await connectAndLoop(
        conn,
        { ...opts, fromBeginning: true },
        () => running,
        batch,
      ));
      logger.info({ sink: sink.name, group: opts.groupId, topics: opts.topics }, 'sink started');
    },
    async stop() {
      running = false;
      await loop;
      if (consumer) {
        await flush(consumer, true).catch((err) =>
          logger.error({ err }, 'final sink flush failed'),
        );
        await consumer.disconnect();
      }
      await producer?.disconnect();
      logger.info({ sink: sink.name }, 'sink stopped');
    },
  };
}
