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
import type {
  KafkaConsumer,
  LibrdKafkaError,
  Message,
  MessageHeader,
  Producer,
  TopicPartitionOffset,
} from 'node-rdkafka';
import type { Logger } from '../lib/log.ts';
import { metrics } from '../lib/metrics.ts';
import type { ProcessorRunnerOptions, SinkRunnerOptions } from './kafkajs-runner.ts';
import type { InRecord, OutRecord, Runner } from './processor.ts';
import { decodeRecord, runRecord } from './run-record.ts';

export interface RdkafkaConnection {
  brokers: readonly string[];
  clientId: string;
  /** Records per consume call; default 2000. */
  batchSize?: number;
  /** Pause before a failed batch is retried; default 1000 ms. */
  retryDelayMs?: number;
  /**
   * How long a consume call waits for each further record; default 10 ms.
   * node-rdkafka applies this wait per record, not per call, so a long wait
   * lets a batch fill slowly at low rates: at 1,000 reads/s a 100 ms wait
   * and 2,000-record batches held hits ~1 s at the median (benchmarks/).
   */
  consumeWaitMs?: number;
}

type Rdkafka = typeof import('node-rdkafka');
let loaded: Promise<Rdkafka> | null = null;
function rdkafka(): Promise<Rdkafka> {
  loaded ??= import('node-rdkafka').then((m) => ((m as { default?: Rdkafka }).default ?? m));
  return loaded;
}


const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function toInRecordRd(m: Message): InRecord {
  const headers: Record<string, string | undefined> = {};
  for (const h of m.headers ?? []) {
    for (const [k, v] of Object.entries(h)) headers[k] = v.toString();
  }
  const key = m.key === undefined || m.key === null ? null : Buffer.from(m.key);
  return {
    topic: m.topic,
    partition: m.partition,
    offset: String(m.offset),
    key,
    value: m.value,
    headers,
    timestamp: m.timestamp ?? -1,
  };
}

function toHeaders(h: Record<string, string> | undefined): MessageHeader[] | undefined {
  if (!h) return undefined;
  return Object.entries(h).map(([k, v]) => ({ [k]: v }));
}

/** Per partition, the first and the last offset of a batch. */
function bounds(msgs: readonly { topic: string; partition: number; offset: number }[]) {
  const out = new Map<string, { topic: string; partition: number; low: number; high: number }>();
  for (const m of msgs) {
    const k = `${m.topic}:${m.partition}`;
    const b = out.get(k);
    if (!b) out.set(k, { topic: m.topic, partition: m.partition, low: m.offset, high: m.offset });
    else {
      b.low = Math.min(b.low, m.offset);
      b.high = Math.max(b.high, m.offset);
    }
  }
  return [...out.values()];
}

interface Delivery {
  left: number;
  error: LibrdKafkaError | null;
  resolve: () => void;
}

/** Producer with acks=all and idempotence whose send resolves when all are acknowledged. */
class AckedProducer {
  private readonly producer: Producer;
  private pending = 0;
  private poller: NodeJS.Timeout | undefined;

  constructor(lib: Rdkafka, conn: RdkafkaConnection, logger: Logger) {
    this.producer = new lib.Producer({
      'metadata.broker.list': conn.brokers.join(','),
      'client.id': conn.clientId,
      'enable.idempotence': true,
      dr_cb: true,
      'linger.ms': 5,
      'batch.num.messages': 10_000,
      'queue.buffering.max.messages': 1_000_000,
      'queue.buffering.max.kbytes': 1_048_576,
      'message.max.bytes': 16 * 1024 * 1024,
    }, { acks: -1 });
    this.producer.on('delivery-report', (err, report) => {
      const d = report.opaque as Delivery | undefined;
      if (!d) return;
      if (err && !d.error) d.error = err;
      if (--d.left === 0) d.resolve();
    });
    this.producer.on('event.error', (err) => logger.warn({ err }, 'rdkafka producer error'));
  }

  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.producer.connect({}, (err) => (err ? reject(err) : resolve()));
    });
  }

  async send(records: readonly OutRecord[]): Promise<void> {
    if (records.length === 0) return;
    let resolve: () => void = () => undefined;
    const done = new Promise<void>((r) => (resolve = r));
    const d: Delivery = { left: records.length, error: null, resolve };
    this.track(+1);
    try {
      for (const r of records) {
        const key = r.key === null ? null : r.key;
        for (;;) {
          try {
            this.producer.produce(r.topic, null, r.value, key, Date.now(), d, toHeaders(r.headers));
            break;
          } catch (err) {
            // Local queue full: serve delivery reports, then try again.
            if ((err as LibrdKafkaError).code !== -184) throw err;
            this.producer.poll();
            await sleep(5);
          }
        }
      }
      this.producer.poll();
      await done;
    } finally {
      this.track(-1);
    }
    if (d.error) throw d.error;
  }

  /** Serve delivery reports every millisecond while a send waits. */
  private track(delta: number): void {
    this.pending += delta;
    if (this.pending > 0 && !this.poller) {
      this.poller = setInterval(() => this.producer.poll(), 1);
    } else if (this.pending === 0 && this.poller) {
      clearInterval(this.poller);
      this.poller = undefined;
    }
  }

  disconnect(): Promise<void> {
    return new Promise((resolve) => {
      this.producer.flush(10_000, () => this.producer.disconnect(() => resolve()));
    });
  }
}

/** A subscribed consumer with explicit commits and batch consume. */
class BatchConsumer {
  readonly consumer: KafkaConsumer;

  constructor(
    lib: Rdkafka,
    conn: RdkafkaConnection,
    groupId: string,
    fromBeginning: boolean,
    logger: Logger,
  ) {
    this.consumer = new lib.KafkaConsumer(
      {
        'metadata.broker.list': conn.brokers.join(','),
        'client.id': conn.clientId,
        'group.id': groupId,
        'enable.auto.commit': false,
        'enable.auto.offset.store': false,
        'max.partition.fetch.bytes': 4 * 1024 * 1024,
        'fetch.wait.max.ms': 100,
        // After an end-of-partition event node-rdkafka's batch consume waits
        // 1 ms for each further record; alone it did not keep batches from
        // filling slowly at low rates, hence consumeWaitMs as well.
        'enable.partition.eof': true,
        offset_commit_cb: (err: LibrdKafkaError | null) => {
          if (err && err.code !== -168) logger.warn({ err }, 'rdkafka commit failed');
        },
      },
      { 'auto.offset.reset': fromBeginning ? 'earliest' : 'latest' },
    );
    this.consumer.on('event.error', (err) => logger.warn({ err }, 'rdkafka consumer error'));
  }

  async connect(topics: string[], waitMs: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.consumer.connect({}, (err) => (err ? reject(err) : resolve()));
    });
    this.consumer.setDefaultConsumeTimeout(waitMs);
    this.consumer.subscribe(topics);
  }

  consume(n: number): Promise<Message[]> {
    return new Promise((resolve, reject) => {
      this.consumer.consume(n, (err, msgs) => (err ? reject(err) : resolve(msgs)));
    });
  }

  commit(offsets: TopicPartitionOffset[], sync = false): void {
    if (offsets.length === 0) return;
    if (sync) this.consumer.commitSync(offsets);
    else this.consumer.commit(offsets);
  }

  rewind(msgs: readonly Message[]): Promise<void> {
    return Promise.all(
      bounds(msgs).map(
        (b) =>
          new Promise<void>((resolve) => {
            const tp = { topic: b.topic, partition: b.partition, offset: b.low };
            this.consumer.seek(tp, 5000, () => resolve());
          }),
      ),
    ).then(() => undefined);
  }

  disconnect(): Promise<void> {
    return new Promise((resolve) => this.consumer.disconnect(() => resolve()));
  }
}

function nextOffsets(msgs: readonly Message[]): TopicPartitionOffset[] {
  return bounds(msgs).map((b) => ({ topic: b.topic, partition: b.partition, offset: b.high + 1 }));
}

/**
 * Connects a producer and a batch consumer, then runs `round` with them
 * until `running()` turns false. A failed round (broker gone) is logged and
 * tried again after the retry delay. Resolves once both are connected.
 */
async function connectAndLoop(
  conn: RdkafkaConnection,
  opts: { groupId: string; topics: string[]; fromBeginning: boolean; logger: Logger },
  running: () => boolean,
  round: (c: BatchConsumer, p: AckedProducer) => Promise<void>,
): Promise<{ consumer: BatchConsumer; producer: AckedProducer; loop: Promise<void> }> {
  const lib = await rdkafka();
  const { groupId, logger } = opts;
  const producer = new AckedProducer(lib, conn, logger);
  const consumer = new BatchConsumer(lib, conn, groupId, opts.fromBeginning, logger);
  await producer.connect();
  await consumer.connect(opts.topics, conn.consumeWaitMs ?? 10);
  const loop = (async () => {
    while (running()) {
      await round(consumer, producer).catch(async (err: unknown) => {
        logger.warn({ group: groupId, err }, 'rdkafka consume failed');
        await sleep(conn.retryDelayMs ?? 1000);
      });
    }
  })();
  return { consumer, producer, loop };
}

/** A processor (processor.ts) on node-rdkafka; options as for the kafkajs runner. */
export function createRdProcessorRunner(conn: RdkafkaConnection, opts: ProcessorRunnerOptions): Runner {
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
        conn, { ...opts, fromBeginning }, () => running, batch,
      ));
      logger.info({ processor: name, group: opts.groupId, topics: opts.topics }, 'processor started');
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
    if (items.length >= opts.batchRows || (msgs.length > 0 && Date.now() - firstAt >= opts.flushMs)) {
      await flush(c);
    }
  }

  return {
    async start() {
      running = true;
      ({ consumer, producer, loop } = await connectAndLoop(
        conn, { ...opts, fromBeginning: true }, () => running, batch,
      ));
      logger.info({ sink: sink.name, group: opts.groupId, topics: opts.topics }, 'sink started');
    },
    async stop() {
      running = false;
      await loop;
      if (consumer) {
        await flush(consumer, true).catch((err) => logger.error({ err }, 'final sink flush failed'));
        await consumer.disconnect();
      }
      await producer?.disconnect();
      logger.info({ sink: sink.name }, 'sink stopped');
    },
  };
}
