/**
 * Creates the pipeline's topics from topology/topics.ts, idempotently.
 *
 * - A topic that is missing is created with the spec's partitions and its
 *   topic-level configs (cleanup.policy, retention.ms, max.message.bytes...).
 * - A topic that exists is left alone: no config is altered and no partition
 *   added, because adding partitions re-maps keys (read_id, hotlist keys) to
 *   other partitions. A partition count below the spec is logged as a warning.
 * - Replication: the broker's default.replication.factor unless a factor is
 *   given (kafkajs sends -1, which the broker resolves; KIP-464).
 *
 * `ensureTopics` takes a connected Admin (left open for the caller), a Kafka
 * client or a broker list (an admin is opened and closed around the work).
 *
 * CLI: `tsx infra/topics.ts [--replication-factor N]` creates every topic of
 * `topics` on ALPR_KAFKA_BROKERS and exits 0, or 1 with the error logged.
 */
import { pathToFileURL } from 'node:url';
import type { Admin, ITopicConfig, Kafka } from 'kafkajs';
import { AlprError, ErrorCodes, isAlprError } from '../lib/errors.ts';
import { loadConfig } from '../lib/config.ts';
import { createLogger, type Logger } from '../lib/log.ts';
import { createKafka, type KafkaOptions } from '../topology/kafka.ts';
import { topics, type TopicSpec } from '../topology/topics.ts';

export interface EnsureTopicsOptions {
  /** Replicas per partition; default -1, the broker's default.replication.factor. */
  replicationFactor?: number;
  /** Client id when `target` is a broker list. */
  clientId?: string;
  /** kafkajs retry and timeouts when `target` is a broker list. */
  client?: KafkaOptions;
}

export interface EnsureTopicsResult {
  created: string[];
  existing: string[];
}

// Kafka's own limits: 249 characters of [a-zA-Z0-9._-], and not "." or "..".
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;
// Broker codes that mean the request itself is wrong, not that the broker is down.
const INVALID_REQUEST = new Set([
  'INVALID_TOPIC_EXCEPTION',
  'INVALID_PARTITIONS',
  'INVALID_REPLICATION_FACTOR',
  'INVALID_REPLICA_ASSIGNMENT',
  'INVALID_CONFIG',
  'POLICY_VIOLATION',
  'INVALID_REQUEST',
]);

/** Throws CONFIG_INVALID naming every bad spec at once; the topology is checked before any I/O. */
export function validateTopicSpecs(specs: readonly TopicSpec[]): void {
  const problems: { topic: string; field: string; value: unknown }[] = [];
  const seen = new Set<string>();
  for (const s of specs) {
    const name = s.name;
    if (typeof name !== 'string' || !TOPIC_NAME.test(name) || name === '.' || name === '..') {
      problems.push({ topic: String(name), field: 'name', value: name });
    } else if (seen.has(name)) {
      problems.push({ topic: name, field: 'name', value: 'duplicate' });
    }
    seen.add(name);
    if (!Number.isInteger(s.partitions) || s.partitions < 1) {
      problems.push({ topic: String(name), field: 'partitions', value: s.partitions });
    }
    for (const [key, value] of Object.entries(s.config ?? {})) {
      if (typeof value !== 'string' || key.trim() === '') {
        problems.push({ topic: String(name), field: `config.${key}`, value });
      }
    }
  }
  if (problems.length > 0) {
    const lines = problems.map((p) => `${p.topic}: ${p.field}=${JSON.stringify(p.value)}`);
    throw new AlprError(ErrorCodes.CONFIG_INVALID, `invalid topic specs: ${lines.join('; ')}`, {
      context: { problems },
    });
  }
}

/** Splits specs into those to create and those already on the cluster. */
export function planTopics(
  specs: readonly TopicSpec[],
  existingNames: Iterable<string>,
): { create: TopicSpec[]; existing: TopicSpec[] } {
  const have = new Set(existingNames);
  return {
    create: specs.filter((s) => !have.has(s.name)),
    existing: specs.filter((s) => have.has(s.name)),
  };
}

/** The kafkajs CreateTopics entry of one spec. */
export function toCreateTopic(spec: TopicSpec, replicationFactor = -1): ITopicConfig {
  return {
    topic: spec.name,
    numPartitions: spec.partitions,
    replicationFactor,
    configEntries: Object.entries(spec.config).map(([name, value]) => ({ name, value })),
  };
}

/** Maps a kafkajs failure to an AlprError: bad request -> CONFIG_INVALID, else retriable. */
export function topicError(e: unknown, topicNames: string[]): AlprError {
  if (isAlprError(e)) return e;
  // kafkajs reports per-topic failures as an aggregate whose `errors` carry type and topic
  const aggregate = (e as { errors?: unknown } | null)?.errors;
  const inner = Array.isArray(aggregate) ? aggregate : [e];
  const bad = inner
    .map((x) => (x ?? {}) as { type?: string; topic?: string })
    .filter((x) => typeof x.type === 'string' && INVALID_REQUEST.has(x.type));
  if (bad.length > 0) {
    const detail = bad.map((x) => ({ topic: x.topic, type: x.type }));
    return new AlprError(ErrorCodes.CONFIG_INVALID, 'the broker refused a topic spec', {
      cause: e,
      context: { topics: topicNames, refused: detail },
    });
  }
  return new AlprError(ErrorCodes.BROKER_UNAVAILABLE, 'could not create topics', {
    retriable: true,
    cause: e,
    context: { topics: topicNames },
  });
}

async function ensureWithAdmin(
  admin: Admin,
  specs: readonly TopicSpec[],
  logger: Logger,
  replicationFactor: number,
): Promise<EnsureTopicsResult> {
  const names = specs.map((s) => s.name);
  let plan: ReturnType<typeof planTopics>;
  try {
    plan = planTopics(specs, await admin.listTopics());
    if (plan.create.length > 0) {
      const allNew = await admin.createTopics({
        topics: plan.create.map((s) => toCreateTopic(s, replicationFactor)),
        waitForLeaders: true,
      });
      // false: another process created some of them between list and create
      if (!allNew) logger.info({ topics: names }, 'topics created concurrently elsewhere');
    }
  } catch (e) {
    throw topicError(e, names);
  }
  for (const s of plan.create) {
    logger.info({ topic: s.name, partitions: s.partitions, config: s.config }, 'topic created');
  }
  if (plan.existing.length > 0) await warnOnFewerPartitions(admin, plan.existing, logger);
  return { created: plan.create.map((s) => s.name), existing: plan.existing.map((s) => s.name) };
}

async function warnOnFewerPartitions(
  admin: Admin,
  specs: TopicSpec[],
  logger: Logger,
): Promise<void> {
  let meta: Awaited<ReturnType<Admin['fetchTopicMetadata']>>;
  try {
    meta = await admin.fetchTopicMetadata({ topics: specs.map((s) => s.name) });
  } catch (e) {
    logger.warn({ err: e }, 'could not read metadata of existing topics');
    return;
  }
  for (const t of meta.topics) {
    const want = specs.find((s) => s.name === t.name)?.partitions ?? 0;
    const level = t.partitions.length < want ? 'warn' : 'debug';
    logger[level](
      { topic: t.name, partitions: t.partitions.length, specPartitions: want },
      'topic exists, left as is',
    );
  }
}

export type TopicsTarget = Admin | Kafka | readonly string[];

function isKafka(target: Admin | Kafka): target is Kafka {
  return typeof (target as Partial<Kafka>).admin === 'function';
}

/** Creates each missing topic of `specs`; existing topics are left alone. */
export async function ensureTopics(
  target: TopicsTarget,
  specs: readonly TopicSpec[],
  logger: Logger,
  options: EnsureTopicsOptions = {},
): Promise<EnsureTopicsResult> {
  validateTopicSpecs(specs);
  const log = logger.child({ component: 'topics' });
  const rf = options.replicationFactor ?? -1;
  let kafka: Kafka;
  let brokers: string[] | undefined;
  if (Array.isArray(target)) {
    brokers = [...(target as readonly string[])];
    kafka = createKafka(
      { kafkaBrokers: brokers, kafkaClientId: options.clientId ?? 'alpr-custodian-topics' },
      logger,
      options.client,
    );
  } else if (isKafka(target as Admin | Kafka)) {
    kafka = target as Kafka;
  } else {
    return ensureWithAdmin(target as Admin, specs, log, rf);
  }

  const admin = kafka.admin();
  try {
    await admin.connect();
  } catch (e) {
    throw new AlprError(ErrorCodes.BROKER_UNAVAILABLE, 'cannot reach the Kafka brokers', {
      retriable: true,
      cause: e,
      context: brokers ? { brokers } : {},
    });
  }
  try {
    return await ensureWithAdmin(admin, specs, log, rf);
  } finally {
    await admin.disconnect();
  }
}

const USAGE = 'tsx infra/topics.ts [--replication-factor N]';

function parseArgs(argv: string[]): EnsureTopicsOptions {
  const opts: EnsureTopicsOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--replication-factor') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) {
        const context = { value: argv[i], usage: USAGE };
        const msg = '--replication-factor needs an integer >= 1';
        throw new AlprError(ErrorCodes.CONFIG_INVALID, msg, { context });
      }
      opts.replicationFactor = n;
    } else {
      throw new AlprError(ErrorCodes.CONFIG_INVALID, `unknown argument ${arg}`, {
        context: { value: arg, usage: USAGE },
      });
    }
  }
  return opts;
}

async function main(): Promise<void> {
  let logger = createLogger();
  try {
    const config = loadConfig();
    logger = createLogger(config.logLevel);
    const result = await ensureTopics(
      config.kafkaBrokers,
      Object.values(topics),
      logger,
      parseArgs(process.argv.slice(2)),
    );
    logger.info(
      { brokers: config.kafkaBrokers, created: result.created, existing: result.existing },
      'topics ready',
    );
  } catch (e) {
    logger.error({ err: e }, 'topic creation failed');
    process.exitCode = 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
