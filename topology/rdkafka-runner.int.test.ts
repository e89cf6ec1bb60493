import { afterAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../lib/log.ts';
import {
  cleanupKafka,
  consumeN,
  createTestTopics,
  produceMessages,
  testAdmin,
  testBrokers,
  trackTopics,
  uniqueGroup,
  uniqueTopic,
} from '../test/support/kafka.ts';
import type { Processor } from './processor.ts';
import { createRdProcessorRunner, createRdSinkRunner } from './rdkafka-runner.ts';

afterAll(cleanupKafka);

const conn = () => ({ brokers: testBrokers(), clientId: 'rdkafka-runner-test', retryDelayMs: 100 });

async function committedTotal(group: string, topic: string): Promise<number> {
  const admin = await testAdmin();
  const [t] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
  return (t?.partitions ?? []).reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
}

async function until(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('rdkafka runner', () => {
  it('processor > 40 records on 2 partitions > outputs with headers, offsets committed after', async () => {
    const [input, output] = await createTestTopics([
      { name: uniqueTopic('rd-in'), partitions: 2 },
      { name: uniqueTopic('rd-out'), partitions: 2 },
    ]);
    const group = uniqueGroup('rd-proc');
    const upper: Processor = {
      name: 'upper',
      process: (rec) => [
        {
          topic: output!,
          key: rec.key,
          value: Buffer.from(rec.value!.toString().toUpperCase()),
          headers: { 'x-from': `${rec.partition}:${rec.offset}`, 'x-h': rec.headers['x-h'] ?? '' },
        },
      ],
    };
    const msgs = Array.from({ length: 40 }, (_, i) => ({
      key: `k${i}`,
      value: `read ${i}`,
      headers: { 'x-h': `h${i}` },
    }));
    await produceMessages(input!, msgs);
    const runner = createRdProcessorRunner(conn(), {
      groupId: group,
      topics: [input!],
      processor: upper,
      logger: silentLogger,
    });
    await runner.start();
    try {
      const got = await consumeN(output!, 40);
      const values = got.map((m) => m.value!.toString()).sort();
      expect(values).toEqual(msgs.map((m) => m.value.toUpperCase()).sort());
      const one = got.find((m) => m.key?.toString() === 'k7')!;
      expect(one.headers['x-h']).toBe('h7');
      await until(async () => (await committedTotal(group, input!)) === 40);
    } finally {
      await runner.stop();
    }
  });

  it('sink > write fails once > rows re-read, every row written, offsets committed', async () => {
    const [input] = await createTestTopics([{ name: uniqueTopic('rd-sink'), partitions: 2 }]);
    trackTopics(input!);
    const group = uniqueGroup('rd-sink');
    await produceMessages(
      input!,
      Array.from({ length: 30 }, (_, i) => ({ key: `k${i}`, value: `${i}` })),
    );
    const written = new Set<string>();
    let failures = 1;
    const runner = createRdSinkRunner(conn(), {
      groupId: group,
      topics: [input!],
      logger: silentLogger,
      batchRows: 10,
      flushMs: 200,
      sink: {
        name: 'test-sink',
        decode: (rec) => rec.value!.toString(),
        async write(items) {
          if (failures-- > 0) throw new Error('store down');
          for (const i of items) written.add(i);
        },
      },
    });
    await runner.start();
    try {
      await until(async () => written.size === 30 && (await committedTotal(group, input!)) === 30);
    } finally {
      await runner.stop();
    }
    expect([...written].map(Number).sort((a, b) => a - b)).toEqual([...Array(30).keys()]);
  });
});
