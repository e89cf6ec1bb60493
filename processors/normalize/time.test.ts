import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../lib/errors.ts';
import { caught, fixture, harness } from './test-support.ts';
import { resolveDeviceTime } from './time.ts';
import type { DeviceTime } from './types.ts';

const text = (value: string): DeviceTime => ({ kind: 'text', value, path: 'timestamp' });
const UTC = Date.UTC;

describe('device time > text with a zone', () => {
  it.each([
    ['Z', '2024-05-29T15:47:57.397771Z', UTC(2024, 4, 29, 15, 47, 57, 397)],
    ['lower-case z', '2024-05-29t15:47:57z', UTC(2024, 4, 29, 15, 47, 57)],
    ['+00:00 after a space', '2024-05-29 05:56:13.606935+00:00', UTC(2024, 4, 29, 5, 56, 13, 606)],
    ['-05:00', '2024-05-29T10:47:57-05:00', UTC(2024, 4, 29, 15, 47, 57)],
    ['+0530 without colon', '2024-05-29T21:17:57+0530', UTC(2024, 4, 29, 15, 47, 57)],
    ['+02 hours only', '2024-05-29T17:47:57+02', UTC(2024, 4, 29, 15, 47, 57)],
    ['no seconds', '2024-05-29T15:47Z', UTC(2024, 4, 29, 15, 47)],
    ['nanoseconds truncated', '2024-05-29T15:47:57.999999999Z', UTC(2024, 4, 29, 15, 47, 57, 999)],
    ['comma fraction', '2024-05-29T15:47:57,5Z', UTC(2024, 4, 29, 15, 47, 57, 500)],
    ['surrounding spaces', ' 2024-05-29T15:47:57Z ', UTC(2024, 4, 29, 15, 47, 57)],
  ])('%s > instant, no flags', (_n, value, ms) => {
    expect(resolveDeviceTime(text(value), 'America/Chicago')).toEqual({ ms, flags: [] });
  });
});

const CHI = 'America/Chicago';
const NYC = 'America/New_York';
const LON = 'Europe/London';
const LHI = 'Australia/Lord_Howe';
const OK: string[] = [];
const AMB = ['time_local_ambiguous'];
const GAP = ['time_local_nonexistent'];

describe('device time > zone-less text in the camera zone', () => {
  it.each([
    ['Chicago summer (CDT)', '2025-09-09 23:22:38.03', CHI, UTC(2025, 8, 10, 4, 22, 38, 30), OK],
    ['Chicago winter (CST, -6)', '2025-01-15T08:00:00', CHI, UTC(2025, 0, 15, 14), OK],
    ['New York summer (EDT, -4)', '2025-07-04 12:00', NYC, UTC(2025, 6, 4, 16), OK],
    ['last minute before the gap', '2025-03-09 01:59:59', CHI, UTC(2025, 2, 9, 7, 59, 59), OK],
    ['first minute after the gap', '2025-03-09 03:00:00', CHI, UTC(2025, 2, 9, 8), OK],
    // fall-back: 01:30 happens at 06:30Z (CDT) and 07:30Z (CST); the first is used
    ['Chicago fall-back 01:30', '2025-11-02 01:30:00', CHI, UTC(2025, 10, 2, 6, 30), AMB],
    ['Chicago fall-back 01:00:00', '2025-11-02 01:00:00', CHI, UTC(2025, 10, 2, 6), AMB],
    ['Chicago 02:00 after fall-back', '2025-11-02 02:00:00', CHI, UTC(2025, 10, 2, 8), OK],
    ['London fall-back 01:30', '2025-10-26 01:30', LON, UTC(2025, 9, 26, 0, 30), AMB],
    // 30-minute DST: 01:45 happens at +11:00 and at +10:30
    ['Lord Howe fall-back', '2025-04-06 01:45', LHI, UTC(2025, 3, 5, 14, 45), AMB],
    // spring-forward: 02:30 never happens; moved forward by the gap to 03:30 CDT
    ['Chicago spring-forward 02:30', '2025-03-09 02:30:00', CHI, UTC(2025, 2, 9, 8, 30), GAP],
    ['London spring-forward 01:30', '2025-03-30 01:30', LON, UTC(2025, 2, 30, 1, 30), GAP],
    ['Lord Howe spring-forward 02:15', '2025-10-05 02:15', LHI, UTC(2025, 9, 4, 15, 45), GAP],
  ])('%s > UTC instant and flags', (_n, value, zone, ms, flags) => {
    const want = { ms, flags: ['time_local_assumed', ...flags] };
    expect(resolveDeviceTime(text(value), zone)).toEqual(want);
  });
});

describe('device time > epoch numbers', () => {
  it.each([
    ['ms', { kind: 'epoch_ms', value: 1717003200123 }, 1717003200123],
    ['ms with a fraction', { kind: 'epoch_ms', value: 1717003200123.6 }, 1717003200124],
    ['float seconds', { kind: 'epoch_s', value: 1717003196.837752 }, 1717003196838],
    ['whole seconds', { kind: 'epoch_s', value: 1717003196 }, 1717003196000],
  ] as const)('%s > rounded to ms', (_n, t, ms) => {
    expect(resolveDeviceTime({ ...t, path: 'x' }, 'UTC')).toEqual({ ms, flags: [] });
  });

  it.each([
    ['1970 (clock never set)', { kind: 'epoch_ms', value: 0 }],
    ['seconds sent as ms', { kind: 'epoch_ms', value: 1717003200 }],
    ['ms sent as seconds', { kind: 'epoch_s', value: 1717003200123 }],
    ['negative', { kind: 'epoch_s', value: -1 }],
    ['NaN', { kind: 'epoch_ms', value: Number.NaN }],
    ['infinite', { kind: 'epoch_s', value: Number.POSITIVE_INFINITY }],
    ['year 1999 text', { kind: 'text', value: '1999-12-31T23:59:59Z' }],
    ['year 0000 text', { kind: 'text', value: '0000-01-01T00:00:00Z' }],
  ] as const)('%s > INVALID_TIMESTAMP', (_n, t) => {
    const err = caught(() => resolveDeviceTime({ ...t, path: 'x' } as DeviceTime, 'UTC'));
    expect(err.code).toBe(ErrorCodes.INVALID_TIMESTAMP);
    expect(err.context.field).toBe('x');
  });
});

describe('normalize > on-prem webhook at DST changes', () => {
  it.each([
    ['2025-11-02 01:30:00.000000', ['time_local_ambiguous'], UTC(2025, 10, 2, 6, 30)],
    ['2025-03-09 02:30:00.000000', ['time_local_nonexistent'], UTC(2025, 2, 9, 8, 30)],
  ])('camera in Chicago, %s > flagged and placed', (stamp, flags, ms) => {
    const d = fixture('platerecognizer-snapshot-webhook-onprem.json');
    d.data.timestamp = stamp;
    d.data.camera_id = 'gate-east';
    const [read] = harness().run(d);
    expect(read?.captured_at_ms).toBe(ms);
    expect(read?.flags).toEqual(['time_local_assumed', ...flags, 'coords_missing']);
  });
});
