/**
 * The node-rdkafka clients under topology/rdkafka-runner.ts: a producer
 * whose send resolves once every record is acknowledged (acks=all,
 * idempotent), a subscribed consumer with batch consume, explicit commits
 * and rewind, and the loop that drives one batch at a time with them.
 *
 * node-rdkafka is an optional dependency, loaded when a client is first
 * made, so a deployment without the native addon never touches it.
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
import type { InRecord, OutRecord } from './processor.ts';

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
  loaded ??= import('node-rdkafka').then((m) => (m as { default?: Rdkafka }).default ?? m);
  return loaded;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
export class AckedProducer {
  private readonly producer: Producer;
  private pending = 0;
  private poller: NodeJS.Timeout | undefined;

  constructor(lib: Rdkafka, conn: RdkafkaConnection, logger: Logger) {
    this.producer = new lib.Producer(
      {
        'metadata.broker.list': conn.brokers.join(','),
        'client.id': conn.clientId,
        'enable.idempotence': true,
        dr_cb: true,
        'linger.ms': 5,
        'batch.num.messages': 10_000,
        'queue.buffering.max.messages': 1_000_000,
        'queue.buffering.max.kbytes': 1_048_576,
        'message.max.bytes': 16 * 1024 * 1024,
      },
      { acks: -1 },
    );
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
export class BatchConsumer {
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

export function nextOffsets(msgs: readonly Message[]): TopicPartitionOffset[] {
  return bounds(msgs).map((b) => ({ topic: b.topic, partition: b.partition, offset: b.high + 1 }));
}

/**
 * Connects a producer and a batch consumer, then runs `round` with them
 * until `running()` turns false. A failed round (broker gone) is logged and
 * tried again after the retry delay. Resolves once both are connected.
 */
export async function connectAndLoop(
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
