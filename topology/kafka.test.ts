import { describe, expect, it } from 'vitest';
import { logLevel } from 'kafkajs';
import { pino, type Logger } from 'pino';
import { createKafka, kafkajsLevelFor, pinoLogCreator, pinoMethodFor } from './kafka.ts';

function capture(level: string): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level }, { write: (s: string) => lines.push(JSON.parse(s)) });
  return { logger, lines };
}

const entry = (level: logLevel, extra: Record<string, unknown> = {}) => ({
  namespace: 'Connection',
  level,
  label: 'X',
  log: { timestamp: '2026-01-01T00:00:00.000Z', logger: 'kafkajs', message: 'm', ...extra },
});

describe('kafkajs logs in pino', () => {
  it.each([
    [logLevel.ERROR, 'error', 50],
    [logLevel.WARN, 'warn', 40],
    [logLevel.INFO, 'info', 30],
    [logLevel.DEBUG, 'debug', 20],
  ] as const)('log level > kafkajs %i > pino %s (%i)', (level, method, pinoLevel) => {
    const { logger, lines } = capture('debug');
    expect(pinoMethodFor(level)).toBe(method);

    pinoLogCreator(logger)(logLevel.DEBUG)(entry(level));

    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: pinoLevel, component: 'kafkajs', msg: 'm' });
  });

  it('log entry > context fields > kept, kafkajs timestamp and logger dropped', () => {
    const { logger, lines } = capture('info');

    const context = { broker: '127.0.0.1:9092', retryCount: 2 };

    pinoLogCreator(logger)(logLevel.INFO)(entry(logLevel.WARN, context));

    expect(lines[0]).toMatchObject({ namespace: 'Connection', ...context });
    expect(lines[0]).not.toHaveProperty('timestamp');
    expect(lines[0]).not.toHaveProperty('logger');
  });

  it('log level > NOTHING > writes nothing', () => {
    const { logger, lines } = capture('debug');
    expect(pinoMethodFor(logLevel.NOTHING)).toBeUndefined();

    pinoLogCreator(logger)(logLevel.DEBUG)(entry(logLevel.NOTHING));

    expect(lines).toHaveLength(0);
  });

  it.each([
    ['trace', logLevel.DEBUG],
    ['debug', logLevel.DEBUG],
    ['info', logLevel.INFO],
    ['warn', logLevel.WARN],
    ['error', logLevel.ERROR],
    ['fatal', logLevel.NOTHING],
    ['silent', logLevel.NOTHING],
  ] as const)('kafkajs level > pino level %s > kafkajs %i', (pinoLevel, expected) => {
    expect(kafkajsLevelFor(pino({ level: pinoLevel }))).toBe(expected);
  });
});

describe('createKafka', () => {
  it('createKafka > client logger > writes through the injected pino logger', () => {
    const { logger, lines } = capture('info');
    const kafka = createKafka({ kafkaBrokers: ['127.0.0.1:9092'], kafkaClientId: 'unit' }, logger);

    kafka.logger().warn('slow broker', { broker: '127.0.0.1:9092' });
    kafka.logger().debug('dropped below info');

    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        component: 'kafkajs',
        msg: 'slow broker',
        broker: '127.0.0.1:9092',
      }),
    ]);
  });
});
