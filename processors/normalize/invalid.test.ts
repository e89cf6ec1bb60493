import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ErrorCodes, type ErrorCode } from '../../lib/errors.ts';
import { RECEIVED, SKEW_MS, caught, fixture, fixtureText, harness, type Fixture } from './test-support.ts';

type Doc = Record<string, any>;

/** A fixture changed by fn, as JSON text. */
function mut(name: Fixture, fn: (d: Doc) => void): string {
  const d = fixture(name);
  fn(d);
  return JSON.stringify(d);
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
  headers?: Record<string, string>;
  code: ErrorCode;
  field?: string;
}

const C = ErrorCodes;
const bad: Bad[] = [
  // before parsing
  { name: 'null value', value: null, code: C.MALFORMED_JSON },
  { name: 'empty value', value: Buffer.alloc(0), code: C.MALFORMED_JSON },
  { name: 'whitespace only', value: ' \n\t ', code: C.MALFORMED_JSON },
  { name: 'truncated JSON', value: fixtureText(results).slice(0, 200), code: C.MALFORMED_JSON },
  { name: 'invalid UTF-8', value: Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]), code: C.MALFORMED_JSON },
  { name: 'over the size limit', value: '{'.repeat(2048), code: C.MESSAGE_TOO_LARGE },
  // shape
  { name: 'top-level array', value: '[]', code: C.UNKNOWN_VENDOR_SHAPE },
  { name: 'top-level string', value: '"KTR4821"', code: C.UNKNOWN_VENDOR_SHAPE },
  { name: 'top-level null', value: 'null', code: C.UNKNOWN_VENDOR_SHAPE },
  { name: 'unrelated object', value: '{"detail":"quota exceeded"}', code: C.UNKNOWN_VENDOR_SHAPE },
  { name: 'unknown OpenALPR data_type', value: '{"data_type":"alpr_vehicle_v9"}', code: C.UNKNOWN_VENDOR_SHAPE },
  {
    name: 'vendor hint disagrees with shape',
    value: fixtureText(results),
    headers: { 'alpr-vendor': 'frigate' },
    code: C.UNKNOWN_VENDOR_SHAPE,
  },
  // plates
  { name: 'plate missing', value: mut(results, (d) => delete d.results[0].plate), code: C.MISSING_PLATE, field: 'results[0].plate' },
  { name: 'plate empty', value: mut(results, (d) => (d.results[0].plate = '')), code: C.MISSING_PLATE },
  { name: 'plate only separators', value: mut(cloud, (d) => (d.results[0].plate = ' - ')), code: C.MISSING_PLATE },
  { name: 'plate a number', value: mut(results, (d) => (d.results[0].plate = 4821)), code: C.INVALID_FIELD, field: 'results[0].plate' },
  { name: 'plate free text', value: mut(results, (d) => (d.results[0].plate = 'X'.repeat(40))), code: C.INVALID_FIELD, field: 'results[0].plate' },
  { name: 'group plate null', value: mut(group, (d) => {
      d.best_plate_number = null;
      delete d.best_plate;
    }), code: C.MISSING_PLATE },
  { name: 'lpr update without plate', value: mut(lpr, (d) => delete d.plate), code: C.MISSING_PLATE, field: 'plate' },
  { name: 'frigate plate a number', value: mut(events, (d) => (d.after.recognized_license_plate = 42)), code: C.INVALID_FIELD, field: 'after.recognized_license_plate' },
  // confidences
  { name: 'OpenALPR confidence over 100', value: mut(results, (d) => (d.results[0].confidence = 101)), code: C.INVALID_FIELD, field: 'results[0].confidence' },
  { name: 'OpenALPR confidence negative', value: mut(group, (d) => (d.best_confidence = -1)), code: C.INVALID_FIELD, field: 'best_confidence' },
  { name: 'Plate Recognizer score over 1', value: mut(cloud, (d) => (d.results[0].score = 90.2)), code: C.INVALID_FIELD, field: 'results[0].score' },
  { name: 'candidate confidence as text', value: mut(results, (d) => (d.results[0].candidates[1].confidence = '80')), code: C.INVALID_FIELD, field: 'results[0].candidates[1].confidence' },
  { name: 'candidate not an object', value: mut(cloud, (d) => (d.results[0].candidates[0] = 'ktr4821')), code: C.INVALID_FIELD, field: 'results[0].candidates[0]' },
  { name: 'frigate score over 1', value: mut(events, (d) => (d.after.recognized_license_plate_score = 93)), code: C.INVALID_FIELD, field: 'after.recognized_license_plate_score' },
  // structure
  { name: 'results not an array', value: mut(results, (d) => (d.results = {})), code: C.INVALID_FIELD, field: 'results' },
  { name: 'OpenALPR results missing', value: mut(results, (d) => delete d.results), code: C.INVALID_FIELD, field: 'results' },
  { name: 'result not an object', value: mut(results, (d) => (d.results[0] = 'KTR4821')), code: C.INVALID_FIELD, field: 'results[0]' },
  { name: 'webhook results missing', value: mut(onprem, (d) => delete d.data.results), code: C.INVALID_FIELD, field: 'data.results' },
  { name: 'region code a number', value: mut(stream, (d) => (d.data.results[0].region.code = 5)), code: C.INVALID_FIELD, field: 'data.results[0].region.code' },
  { name: 'direction a word', value: mut(stream, (d) => (d.data.results[0].direction = 'north')), code: C.INVALID_FIELD, field: 'data.results[0].direction' },
  { name: 'vehicle color not a list', value: mut(group, (d) => (d.vehicle.color = 'silver')), code: C.INVALID_FIELD, field: 'vehicle.color' },
  { name: 'camera_id an object', value: mut(results, (d) => (d.camera_id = { id: 101 })), code: C.INVALID_FIELD, field: 'camera_id' },
  { name: 'camera_id a fraction', value: mut(group, (d) => (d.camera_id = 1.5)), code: C.INVALID_FIELD, field: 'camera_id' },
  { name: 'frigate after not an object', value: mut(events, (d) => (d.after = 'x')), code: C.INVALID_FIELD, field: 'after' },
  // times
  { name: 'epoch_time as text', value: mut(results, (d) => (d.epoch_time = '1717003200123')), code: C.INVALID_FIELD, field: 'epoch_time' },
  { name: 'epoch_time missing', value: mut(results, (d) => delete d.epoch_time), code: C.INVALID_TIMESTAMP, field: 'epoch_time' },
  { name: 'epoch seconds where ms belong', value: mut(results, (d) => (d.epoch_time = 1717003200)), code: C.INVALID_TIMESTAMP },
  { name: 'group without any time', value: mut(group, (d) => {
      delete d.best_uuid_epoch_ms;
      delete d.epoch_start;
    }), code: C.INVALID_TIMESTAMP },
  { name: 'timestamp in words', value: mut(cloud, (d) => (d.timestamp = 'yesterday')), code: C.INVALID_TIMESTAMP, field: 'timestamp' },
  { name: 'timestamp 30 February', value: mut(cloud, (d) => (d.timestamp = '2024-02-30T10:00:00Z')), code: C.INVALID_TIMESTAMP },
  { name: 'timestamp date only', value: mut(cloud, (d) => (d.timestamp = '2024-05-29')), code: C.INVALID_TIMESTAMP },
  { name: 'timestamp hour 25', value: mut(onprem, (d) => (d.data.timestamp = '2025-09-09 25:22:38')), code: C.INVALID_TIMESTAMP, field: 'data.timestamp' },
  { name: 'timestamp offset +19:00', value: mut(cloud, (d) => (d.timestamp = '2024-05-29T10:00:00+19:00')), code: C.INVALID_TIMESTAMP },
  { name: 'timestamp a number', value: mut(cloud, (d) => (d.timestamp = 1716997677)), code: C.INVALID_FIELD, field: 'timestamp' },
  { name: 'stream timestamp missing', value: mut(stream, (d) => delete d.data.timestamp), code: C.INVALID_TIMESTAMP, field: 'data.timestamp' },
  { name: 'frame_time infinite', value: fixtureText(events).replace('1717003196.837752', '1e999'), code: C.INVALID_TIMESTAMP, field: 'after.frame_time' },
  {
    name: 'capture one ms past the allowed skew',
    value: mut(results, (d) => (d.epoch_time = RECEIVED + SKEW_MS + 1)),
    code: C.CAPTURE_TIME_IN_FUTURE,
  },
  // coordinates
  { name: 'latitude infinite', value: fixtureText(group).replace('39.9612', '1e999'), code: C.INVALID_COORDINATES },
  { name: 'out of range either way', value: mut(group, (d) => {
      d.gps_latitude = 100;
      d.gps_longitude = 200;
    }), code: C.INVALID_COORDINATES },
  { name: 'latitude as text', value: mut(group, (d) => (d.gps_latitude = '39.9612')), code: C.INVALID_FIELD, field: 'gps_latitude' },
  // images
  { name: 'image not base64', value: mut(group, (d) => (d.vehicle_crop_jpeg = 'not base64!')), code: C.INVALID_FIELD, field: 'vehicle_crop_jpeg' },
  { name: 'image base64 truncated', value: mut(group, (d) => (d.vehicle_crop_jpeg = d.vehicle_crop_jpeg.slice(0, -3))), code: C.INVALID_FIELD, field: 'vehicle_crop_jpeg' },
  { name: 'image not a JPEG', value: mut(group, (d) => (d.vehicle_crop_jpeg = Buffer.from('GIF89a...').toString('base64'))), code: C.INVALID_FIELD, field: 'vehicle_crop_jpeg' },
  { name: 'plate crop invalid', value: mut(group, (d) => {
      delete d.vehicle_crop_jpeg;
      delete d.overview_jpeg;
      d.best_plate.plate_crop_jpeg = '@@@@';
    }), code: C.INVALID_FIELD, field: 'best_plate.plate_crop_jpeg' },
  { name: 'image a number', value: mut(group, (d) => (d.overview_jpeg = 5)), code: C.INVALID_FIELD, field: 'overview_jpeg' },
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
    const err = caught(() => h.run(mut(results, (d) => (d.results[0].candidates[1].confidence = 'KTR482I'))));
    expect(`${err.message} ${JSON.stringify(err.context)}`).not.toContain('KTR');
  });

  it('alpr_group > read refused after image decoded > no image file written', () => {
    const h = harness();
    const value = mut(group, (d) => (d.best_uuid_epoch_ms = RECEIVED + 3_600_000));
    expect(caught(() => h.run(value)).code).toBe(C.CAPTURE_TIME_IN_FUTURE);
    expect(readdirSync(h.images.root)).toEqual([]);
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
