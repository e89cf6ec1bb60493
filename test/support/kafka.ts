/**
 * Helpers for integration tests against a real broker (infra/kafka/start.sh
 * locally, any cluster through ALPR_KAFKA_BROKERS). Every test makes its own
 * topics and groups with unique names, so test files run in parallel and a
 * rerun never sees old records. Call `cleanupKafka()` in `afterAll`: it
 * deletes what this process created and closes the shared clients.
 *
 *   afterAll(cleanupKafka);
 *   const [topic] = await createTestTopics([{ name: uniqueTopic('normalize') }]);
 *   await produceMessages(topic, [{ key: 'k', value: '{}' }]);
 *   const got = await consumeN(topic, 1);
 *
 * Logs of the clients are dropped unless TEST_LOG_LEVEL (a pino level) is set.
 */
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import {
  Partitioners,
  type Admin,
  type IHeaders,
  type KafkaMessage,
  type Kafka,
  type Message,
  type Producer,
} from 'kafkajs';
import { AlprError, ErrorCodes } from '../../lib/errors.ts';
import { createLogger, silentLogger, type Logger } from '../../lib/log.ts';
import { ensureTopics } from '../../infra/topics.ts';
import { createKafka } from '../../topology/kafka.ts';
import type { TopicSpec } from '../../topology/topics.ts';

export interface TestTopicSpec {
  name: string;
  /** default 1 */
  partitions?: number;
  config?: Record<string, string>;
}

export interface ConsumedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  /** UTF-8 decoded; a key sent more than once maps to all its values in order. */
  headers: Record<string, string | string[]>;
  timestamp: string;
}

export interface ConsumeOptions {
  /** default: a unique group, so each call reads the topic from its start */
  groupId?: string;
  /** default true */
  fromBeginning?: boolean;
}

interface State {
  kafka?: Kafka;
  admin?: Promise<Admin>;
  producer?: Promise<Producer>;
  topics: Set<string>;
  groups: Set<string>;
  reachable?: Promise<void>;
}
const state: State = { topics: new Set(), groups: new Set() };

/** Brokers from ALPR_KAFKA_BROKERS (comma-separated), else the local broker. */
export function testBrokers(env: NodeJS.ProcessEnv = process.env): string[] {
  const list = (env.ALPR_KAFKA_BROKERS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return list.length > 0 ? list : ['127.0.0.1:9092'];
}

// 6 random bytes: 2^48 names, so parallel files and reruns never collide.
function uniqueName(kind: string, prefix: string): string {
  const clean = prefix.replace(/[^a-zA-Z0-9-]/g, '-').slice(0, 80) || kind;
  return `test.${clean}.${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;
}

/** A topic name no other test or run uses: `test.<prefix>.<time>-<random>`. */
export function uniqueTopic(prefix: string): string {
  return uniqueName('topic', prefix);
}

/** A consumer group id no other test or run uses; deleted by cleanupKafka(). */
export function uniqueGroup(prefix: string): string {
  const id = uniqueName('group', prefix);
  state.groups.add(id);
  return id;
}

function testLogger(): Logger {
  const level = process.env.TEST_LOG_LEVEL;
  return level ? createLogger(level) : silentLogger;
}

/** The process-wide client for tests, logging per TEST_LOG_LEVEL. */
export function testKafka(): Kafka {
  state.kafka ??= createKafka(
    { kafkaBrokers: testBrokers(), kafkaClientId: 'alpr-test' },
    testLogger(),
    { retry: { retries: 3 } },
  );
  return state.kafka;
}

/** Fails fast, naming the fix, when nothing listens on the first broker address. */
export function assertBrokerReachable(timeoutMs = 3000): Promise<void> {
  state.reachable ??= new Promise<void>((resolve, reject) => {
    const broker = testBrokers()[0] ?? '127.0.0.1:9092';
    const [host = '127.0.0.1', port = '9092'] = broker.split(/:(?=\d+$)/);
    const socket = connect({ host, port: Number(port) });
    const fail = (cause: unknown) => {
      socket.destroy();
      reject(
        new AlprError(
          ErrorCodes.BROKER_UNAVAILABLE,
          `no Kafka broker at ${broker}: start one with \`npm run kafka:start\` ` +
            'or point ALPR_KAFKA_BROKERS at a running cluster',
          { retriable: true, cause, context: { broker } },
        ),
      );
    };
    socket.setTimeout(timeoutMs, () => fail(new Error(`connect timed out after ${timeoutMs} ms`)));
    socket.once('error', fail);
    socket.once('connect', () => {
      socket.end();
      resolve();
    });
  });
  return state.reachable;
}

/** The shared, connected admin client. */
export async function testAdmin(): Promise<Admin> {
  state.admin ??= (async () => {
    await assertBrokerReachable();
    const admin = testKafka().admin();
    await admin.connect();
    return admin;
  })();
  return state.admin;
}

/** Registers topics made some other way (e.g. by ensureTopics) for cleanupKafka(). */
export function trackTopics(...names: string[]): void {
  for (const n of names) state.topics.add(n);
}

/** Creates the topics (partitions default 1) and registers them for cleanup. */
export async function createTestTopics(specs: TestTopicSpec[]): Promise<string[]> {
  const full: TopicSpec[] = specs.map((s) => ({
    name: s.name,
    partitions: s.partitions ?? 1,
    config: s.config ?? {},
    doc: 'integration test topic',
  }));
  for (const s of full) state.topics.add(s.name);
  await ensureTopics(await testAdmin(), full, testLogger());
  return full.map((s) => s.name);
}

async function testProducer(): Promise<Producer> {
  state.producer ??= (async () => {
    await assertBrokerReachable();
    const producer = testKafka().producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    return producer;
  })();
  return state.producer;
}

/** Sends the messages with acks from all in-sync replicas. */
export async function produceMessages(topic: string, messages: Message[]): Promise<void> {
  const producer = await testProducer();
  await producer.send({ topic, messages, acks: -1 });
}

export function decodeHeaders(headers: IHeaders | undefined): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.map((x) => x.toString()) : v.toString();
  }
  return out;
}

/**
 * Reads `n` messages from `topic` in a consumer group, committing offsets as
 * it goes (kafkajs auto-commit), and returns the first n in arrival order
 * (per partition, offset order). Rejects when fewer arrive within timeoutMs.
 */
export async function consumeN(
  topic: string,
  n: number,
  timeoutMs = 20_000,
  options: ConsumeOptions = {},
): Promise<ConsumedMessage[]> {
  await assertBrokerReachable();
  const groupId = options.groupId ?? uniqueGroup(topic.replace(/^test\./, ''));
  state.groups.add(groupId);
  // disconnect waits for the fetch in flight: 250 ms instead of kafkajs' 5 s long-poll
  const consumer = testKafka().consumer({ groupId, maxWaitTimeInMs: 250 });
  const got: ConsumedMessage[] = [];
  let done: () => void = () => {};
  const enough = new Promise<void>((resolve) => {
    done = resolve;
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: options.fromBeginning ?? true });
    await consumer.run({
      eachMessage: async ({ topic: t, partition, message }) => {
        if (got.length >= n) return;
        got.push(toConsumed(t, partition, message));
        if (got.length >= n) done();
      },
    });
    const timedOut = new Promise<never>((_, reject) => {
      const why = () => `consumeN(${topic}): ${got.length} of ${n} messages in ${timeoutMs} ms`;
      timer = setTimeout(() => reject(new Error(why())), timeoutMs);
    });
    await Promise.race([enough, timedOut]);
    return got.slice(0, n);
  } finally {
    clearTimeout(timer);
    // disconnect stops the run loop, which commits the offsets it resolved
    await consumer.disconnect();
  }
}

/** Deletes this process's test topics and groups, then closes the shared clients. */
export async function cleanupKafka(): Promise<void> {
  const admin = state.admin ? await state.admin.catch(() => undefined) : undefined;
  if (admin) {
    // Best effort: a failed delete leaves a uniquely named topic behind, harmless.
    const ignore = () => undefined;
    if (state.groups.size > 0) await admin.deleteGroups([...state.groups]).catch(ignore);
    const topicsMade = [...state.topics];
    if (topicsMade.length > 0) await admin.deleteTopics({ topics: topicsMade }).catch(ignore);
    await admin.disconnect();
  }
  const producer = state.producer ? await state.producer.catch(() => undefined) : undefined;
  await producer?.disconnect();
  state.admin = undefined;
  state.producer = undefined;
  state.kafka = undefined;
  state.reachable = undefined;
  state.topics.clear();
  state.groups.clear();
}

function toConsumed(topic: string, partition: number, message: KafkaMessage): ConsumedMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key,
    value: message.value,
    headers: decodeHeaders(message.headers),
    timestamp: message.timestamp,
  };
}

/**
 * Reads `topic` from its start in a throw-away group until `match` accepts a
 * message, and returns that message. Rejects after timeoutMs. For topics
 * that other tests also write to, such as the pipeline's own. `match` may
 * be async (a serde's decode).
 */
export async function consumeUntil(
  topic: string,
  match: (m: ConsumedMessage) => boolean | Promise<boolean>,
  timeoutMs = 30_000,
): Promise<ConsumedMessage> {
  await assertBrokerReachable();
  const groupId = uniqueGroup(`until-${topic}`);
  const consumer = testKafka().consumer({ groupId, maxWaitTimeInMs: 250 });
  let found: (m: ConsumedMessage) => void = () => undefined;
  const result = new Promise<ConsumedMessage>((resolve) => (found = resolve));
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic: t, partition, message }) => {
        const m = toConsumed(t, partition, message);
        if (await match(m)) found(m);
      },
    });
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no matching message on ${topic} in ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    return await Promise.race([result, timeout]);
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
}
