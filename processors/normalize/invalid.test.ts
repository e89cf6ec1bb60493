import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ErrorCodes, type ErrorCode } from '../../lib/errors.ts';
import {
  RECEIVED,
  SKEW_MS,
  caught,
  fixture,
  fixtureText,
  harness,
  type Fixture,
} from './test-support.ts';

type Doc = Record<string, any>;

/** A fixture changed by fn, as JSON text. */
function mut(name: Fixture, fn: (d: Doc) => void): string {
  const d = fixture(name);
  fn(d);
  return JSON.stringify(d);
}

/** Walk a dotted path ("results.0.plate") to the parent of its last step. */
function parent(d: Doc, path: string): [Doc, string] {
  const steps = path.split('.');
  const last = steps.pop()!;
  return [steps.reduce((o, k) => o[k], d), last];
}

/** A fixture with values set at dotted paths; undefined deletes. */
function set(name: Fixture, changes: Record<string, unknown>): string {
  return mut(name, (d) => {
    for (const [path, v] of Object.entries(changes)) {
      const [o, k] = parent(d, path);
      if (v === undefined) delete o[k];
      else o[k] = v;
    }
  });
}

const results = 'openalpr-alpr_results.json';
const group = 'openalpr-alpr_group.json';
const cloud = 'platerecognizer-snapshot-cloud.json';
const onprem = 'platerecognizer-snapshot-webhook-onprem.json';
const stream = 'platerecognizer-stream-webhook.json';
const events = 'frigate-events-update.json';
const lpr = 'frigate-tracked-object-update-lpr.json';

interface Bad {
  name: string;
  value: Buffer | string | null;
  code: ErrorCode;
  field?: string;
  headers?: Record<string, string>;
}

const C = ErrorCodes;
const row = (name: string, value: Bad['value'], code: ErrorCode, field?: string): Bad => ({
  name,
  value,
  code,
  ...(field === undefined ? {} : { field }),
});
const jpeg = fixture(group).vehicle_crop_jpeg as string;

const bad: Bad[] = [
  // before parsing
  row('null value', null, C.MALFORMED_JSON),
  row('empty value', Buffer.alloc(0), C.MALFORMED_JSON),
  row('whitespace only', ' \n\t ', C.MALFORMED_JSON),
  row('truncated JSON', fixtureText(results).slice(0, 200), C.MALFORMED_JSON),
  row('invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]), C.MALFORMED_JSON),
  row('over the size limit', '{'.repeat(2048), C.MESSAGE_TOO_LARGE),
  // shape
  row('top-level array', '[]', C.UNKNOWN_VENDOR_SHAPE),
  row('top-level string', '"KTR4821"', C.UNKNOWN_VENDOR_SHAPE),
  row('top-level null', 'null', C.UNKNOWN_VENDOR_SHAPE),
  row('unrelated object', '{"detail":"quota exceeded"}', C.UNKNOWN_VENDOR_SHAPE),
  row('unknown OpenALPR data_type', '{"data_type":"alpr_vehicle_v9"}', C.UNKNOWN_VENDOR_SHAPE),
  {
    ...row('vendor hint disagrees with shape', fixtureText(results), C.UNKNOWN_VENDOR_SHAPE),
    headers: { 'alpr-vendor': 'frigate' },
  },
  // plates
  row(
    'plate missing',
    set(results, { 'results.0.plate': undefined }),
    C.MISSING_PLATE,
    'results[0].plate',
  ),
  row('plate empty', set(results, { 'results.0.plate': '' }), C.MISSING_PLATE),
  row('plate only separators', set(cloud, { 'results.0.plate': ' - ' }), C.MISSING_PLATE),
  row(
    'plate a number',
    set(results, { 'results.0.plate': 4821 }),
    C.INVALID_FIELD,
    'results[0].plate',
  ),
  row('plate free text', set(results, { 'results.0.plate': 'X'.repeat(40) }), C.INVALID_FIELD),
  row(
    'group plate null',
    set(group, { best_plate_number: null, best_plate: undefined }),
    C.MISSING_PLATE,
  ),
  row('lpr update without plate', set(lpr, { plate: undefined }), C.MISSING_PLATE, 'plate'),
  row(
    'frigate plate a number',
    set(events, { 'after.recognized_license_plate': 42 }),
    C.INVALID_FIELD,
    'after.recognized_license_plate',
  ),
  // confidences
  row(
    'OpenALPR confidence over 100',
    set(results, { 'results.0.confidence': 101 }),
    C.INVALID_FIELD,
    'results[0].confidence',
  ),
  row(
    'OpenALPR confidence negative',
    set(group, { best_confidence: -1 }),
    C.INVALID_FIELD,
    'best_confidence',
  ),
  row('score over 1', set(cloud, { 'results.0.score': 90.2 }), C.INVALID_FIELD, 'results[0].score'),
  row(
    'candidate confidence as text',
    set(results, { 'results.0.candidates.1.confidence': '80' }),
    C.INVALID_FIELD,
    'results[0].candidates[1].confidence',
  ),
  row(
    'candidate not an object',
    set(cloud, { 'results.0.candidates.0': 'ktr4821' }),
    C.INVALID_FIELD,
    'results[0].candidates[0]',
  ),
  row(
    'frigate score over 1',
    set(events, { 'after.recognized_license_plate_score': 93 }),
    C.INVALID_FIELD,
    'after.recognized_license_plate_score',
  ),
  // structure
  row('results not an array', set(results, { results: {} }), C.INVALID_FIELD, 'results'),
  row('OpenALPR results missing', set(results, { results: undefined }), C.INVALID_FIELD, 'results'),
  row(
    'result not an object',
    set(results, { 'results.0': 'KTR4821' }),
    C.INVALID_FIELD,
    'results[0]',
  ),
  row(
    'webhook results missing',
    set(onprem, { 'data.results': undefined }),
    C.INVALID_FIELD,
    'data.results',
  ),
  row(
    'region code a number',
    set(stream, { 'data.results.0.region.code': 5 }),
    C.INVALID_FIELD,
    'data.results[0].region.code',
  ),
  row(
    'direction a word',
    set(stream, { 'data.results.0.direction': 'north' }),
    C.INVALID_FIELD,
    'data.results[0].direction',
  ),
  row(
    'vehicle color not a list',
    set(group, { 'vehicle.color': 'silver' }),
    C.INVALID_FIELD,
    'vehicle.color',
  ),
  row(
    'camera_id an object',
    set(results, { camera_id: { id: 101 } }),
    C.INVALID_FIELD,
    'camera_id',
  ),
  row('camera_id a fraction', set(group, { camera_id: 1.5 }), C.INVALID_FIELD, 'camera_id'),
  row(
    'camera_id 5,000 characters',
    set(cloud, { camera_id: 'c'.repeat(5000) }),
    C.INVALID_FIELD,
    'camera_id',
  ),
  row(
    'camera_id with a NUL',
    set(cloud, { camera_id: 'cam\u0000evil' }),
    C.INVALID_FIELD,
    'camera_id',
  ),
  {
    ...row(
      'camera header with a bidi override',
      set(cloud, { camera_id: undefined }),
      C.INVALID_FIELD,
      'header alpr-camera-id',
    ),
    headers: { 'alpr-camera-id': 'cam\u202eevil' },
  },
  {
    ...row(
      'agency header 10,000 characters',
      fixtureText(cloud),
      C.INVALID_FIELD,
      'header alpr-agency-id',
    ),
    headers: { 'alpr-agency-id': 'A'.repeat(10_000) },
  },
  row('frigate after not an object', set(events, { after: 'x' }), C.INVALID_FIELD, 'after'),
  // times
  row(
    'epoch_time as text',
    set(results, { epoch_time: '1717003200123' }),
    C.INVALID_FIELD,
    'epoch_time',
  ),
  row(
    'epoch_time missing',
    set(results, { epoch_time: undefined }),
    C.INVALID_TIMESTAMP,
    'epoch_time',
  ),
  row(
    'epoch seconds where ms belong',
    set(results, { epoch_time: 1717003200 }),
    C.INVALID_TIMESTAMP,
  ),
  row(
    'group without any time',
    set(group, { best_uuid_epoch_ms: undefined, epoch_start: undefined }),
    C.INVALID_TIMESTAMP,
  ),
  row(
    'timestamp in words',
    set(cloud, { timestamp: 'yesterday' }),
    C.INVALID_TIMESTAMP,
    'timestamp',
  ),
  row(
    'timestamp 30 February',
    set(cloud, { timestamp: '2024-02-30T10:00:00Z' }),
    C.INVALID_TIMESTAMP,
  ),
  row('timestamp date only', set(cloud, { timestamp: '2024-05-29' }), C.INVALID_TIMESTAMP),
  row(
    'timestamp hour 25',
    set(onprem, { 'data.timestamp': '2025-09-09 25:22:38' }),
    C.INVALID_TIMESTAMP,
    'data.timestamp',
  ),
  row('offset +19:00', set(cloud, { timestamp: '2024-05-29T10:00:00+19:00' }), C.INVALID_TIMESTAMP),
  row('timestamp a number', set(cloud, { timestamp: 1716997677 }), C.INVALID_FIELD, 'timestamp'),
  row(
    'stream timestamp missing',
    set(stream, { 'data.timestamp': undefined }),
    C.INVALID_TIMESTAMP,
    'data.timestamp',
  ),
  row(
    'start_time infinite',
    fixtureText(events).replace('"start_time": 1717003190.475377', '"start_time": 1e999'),
    C.INVALID_TIMESTAMP,
    'after.start_time',
  ),
  row(
    'capture one ms past the allowed skew',
    set(results, { epoch_time: RECEIVED + SKEW_MS + 1 }),
    C.CAPTURE_TIME_IN_FUTURE,
  ),
  // plates no camera reads
  row(
    'NUL and BEL in the plate',
    set(cloud, { 'results.0.plate': 'ab\u0000c\u0007d12' }),
    C.INVALID_FIELD,
  ),
  row(
    'bidi override in the plate',
    set(cloud, { 'results.0.plate': 'ab\u202ec123' }),
    C.INVALID_FIELD,
  ),
  row(
    'zero-width joiner in the plate',
    set(cloud, { 'results.0.plate': 'ab\u200dc123' }),
    C.INVALID_FIELD,
  ),
  // coordinates
  row('latitude infinite', fixtureText(group).replace('39.9612', '1e999'), C.INVALID_COORDINATES),
  row(
    'out of range either way',
    set(group, { gps_latitude: 100, gps_longitude: 200 }),
    C.INVALID_COORDINATES,
  ),
  row('latitude as text', set(group, { gps_latitude: '39.9612' }), C.INVALID_FIELD, 'gps_latitude'),
  // images
  row(
    'image not base64',
    set(group, { vehicle_crop_jpeg: 'not base64!' }),
    C.INVALID_FIELD,
    'vehicle_crop_jpeg',
  ),
  row(
    'image base64 truncated',
    set(group, { vehicle_crop_jpeg: jpeg.slice(0, -3) }),
    C.INVALID_FIELD,
    'vehicle_crop_jpeg',
  ),
  row(
    'image not a JPEG',
    set(group, { vehicle_crop_jpeg: Buffer.from('GIF89a...').toString('base64') }),
    C.INVALID_FIELD,
    'vehicle_crop_jpeg',
  ),
  row(
    'plate crop invalid',
    set(group, {
      vehicle_crop_jpeg: undefined,
      overview_jpeg: undefined,
      'best_plate.plate_crop_jpeg': '@@@@',
    }),
    C.INVALID_FIELD,
    'best_plate.plate_crop_jpeg',
  ),
  row('image a number', set(group, { overview_jpeg: 5 }), C.INVALID_FIELD, 'overview_jpeg'),
];

describe('normalize > invalid input', () => {
  it.each(bad)('$name > throws $code', (c) => {
    const h = harness({ maxMessageBytes: c.code === C.MESSAGE_TOO_LARGE ? 1024 : 64 * 1024 });
    const err = caught(() => h.run(c.value === null ? null : Buffer.from(c.value), c.headers));
    expect(err.code).toBe(c.code);
    expect(err.retriable).toBe(false);
    if (c.field !== undefined) expect(err.context.field).toBe(c.field);
  });

  it('plate numbers never appear in error messages or contexts', () => {
    const h = harness();
    const value = set(results, { 'results.0.candidates.1.confidence': 'KTR482I' });
    const err = caught(() => h.run(value));
    expect(`${err.message} ${JSON.stringify(err.context)}`).not.toContain('KTR');
  });

  it('alpr_group > read refused after image decoded > no image file written', () => {
    const h = harness();
    const value = mut(group, (d) => (d.best_uuid_epoch_ms = RECEIVED + 3_600_000));
    expect(caught(() => h.run(value)).code).toBe(C.CAPTURE_TIME_IN_FUTURE);
    expect(readdirSync(h.images.root)).toEqual([]);
  });

  it('zone-less time in the future > CAPTURE_TIME_IN_FUTURE saying the zone it was read in', () => {
    const err = caught(() =>
      harness().run(set(onprem, { 'data.timestamp': '2099-01-01 00:00:00' })),
    );
    expect(err.code).toBe(C.CAPTURE_TIME_IN_FUTURE);
    expect(err.message).toMatch(/a time without zone, read in [A-Za-z_]+\/[A-Za-z_]+/);
  });

  it('payload of two results > second invalid > nothing returned, whole payload refused', () => {
    const h = harness();
    const value = mut(results, (d) => d.results.push({ ...d.results[0], plate: 7 }));
    expect(caught(() => h.run(value)).context.field).toBe('results[1].plate');
  });

  it.each([
    ['size at the limit', 1024, 1024, null],
    ['size one over the limit', 1025, 1024, C.MESSAGE_TOO_LARGE],
  ])('size check > %s > %s', (_n, size, max, code) => {
    const h = harness({ maxMessageBytes: max });
    const text = JSON.stringify({ data_type: 'heartbeat', pad: '' });
    const value = text.replace('"pad":""', `"pad":"${'x'.repeat(size - text.length)}"`);
    expect(value.length).toBe(size);
    if (code === null) expect(h.run(value)).toEqual([]);
    else expect(caught(() => h.run(value)).code).toBe(code);
  });

  it.each([
    ['empty time zone', { defaultTimeZone: '' }],
    ['invalid time zone', { defaultTimeZone: 'Central' }],
    ['empty agency', { agencyId: ' ' }],
    ['zero message size', { maxMessageBytes: 0 }],
    ['negative skew', { futureSkewMs: -1 }],
  ])('options > %s > CONFIG_INVALID at creation', (_n, over) => {
    expect(caught(() => harness(over)).code).toBe(C.CONFIG_INVALID);
  });
});

describe('normalize > capture time past the retention ceiling', () => {
  const h = harness({ maxAgeMs: undefined });
  it('read captured 91 days before receipt > CAPTURE_TIME_TOO_OLD', () => {
    const doc = JSON.parse(fixtureText(results));
    doc.epoch_time = RECEIVED - 91 * 86_400_000;
    expect(caught(() => h.run(doc)).code).toBe(C.CAPTURE_TIME_TOO_OLD);
  });
  it('read captured 89 days before receipt > kept', () => {
    const doc = JSON.parse(fixtureText(results));
    doc.epoch_time = RECEIVED - 89 * 86_400_000;
    expect(h.run(doc)).toHaveLength(1);
  });
});
