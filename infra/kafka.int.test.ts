/**
 * The local broker (infra/kafka/start.sh, Kafka 4.x) against the installed
 * kafkajs 2.2.4: topic creation, produce with headers, group consume, offset
 * commit, and ensureTopics' idempotence and topic configs.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigResourceTypes, type Admin } from 'kafkajs';
import { silentLogger } from '../lib/log.ts';
import { isAlprError } from '../lib/errors.ts';
import { topics, type TopicSpec } from '../topology/topics.ts';
import { ensureTopics } from './topics.ts';
import {
  cleanupKafka,
  consumeN,
  createTestTopics,
  produceMessages,
  testAdmin,
  testKafka,
  trackTopics,
  uniqueGroup,
  uniqueTopic,
} from '../test/support/kafka.ts';

afterAll(cleanupKafka);

async function topicConfig(admin: Admin, topic: string): Promise<Record<string, string>> {
  const res = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }],
  });
  const entries = res.resources[0]?.configEntries ?? [];
  return Object.fromEntries(entries.map((e) => [e.configName, e.configValue]));
}

describe('local broker', () => {
  it('local broker > keyed records with headers > consumed back in a group unchanged', async () => {
    const [topic] = await createTestTopics([{ name: uniqueTopic('roundtrip'), partitions: 3 }]);
    const sent = [0, 1, 2, 3, 4].map((i) => ({
      key: `read-${i}`,
      value: JSON.stringify({ seq: i }),
      headers: { 'alpr-source': 'int-test', 'alpr-seq': String(i) },
    }));
    await produceMessages(topic!, sent);

    const got = await consumeN(topic!, sent.length);

    const seq = (m: (typeof got)[number]) => Number(m.headers['alpr-seq']);
    const bySeq = [...got].sort((a, b) => seq(a) - seq(b));
    expect(bySeq.map((m) => m.key?.toString())).toEqual(sent.map((m) => m.key));
    expect(bySeq.map((m) => m.value?.toString())).toEqual(sent.map((m) => m.value));
    expect(bySeq.map((m) => m.headers)).toEqual(sent.map((m) => m.headers));
    expect(new Set(got.map((m) => m.topic))).toEqual(new Set([topic]));
  });

  it('consumer group > offsets committed > group resumes after the last commit', async () => {
    const [topic] = await createTestTopics([{ name: uniqueTopic('commit') }]);
    const groupId = uniqueGroup('commit');
    await produceMessages(topic!, [{ value: 'a' }, { value: 'b' }, { value: 'c' }]);

    // a short long-poll: disconnect waits for the fetch in flight (kafkajs default 5 s)
    const consumer = testKafka().consumer({ groupId, maxWaitTimeInMs: 250 });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic!], fromBeginning: true });
    const seen: string[] = [];
    let all: () => void = () => {};
    const three = new Promise<void>((resolve) => {
      all = resolve;
    });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message }) => {
        seen.push(message.offset);
        if (seen.length === 3) all();
      },
    });
    await three;
    // Kafka's convention: the committed offset is the next one to read.
    await consumer.commitOffsets([{ topic: topic!, partition: 0, offset: '3' }]);
    await consumer.disconnect();

    const admin = await testAdmin();
    const committed = await admin.fetchOffsets({ groupId, topics: [topic!] });
    expect(seen).toEqual(['0', '1', '2']);
    expect(committed[0]?.partitions).toEqual([
      expect.objectContaining({ partition: 0, offset: '3' }),
    ]);

    await produceMessages(topic!, [{ value: 'd' }]);
    const resumed = await consumeN(topic!, 1, 20_000, { groupId });
    expect(resumed.map((m) => [m.offset, m.value?.toString()])).toEqual([['3', 'd']]);
  });
});

describe('ensureTopics', () => {
  const specs = (): TopicSpec[] => [
    {
      name: uniqueTopic('hotlists'),
      partitions: 1,
      config: { ...topics.hotlists.config },
      doc: 'compacted like alpr.hotlists',
    },
    {
      name: uniqueTopic('reads'),
      partitions: 2,
      config: { ...topics.reads.config },
      doc: 'time-retained like alpr.reads',
    },
  ];

  it('ensureTopics > run twice > creates once, then leaves the topics alone', async () => {
    const admin = await testAdmin();
    const s = specs();
    trackTopics(...s.map((x) => x.name));

    const first = await ensureTopics(admin, s, silentLogger);
    // second run through a Kafka client, the way the app calls it
    const second = await ensureTopics(testKafka(), s, silentLogger);

    expect(first).toEqual({ created: s.map((x) => x.name), existing: [] });
    expect(second).toEqual({ created: [], existing: s.map((x) => x.name) });
    const meta = await admin.fetchTopicMetadata({ topics: s.map((x) => x.name) });
    const partitions = Object.fromEntries(meta.topics.map((t) => [t.name, t.partitions.length]));
    expect(partitions).toEqual(Object.fromEntries(s.map((x) => [x.name, x.partitions])));
  });

  it('ensureTopics > compacted and retained specs > configs applied at creation', async () => {
    const admin = await testAdmin();
    const [compacted, retained] = specs();
    trackTopics(compacted!.name, retained!.name);

    await ensureTopics(admin, [compacted!, retained!], silentLogger);

    const c = await topicConfig(admin, compacted!.name);
    const r = await topicConfig(admin, retained!.name);
    expect(c['cleanup.policy']).toBe('compact');
    expect(r['cleanup.policy']).toBe('delete');
    expect(r['retention.ms']).toBe(topics.reads.config['retention.ms']);
  });

  it('ensureTopics > config the broker refuses > CONFIG_INVALID naming the topic', async () => {
    const admin = await testAdmin();
    const name = uniqueTopic('refused');
    trackTopics(name);
    const bad: TopicSpec = { name, partitions: 1, config: { 'cleanup.policy': 'shred' }, doc: '' };

    const err = await ensureTopics(admin, [bad], silentLogger).catch((e: unknown) => e);

    expect(isAlprError(err) && err.code).toBe('CONFIG_INVALID');
    expect(isAlprError(err) && err.context.refused).toEqual([
      expect.objectContaining({ topic: name, type: 'INVALID_CONFIG' }),
    ]);
    expect(await admin.listTopics()).not.toContain(name);
  });

  it('ensureTopics > nothing listening on the port > retriable BROKER_UNAVAILABLE', async () => {
    // Port 1 on loopback: connection refused at once, no traffic leaves the machine.
    const err = await ensureTopics(['127.0.0.1:1'], specs(), silentLogger, {
      client: { retry: { retries: 0 }, connectionTimeout: 1000 },
    }).catch((e: unknown) => e);

    expect(isAlprError(err) && [err.code, err.retriable]).toEqual(['BROKER_UNAVAILABLE', true]);
  });
});
