/**
 * The one way the product makes a kafkajs client: brokers and client id from
 * lib/config.ts, and kafkajs' own logging routed into the injected pino
 * logger under `component: 'kafkajs'`.
 *
 * Level mapping (kafkajs -> pino): ERROR -> error, WARN -> warn, INFO -> info,
 * DEBUG -> debug. kafkajs is told the pino level up front so it does not build
 * entries pino would drop (its DEBUG level logs every request).
 */
import {
  Kafka,
  Partitioners,
  logLevel,
  type KafkaConfig,
  type LogEntry,
  type logCreator,
} from 'kafkajs';
import type { Config } from '../lib/config.ts';
import type { Logger } from '../lib/log.ts';

/** Client settings a caller may tune; brokers, client id and logging stay ours. */
export type KafkaOptions = Pick<
  KafkaConfig,
  'retry' | 'connectionTimeout' | 'requestTimeout' | 'authenticationTimeout' | 'ssl' | 'sasl'
>;

type PinoMethod = 'error' | 'warn' | 'info' | 'debug';

/** kafkajs level of one entry to the pino method that records it. */
export function pinoMethodFor(level: logLevel): PinoMethod | undefined {
  switch (level) {
    case logLevel.ERROR:
      return 'error';
    case logLevel.WARN:
      return 'warn';
    case logLevel.INFO:
      return 'info';
    case logLevel.DEBUG:
      return 'debug';
    default:
      return undefined;
  }
}

/** The most verbose kafkajs level whose entries the pino logger would keep. */
export function kafkajsLevelFor(logger: Logger): logLevel {
  if (logger.isLevelEnabled('debug')) return logLevel.DEBUG;
  if (logger.isLevelEnabled('info')) return logLevel.INFO;
  if (logger.isLevelEnabled('warn')) return logLevel.WARN;
  if (logger.isLevelEnabled('error')) return logLevel.ERROR;
  return logLevel.NOTHING;
}

/**
 * A kafkajs logCreator writing to `logger`. kafkajs puts its context (broker,
 * groupId, error, retryCount...) beside `message`; those become pino fields.
 * Its own `timestamp` and `logger` fields are dropped: pino stamps the time.
 */
export function pinoLogCreator(logger: Logger): logCreator {
  const base = logger.child({ component: 'kafkajs' });
  return () => (entry: LogEntry) => {
    const method = pinoMethodFor(entry.level);
    if (method === undefined) return;
    const { message, timestamp: _t, logger: _l, ...fields } = entry.log;
    base[method]({ namespace: entry.namespace, ...fields }, message);
  };
}

/** A kafkajs client for the configured brokers, logging through `logger`. */
export function createKafka(
  config: Pick<Config, 'kafkaBrokers' | 'kafkaClientId'>,
  logger: Logger,
  options: KafkaOptions = {},
): Kafka {
  const kafka = new Kafka({
    ...options,
    clientId: config.kafkaClientId,
    brokers: [...config.kafkaBrokers],
    logLevel: kafkajsLevelFor(logger),
    logCreator: pinoLogCreator(logger),
  });
  // Every producer uses kafkajs' default partitioner (murmur2, the same
  // key-to-partition mapping as the Java client), chosen explicitly so that
  // kafkajs does not warn about its v2 change on every producer.
  const producer = kafka.producer.bind(kafka);
  kafka.producer = (cfg = {}) =>
    producer({ createPartitioner: Partitioners.DefaultPartitioner, ...cfg });
  return kafka;
}
