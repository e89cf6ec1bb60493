/**
 * The audit writer on the real broker and registry: many requests at once
 * each wait for their own event's acknowledgement, through one idempotent
 * producer, and every event lands once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  cleanupKafka,
  consumeN,
  createTestTopics,
  testKafka,
  uniqueTopic,
} from '../test/support/kafka.ts';
import { testSerde } from '../test/support/registry.ts';
import { createKafkaAuditLog, newAuditEvent } from './audit.ts';

afterAll(() => cleanupKafka());

describe('audit before data leaves (writer)', () => {
  it('audit writer > 300 requests at once > each acknowledged, every event on the topic once', async () => {
    const [topic] = await createTestTopics([{ name: uniqueTopic('audit-burst'), partitions: 3 }]);
    const serde = await testSerde('auditEvent', topic!);
    const producer = testKafka().producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      const audit = createKafkaAuditLog(producer, serde);
      const events = Array.from({ length: 300 }, (_, i) =>
        newAuditEvent({ action: 'query.plate', outcome: 'allowed', user_id: `user.${i % 7}` }),
      );
      await Promise.all(events.map((e) => audit.write(e)));
      const got = await consumeN(topic!, 300, 30_000);
      const ids = await Promise.all(got.map(async (m) => (await serde.decode(m.value!)).event_id));
      expect(new Set(ids)).toEqual(new Set(events.map((e) => e.event_id)));
      expect(ids).toHaveLength(300);
    } finally {
      await producer.disconnect();
    }
  }, 60_000);
});
