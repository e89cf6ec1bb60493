import { describe, expect, it } from 'vitest';
import { loadConfig, MAX_RETENTION_DAYS } from './config.ts';
import { AlprError, ErrorCodes } from './errors.ts';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as AlprError).code;
  }
  return undefined;
}

describe('configuration', () => {
  it('defaults > no ALPR_* keys > embedded store, loopback gateway, retention within the ceiling', () => {
    const c = loadConfig({});
    expect(c.clickhouseUrl).toBe('');
    expect(c.gatewayHost).toBe('127.0.0.1');
    expect(c.nonHitRetentionDays).toBeLessThanOrEqual(MAX_RETENTION_DAYS);
    expect(c.hitRetentionDays).toBeLessThanOrEqual(MAX_RETENTION_DAYS);
  });

  it('retention > 90 days asked > refused at start-up naming the key', () => {
    try {
      loadConfig({ ALPR_NON_HIT_RETENTION_DAYS: '91' });
      expect.unreachable();
    } catch (e) {
      expect((e as AlprError).code).toBe(ErrorCodes.RETENTION_OVER_LIMIT);
      expect((e as AlprError).context).toMatchObject({
        key: 'ALPR_NON_HIT_RETENTION_DAYS',
        value: 91,
      });
    }
  });

  it('retention > hit retention of 365 days > refused', () => {
    expect(codeOf(() => loadConfig({ ALPR_HIT_RETENTION_DAYS: '365' }))).toBe(
      ErrorCodes.RETENTION_OVER_LIMIT,
    );
  });

  it('retention > exactly 90 days > accepted', () => {
    expect(loadConfig({ ALPR_NON_HIT_RETENTION_DAYS: '90' }).nonHitRetentionDays).toBe(90);
  });

  it.each([
    ['ALPR_NON_HIT_RETENTION_DAYS', 'thirty'],
    ['ALPR_NON_HIT_RETENTION_DAYS', '0'],
    ['ALPR_GATEWAY_PORT', '70000'],
    ['ALPR_CASE_NUMBER_PATTERN', '(['],
    ['ALPR_RETENTION', '30'],
    ['ALPR_KAFKA_BROKERS', ''],
    ['ALPR_KAFKA_BROKERS', '   '],
    ['ALPR_LOG_LEVEL', 'loud'],
    ['ALPR_DEFAULT_TIME_ZONE', 'Mars/Olympus_Mons'],
  ])('bad value > %s=%s > CONFIG_INVALID naming the key', (key, value) => {
    try {
      loadConfig({ [key]: value });
      expect.unreachable();
    } catch (e) {
      expect((e as AlprError).code).toBe(ErrorCodes.CONFIG_INVALID);
      const problems = (e as AlprError).context.problems as string[];
      expect(problems.some((p) => p.startsWith(key))).toBe(true);
    }
  });

  it('several bad keys > one error listing each', () => {
    try {
      loadConfig({ ALPR_GATEWAY_PORT: 'x', ALPR_TYPO: '1' });
      expect.unreachable();
    } catch (e) {
      expect(((e as AlprError).context.problems as string[]).length).toBe(2);
    }
  });

  it('retention over the ceiling and another bad key > one CONFIG_INVALID listing both', () => {
    try {
      loadConfig({ ALPR_HIT_RETENTION_DAYS: '91', ALPR_NON_HIT_RETENTION_DAYS: '-3' });
      expect.unreachable();
    } catch (e) {
      expect((e as AlprError).code).toBe(ErrorCodes.CONFIG_INVALID);
      const problems = (e as AlprError).context.problems as string[];
      expect(problems.some((p) => p.startsWith('ALPR_HIT_RETENTION_DAYS'))).toBe(true);
      expect(problems.some((p) => p.startsWith('ALPR_NON_HIT_RETENTION_DAYS'))).toBe(true);
    }
  });

  it('empty value > key whose default is empty > accepted as the default', () => {
    expect(loadConfig({ ALPR_CLICKHOUSE_URL: '' }).clickhouseUrl).toBe('');
  });
});
