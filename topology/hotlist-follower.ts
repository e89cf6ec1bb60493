/**
 * Keeps a matcher's hotlists current from the compacted topic alpr.hotlists.
 * Every matcher instance reads the whole topic (its own throw-away group,
 * nothing committed), so any number of instances can run side by side.
 * `ready` resolves once the topic has been read up to the high watermark
 * seen at start, so no read is matched against half-loaded lists.
 */
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { TopicSerde } from '../schemas/serdes.ts';
import type { HotlistEntry } from '../schemas/types.ts';
import { isAlprError } from '../lib/errors.ts';
import type { Logger } from '../lib/log.ts';
import { highWatermarks } from '../hotlists/compacted.ts';

export interface HotlistSink {
  apply(key: string, entry: HotlistEntry | null): void;
  /** Called when a fetch has been applied, to rebuild off the hot path. */
  flush?(): void;
}

export interface HotlistFollower {
  ready: Promise<void>;
  stop(): Promise<void>;
}

export async function followHotlists(
  kafka: Kafka,
  target: HotlistSink,
  serde: TopicSerde<HotlistEntry>,
  logger: Logger,
  topic: string = serde.topic,
): Promise<HotlistFollower> {
  const pending = await highWatermarks(kafka, topic);
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  if (pending.size === 0) markReady();

  const consumer = kafka.consumer({ groupId: `alpr-hotlist-follower-${randomUUID()}` });
  let bad = 0;
  // Readiness is judged after each batch, empty ones included: a partition
  // whose tail was compacted away or ends in a control record delivers no
  // message at its last offset, but kafkajs still reports the batch's end.
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    const want = pending.get(payload.partition);
    if (payload.topic !== topic || want === undefined) return;
    if (BigInt(payload.lastOffset) + 1n < want) return;
    pending.delete(payload.partition);
    if (pending.size === 0) {
      logger.info({ topic, skipped: bad }, 'hotlists loaded');
      markReady();
    }
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      for (const m of batch.messages) {
        const key = m.key?.toString() ?? '';
        let entry: HotlistEntry | null = null;
        try {
          if (m.value && m.value.length > 0) entry = await serde.decode(m.value);
        } catch (err) {
          // An unreachable registry is retried (kafkajs fetches the batch
          // again); only a record that can never decode is skipped.
          if (isAlprError(err) && err.retriable) throw err;
          bad += 1;
          logger.warn(
            { topic, partition: batch.partition, offset: m.offset, err },
            'hotlist record skipped',
          );
          continue;
        }
        target.apply(key, entry);
      }
      target.flush?.();
    },
  });
  return {
    ready,
    async stop() {
      await consumer.disconnect();
    },
  };
}
