/**
 * Consumer lag per group and partition (high watermark minus committed
 * offset), sampled on a timer into metrics.consumerLag. kafkajs has no lag
 * metric of its own; two admin calls per group per sample are cheap at a
 * 15 s interval.
 */
import type { Kafka } from 'kafkajs';
import type { Logger } from '../lib/log.ts';
import { metrics } from '../lib/metrics.ts';

export interface LagWatch {
  sample(): Promise<Map<string, number>>;
  stop(): Promise<void>;
}

export async function watchLag(
  kafka: Kafka,
  bindings: { group: string; topic: string }[],
  logger: Logger,
  intervalMs = 15_000,
): Promise<LagWatch> {
  const admin = kafka.admin();
  await admin.connect();
  async function sample(): Promise<Map<string, number>> {
    const totals = new Map<string, number>();
    for (const { group, topic } of bindings) {
      const [highs, committed] = await Promise.all([
        admin.fetchTopicOffsets(topic),
        admin.fetchOffsets({ groupId: group, topics: [topic] }),
      ]);
      const done = new Map(committed[0]?.partitions.map((p) => [p.partition, p.offset]) ?? []);
      let total = 0;
      for (const h of highs) {
        const c = done.get(h.partition);
        // -1: nothing committed yet, so everything since the low mark is lag.
        const from = c === undefined || c === '-1' ? BigInt(h.low) : BigInt(c);
        const lag = Number(BigInt(h.high) - from);
        total += lag;
        metrics.consumerLag.set({ group, topic, partition: String(h.partition) }, lag);
      }
      totals.set(group, total);
    }
    return totals;
  }
  const timer = setInterval(() => {
    sample().catch((err) => logger.warn({ err }, 'lag sample failed'));
  }, intervalMs);
  timer.unref();
  return {
    sample,
    async stop() {
      clearInterval(timer);
      await admin.disconnect();
    },
  };
}
