/**
 * readCompactedHotlists: the current state of the compacted hotlist topic,
 * read once from the beginning up to the high watermarks taken at the start
 * (records written meanwhile may be included too). Later records of a key
 * replace earlier ones; a tombstone (null value) removes the key.
 *
 * The consumer joins a throw-away group (a random id), commits nothing and
 * the group is deleted afterwards, so any number of loaders can read side by
 * side without moving anyone's offsets. Joining a group costs ~3 s of
 * rebalance on a local broker; this is a load-time call, not a hot path.
 * A record that does not decode is skipped and logged with its offset (never
 * its plate): one bad record must not block loading every other list.
 *
 * The high watermark is not always reachable by reading: once a segment
 * rolls (segment.ms, 7 days by default) the cleaner may delete a trailing
 * tombstone after delete.retention.ms (1 day), leaving no record at the last
 * offsets. kafkajs hands no empty batch to eachBatch, so a partition whose
 * leader answered IDLE_FETCHES fetches in a row with nothing for it is
 * taken as read to its end (logged at warn).
 */
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { AlprError, ErrorCodes } from '../lib/errors.ts';
import { silentLogger, type Logger } from '../lib/log.ts';
import { codecs } from '../schemas/avro.ts';
import type { HotlistEntry } from '../schemas/types.ts';
import { topics } from '../topology/topics.ts';

const IDLE_FETCHES = 3;
// Short broker-side waits make the idle rule above cost 3 x 200 ms, not 3 x 5 s.
const MAX_WAIT_MS = 200;

export interface ReadCompactedOptions {
  /** Give up after this long, default 60 s: BROKER_UNAVAILABLE, retriable. */
  timeoutMs?: number;
  logger?: Logger;
}

export async function readCompactedHotlists(
  kafka: Kafka,
  topic: string = topics.hotlists.name,
  opts: ReadCompactedOptions = {},
): Promise<Map<string, HotlistEntry>> {
  const logger = opts.logger ?? silentLogger;
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const state = new Map<string, HotlistEntry>();

  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    const pending = new Map<number, bigint>();
    for (const o of offsets) {
      if (BigInt(o.high) > BigInt(o.low)) pending.set(o.partition, BigInt(o.high));
    }
    if (pending.size === 0) return state;
    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    const leaders = new Map<number, string>();
    for (const p of meta.topics[0]?.partitions ?? []) leaders.set(p.partitionId, String(p.leader));

    const groupId = `alpr-hotlist-reader-${randomUUID()}`;
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: MAX_WAIT_MS });
    let finish: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const caughtUp = (partition: number): void => {
      pending.delete(partition);
      if (pending.size === 0) finish();
    };
    const idle = new Map<number, number>();
    consumer.on(consumer.events.FETCH, ({ payload }) => {
      for (const partition of [...pending.keys()]) {
        if (leaders.get(partition) !== String(payload.nodeId)) continue;
        const n = (idle.get(partition) ?? 0) + 1;
        idle.set(partition, n);
        if (n < IDLE_FETCHES) continue;
        logger.warn({ topic, partition }, 'hotlist partition ends before its high watermark');
        caughtUp(partition);
      }
    });
    let timer: NodeJS.Timeout | undefined;
    let undecodable = 0;
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          idle.set(batch.partition, 0);
          for (const m of batch.messages) {
            const key = m.key?.toString();
            if (key === undefined) continue;
            if (m.value === null || m.value.length === 0) {
              state.delete(key);
              continue;
            }
            try {
              state.set(key, codecs.hotlistEntry.decode(m.value));
            } catch (err) {
              undecodable += 1;
              const ctx = { topic, partition: batch.partition, offset: m.offset, err };
              logger.warn(ctx, 'undecodable hotlist record skipped');
            }
          }
          const want = pending.get(batch.partition);
          const next = BigInt(batch.lastOffset()) + 1n;
          if (want !== undefined && next >= want) caughtUp(batch.partition);
        },
      });
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const context = { topic, timeoutMs, partitionsLeft: [...pending.keys()] };
          const message = 'hotlist topic not read to its high watermark in time';
          const opts = { retriable: true, context };
          reject(new AlprError(ErrorCodes.BROKER_UNAVAILABLE, message, opts));
        }, timeoutMs);
      });
      await Promise.race([done, timedOut]);
    } finally {
      clearTimeout(timer);
      await consumer.disconnect();
      await admin.deleteGroups([groupId]).catch(() => undefined);
    }
    logger.info({ topic, entries: state.size, undecodable }, 'hotlist topic read');
    return state;
  } finally {
    await admin.disconnect();
  }
}
