import { describe, expect, it } from 'vitest';
import type { Admin, ITopicConfig, Kafka } from 'kafkajs';
import { AlprError, isAlprError } from '../lib/errors.ts';
import { silentLogger } from '../lib/log.ts';
import { topics, type TopicSpec } from '../topology/topics.ts';
import {
  ensureTopics,
  planTopics,
  toCreateTopic,
  topicError,
  validateTopicSpecs,
} from './topics.ts';

const spec = (over: Partial<TopicSpec> = {}): TopicSpec => ({
  name: 'alpr.test',
  partitions: 1,
  config: {},
  doc: '',
  ...over,
});

function caught(fn: () => unknown): AlprError {
  try {
    fn();
  } catch (e) {
    if (isAlprError(e)) return e;
    throw e;
  }
  throw new Error('expected an AlprError');
}

describe('validateTopicSpecs', () => {
  it('topic specs > every topic of topology/topics.ts > accepted', () => {
    expect(() => validateTopicSpecs(Object.values(topics))).not.toThrow();
  });

  it.each([
    ['empty name', [spec({ name: '' })], 'name'],
    ['name "."', [spec({ name: '.' })], 'name'],
    ['name ".."', [spec({ name: '..' })], 'name'],
    ['space in name', [spec({ name: 'alpr reads' })], 'name'],
    ['slash in name', [spec({ name: 'alpr/reads' })], 'name'],
    ['250-character name', [spec({ name: 'a'.repeat(250) })], 'name'],
    ['duplicate name', [spec(), spec()], 'name'],
    ['zero partitions', [spec({ partitions: 0 })], 'partitions'],
    ['negative partitions', [spec({ partitions: -3 })], 'partitions'],
    ['fractional partitions', [spec({ partitions: 1.5 })], 'partitions'],
    ['NaN partitions', [spec({ partitions: Number.NaN })], 'partitions'],
    [
      'numeric config value',
      [spec({ config: { 'retention.ms': 1000 as unknown as string } })],
      'config.retention.ms',
    ],
  ])('topic specs > %s > CONFIG_INVALID naming the field', (_label, specs, field) => {
    const err = caught(() => validateTopicSpecs(specs));

    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.retriable).toBe(false);
    expect(err.context.problems).toEqual([expect.objectContaining({ field })]);
  });

  it('topic specs > several bad specs > one error listing each', () => {
    const err = caught(() =>
      validateTopicSpecs([spec({ name: 'a b' }), spec({ name: 'ok', partitions: 0 })]),
    );

    expect(err.context.problems).toEqual([
      expect.objectContaining({ topic: 'a b', field: 'name' }),
      expect.objectContaining({ topic: 'ok', field: 'partitions' }),
    ]);
  });

  it('topic specs > 249-character name with dots, dashes, underscores > accepted', () => {
    const name = `a.b-c_${'x'.repeat(243)}`;
    expect(name).toHaveLength(249);
    expect(() => validateTopicSpecs([spec({ name })])).not.toThrow();
  });
});

describe('planTopics', () => {
  it.each([
    ['none exist', [], ['a', 'b'], []],
    ['all exist', ['a', 'b', 'other'], [], ['a', 'b']],
    ['one exists', ['b'], ['a'], ['b']],
  ])('plan > %s > splits create and existing', (_label, existing, create, kept) => {
    const plan = planTopics([spec({ name: 'a' }), spec({ name: 'b' })], existing);

    expect(plan.create.map((s) => s.name)).toEqual(create);
    expect(plan.existing.map((s) => s.name)).toEqual(kept);
  });
});

describe('toCreateTopic', () => {
  it('create request > compacted hotlist spec > carries cleanup.policy=compact', () => {
    expect(toCreateTopic(topics.hotlists)).toEqual({
      topic: 'alpr.hotlists',
      numPartitions: 1,
      replicationFactor: -1,
      configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
    });
  });

  it('create request > explicit replication factor > used instead of the broker default', () => {
    const req = toCreateTopic(topics.readsRaw, 3);

    expect(req.replicationFactor).toBe(3);
    expect(req.configEntries).toEqual([
      { name: 'retention.ms', value: topics.readsRaw.config['retention.ms'] },
      { name: 'max.message.bytes', value: String(16 * 1024 * 1024) },
    ]);
  });
});

describe('topicError', () => {
  const refused = Object.assign(new Error('Topic creation errors'), {
    errors: [{ type: 'INVALID_CONFIG', topic: 't1' }],
  });
  it.each([
    ['broker refused a config', refused, 'CONFIG_INVALID', false],
    ['policy violation', { type: 'POLICY_VIOLATION', topic: 't1' }, 'CONFIG_INVALID', false],
    ['connection refused', new Error('connect ECONNREFUSED'), 'BROKER_UNAVAILABLE', true],
    ['request timed out', { type: 'REQUEST_TIMED_OUT' }, 'BROKER_UNAVAILABLE', true],
    ['thrown null', null, 'BROKER_UNAVAILABLE', true],
  ])('kafkajs failure > %s > %s', (_label, e, code, retriable) => {
    const err = topicError(e, ['t1']);

    expect([err.code, err.retriable]).toEqual([code, retriable]);
    expect(err.cause).toBe(e);
    expect(err.context.topics).toEqual(['t1']);
  });

  it('kafkajs failure > already an AlprError > returned as is', () => {
    const original = new AlprError('STORE_UNAVAILABLE', 'x');
    expect(topicError(original, [])).toBe(original);
  });
});

/** An Admin that holds topics in memory; only the calls ensureTopics makes. */
function memoryAdmin(existing: string[]): { admin: Admin; created: ITopicConfig[][] } {
  const names = new Set(existing);
  const created: ITopicConfig[][] = [];
  const admin = {
    listTopics: async () => [...names],
    createTopics: async ({ topics: list }: { topics: ITopicConfig[] }) => {
      created.push(list);
      for (const t of list) names.add(t.topic);
      return true;
    },
    fetchTopicMetadata: async ({ topics: list }: { topics: string[] }) => ({
      topics: list.map((name) => ({ name, partitions: [] })),
    }),
  } as unknown as Admin;
  return { admin, created };
}

describe('ensureTopics', () => {
  it('ensureTopics > one of two topics exists > creates only the missing one', async () => {
    const { admin, created } = memoryAdmin(['alpr.hits']);

    const result = await ensureTopics(admin, [topics.hits, topics.hotlists], silentLogger);

    expect(result).toEqual({ created: ['alpr.hotlists'], existing: ['alpr.hits'] });
    expect(created).toEqual([[toCreateTopic(topics.hotlists)]]);
  });

  it('ensureTopics > Kafka client target > opens an admin, creates, then closes it', async () => {
    const { admin, created } = memoryAdmin([]);
    const calls: string[] = [];
    const withLifecycle = {
      ...admin,
      connect: async () => void calls.push('connect'),
      disconnect: async () => void calls.push('disconnect'),
    } as Admin;
    const kafka = { admin: () => withLifecycle } as unknown as Kafka;

    const result = await ensureTopics(kafka, [topics.hits], silentLogger);

    expect(result.created).toEqual(['alpr.hits']);
    expect(created).toHaveLength(1);
    expect(calls).toEqual(['connect', 'disconnect']);
  });

  it('ensureTopics > all exist > sends no create request', async () => {
    const { admin, created } = memoryAdmin(['alpr.hits']);

    await ensureTopics(admin, [topics.hits], silentLogger);

    expect(created).toEqual([]);
  });

  it('ensureTopics > invalid spec > CONFIG_INVALID before any broker call', async () => {
    const { admin, created } = memoryAdmin([]);
    const listed = { count: 0 };
    const watched = {
      ...admin,
      listTopics: async () => {
        listed.count++;
        return [];
      },
    } as Admin;

    const err = await ensureTopics(watched, [spec({ partitions: 0 })], silentLogger).catch(
      (e: unknown) => e,
    );

    expect(isAlprError(err) && err.code).toBe('CONFIG_INVALID');
    expect([listed.count, created.length]).toEqual([0, 0]);
  });
});
