import { describe, expect, it } from 'vitest';
import { testBrokers, uniqueGroup, uniqueTopic } from './kafka.ts';

describe('test support', () => {
  it.each([
    [undefined, ['127.0.0.1:9092']],
    ['', ['127.0.0.1:9092']],
    ['b1:9092', ['b1:9092']],
    [' b1:9092 , b2:9093 ,', ['b1:9092', 'b2:9093']],
  ])('testBrokers > ALPR_KAFKA_BROKERS=%j > %j', (raw, expected) => {
    const env = raw === undefined ? {} : { ALPR_KAFKA_BROKERS: raw };
    expect(testBrokers(env)).toEqual(expected);
  });

  it.each(['normalize', 'with spaces/and slashes', '', 'x'.repeat(300)])(
    'uniqueTopic > prefix %j > a legal Kafka topic name, new each call',
    (prefix) => {
      const a = uniqueTopic(prefix);
      const b = uniqueTopic(prefix);
      expect(a).toMatch(/^test\.[a-zA-Z0-9-]+\.[a-z0-9]+-[0-9a-f]{12}$/);
      expect(a.length).toBeLessThanOrEqual(249);
      expect(a).not.toBe(b);
    },
  );

  it('uniqueGroup > two calls > two different ids', () => {
    expect(uniqueGroup('g')).not.toBe(uniqueGroup('g'));
  });
});
