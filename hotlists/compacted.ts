/**
 * readCompactedHotlists: the current state of the compacted hotlist topic,
 * read once from the beginning up to the high watermarks taken at the start
 * (records written meanwhile may be included too). Later records of a key
 * replace earlier ones; a tombstone (null value) removes the key.
 *
 * The consumer joins a throw-away group (a random id), commits nothing and
 * the group is deleted afterwards, so any number of loaders can read side by
 * side without moving anyone's offsets. This is a load-time call (a group
 * join costs from ~0.1 s on an idle local broker to a few seconds), not a
 * hot path.
 *
 * Progress is taken from kafkajs' end-of-batch event rather than from
 * eachBatch alone: a fetch that holds only transaction markers or aborted
 * records never reaches eachBatch but is still reported there with its last
 * offset, so a log ending in such records is read to its end. If the end is
 * not reached within `timeoutMs` the call fails (BROKER_UNAVAILABLE,
 * retriable) rather than return a partial state: a caller publishing a
 * snapshot against a partial state would leave stale entries alive.
 * A record that does not decode is skipped and logged with its offset (never
 * its plate): one bad record must not block loading every other list.
 */
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { AlprError, ErrorCodes, isAlprError } from '../lib/errors.ts';
import { silentLogger, type Logger } from '../lib/log.ts';
import type { TopicSerde } from '../schemas/serdes.ts';
import type { HotlistEntry } from '../schemas/types.ts';

export interface ReadCompactedOptions {
  /** Give up after this long, default 60 s: BROKER_UNAVAILABLE, retriable. */
  timeoutMs?: number;
  logger?: Logger;
}

/** Partition -> high watermark, for the partitions that hold any record. */
export async function highWatermarks(kafka: Kafka, topic: string): Promise<Map<number, bigint>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const pending = new Map<number, bigint>();
    for (const o of await admin.fetchTopicOffsets(topic)) {
      if (BigInt(o.high) > BigInt(o.low)) pending.set(o.partition, BigInt(o.high));
    }
    return pending;
  } finally {
    await admin.disconnect();
  }
}

async function deleteGroup(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.deleteGroups([groupId]);
  } catch {
    // A group that committed nothing expires on its own; deleting it is tidiness.
  } finally {
    await admin.disconnect();
  }
}

export async function readCompactedHotlists(
  kafka: Kafka,
  serde: TopicSerde<HotlistEntry>,
  topic: string = serde.topic,
  opts: ReadCompactedOptions = {},
): Promise<Map<string, HotlistEntry>> {
  const logger = opts.logger ?? silentLogger;
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const state = new Map<string, HotlistEntry>();
  const pending = await highWatermarks(kafka, topic);
  if (pending.size === 0) return state;

  const groupId = `alpr-hotlist-reader-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId });
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    const want = pending.get(payload.partition);
    if (payload.topic !== topic || want === undefined) return;
    if (BigInt(payload.lastOffset) + 1n < want) return;
    pending.delete(payload.partition);
    if (pending.size === 0) finish();
  });

  let undecodable = 0;
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) {
          const key = m.key?.toString();
          if (key === undefined) continue;
          if (m.value === null || m.value.length === 0) {
            state.delete(key);
            continue;
          }
          try {
            state.set(key, await serde.decode(m.value));
          } catch (err) {
            // A registry outage must not yield a partial state: fail the batch
            // (kafkajs fetches it again) and let the timeout speak if it lasts.
            if (isAlprError(err) && err.retriable) throw err;
            undecodable += 1;
            const ctx = { topic, partition: batch.partition, offset: m.offset, err };
            logger.warn(ctx, 'undecodable hotlist record skipped');
          }
        }
      },
    });
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const context = { topic, timeoutMs, partitionsLeft: [...pending.keys()] };
        const message = 'hotlist topic not read to its end in time';
        reject(new AlprError(ErrorCodes.BROKER_UNAVAILABLE, message, { retriable: true, context }));
      }, timeoutMs);
    });
    await Promise.race([done, timedOut]);
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
    await deleteGroup(kafka, groupId);
  }
  logger.info({ topic, entries: state.size, undecodable }, 'hotlist topic read');
  return state;
}
