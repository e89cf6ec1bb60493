import { describe, expect, it } from 'vitest';
import type { Read } from '../../schemas/types.ts';
import { MAX_CANDIDATES } from './fields.ts';
import { RECEIVED, SKEW_MS, fixture, fixtureText, harness, type Fixture } from './test-support.ts';

type Doc = Record<string, any>;

function one(name: Fixture, fn: (d: Doc) => void, headers?: Record<string, string>): Read {
  const d = fixture(name);
  fn(d);
  const reads = harness().run(d, headers);
  expect(reads).toHaveLength(1);
  return reads[0]!;
}

const results = 'openalpr-alpr_results.json';
const group = 'openalpr-alpr_group.json';
const cloud = 'platerecognizer-snapshot-cloud.json';
const stream = 'platerecognizer-stream-webhook.json';
const events = 'frigate-events-update.json';
const lpr = 'frigate-tracked-object-update-lpr.json';

describe('normalize > regions', () => {
  it.each([
    ['Ontario plate reported as us-on', 'us-on', 'CA-ON', []],
    ['bare state', 'oh', 'US-OH', []],
    ['upper case', 'US-IL', 'US-IL', []],
    ['ca alone', 'ca', null, ['region_ambiguous']],
    ['country only', 'gb', null, ['region_country_only']],
    ['nonsense', 'zz-zz-zz', null, ['region_unknown']],
  ])('alpr_group > %s > region_iso and flags', (_n, raw, iso, flags) => {
    const read = one(group, (d) => (d.best_region = raw));
    expect(read.region_iso).toBe(iso);
    expect(read.region_raw).toBe(raw);
    expect(read.flags).toEqual(flags);
  });
});

describe('normalize > plate forms and flags', () => {
  it.each([
    ['separator', 'KTR-4821', 'KTR-4821', 'KTR4821', []],
    ['inner space', 'kt  4821', 'KT 4821', 'KT4821', []],
    ['look-alikes folded in the key', 'BOS1Z', 'BOS1Z', '80512', []],
    ['unreadable character', 'KTR*821', 'KTR*821', 'KTR*821', ['plate_unreadable_chars']],
    ['question mark', 'KT??821', 'KT??821', 'KT??821', ['plate_unreadable_chars']],
    [
      'clock overlay',
      '12:34:56',
      '12:34:56',
      '12:34:56',
      ['plate_nonstandard_chars', 'plate_timestamp_overlay'],
    ],
    ['date overlay', '20240529', '20240529', '20240529', ['plate_timestamp_overlay']],
  ])('plate %s > display, key and flags', (_n, plate, display, key, flags) => {
    const read = one(cloud, (d) => {
      d.results[0].plate = plate;
      d.camera_id = 'cam3';
    });
    expect(read.plate_raw).toBe(plate);
    expect(read.plate_display).toBe(display);
    expect(read.plate_key).toBe(key);
    expect(read.flags).toEqual([...flags, 'coords_missing']);
  });
});

describe('normalize > OpenALPR', () => {
  it('alpr_results > two plates in one frame > two reads with distinct ids', () => {
    const d = fixture(results);
    d.results.push({ ...d.results[0], plate: 'ABC1234', region: 'us-il' });
    const reads = harness().run(d);
    expect(reads.map((r) => [r.plate_raw, r.region_iso])).toEqual([
      ['KTR4821', 'US-OH'],
      ['ABC1234', 'US-IL'],
    ]);
    expect(reads[0]!.read_id).not.toBe(reads[1]!.read_id);
  });

  it.each([
    ['empty results', (d: Doc) => (d.results = [])],
    ['error frame with no results', (d: Doc) => ((d.error = true), (d.results = []))],
  ])('alpr_results > %s > no reads', (_n, fn) => {
    const d = fixture(results);
    fn(d);
    expect(harness().run(d)).toEqual([]);
  });

  it.each(['heartbeat', 'alpr_alert'])('%s message > no reads, no error', (type) => {
    expect(harness().run({ data_type: type, agent_uid: 'A' })).toEqual([]);
  });

  it('alpr_group > no best_plate_number > best_plate used', () => {
    const read = one(group, (d) => {
      delete d.best_plate_number;
      delete d.best_region;
      delete d.candidates;
    });
    expect(read.plate_raw).toBe('KTR4821');
    expect(read.region_iso).toBe('US-OH');
    expect(read.candidates).toEqual([
      { plate: 'KTR4821', confidence: 0.9025 },
      { plate: 'KTR482I', confidence: 0.7599 },
    ]);
  });

  it.each([
    ['no vehicle crop > overview kept', ['vehicle_crop_jpeg'], true],
    ['empty strings > plate crop kept', ['vehicle_crop_jpeg', 'overview_jpeg'], true],
    ['no image at all > image null', ['vehicle_crop_jpeg', 'overview_jpeg', 'plate'], false],
  ])('alpr_group > %s', (_n, drop, hasImage) => {
    const read = one(group, (d) => {
      for (const k of drop) {
        if (k === 'plate') delete d.best_plate.plate_crop_jpeg;
        else d[k] = '';
      }
    });
    expect(read.image !== null).toBe(hasImage);
  });

  it('alpr_group > base64 wrapped in MIME lines > accepted', () => {
    const read = one(group, (d) => {
      const b = d.vehicle_crop_jpeg as string;
      d.vehicle_crop_jpeg = `${b.slice(0, 76)}\r\n${b.slice(76)}`;
    });
    expect(read.image?.size).toBe(134);
  });

  it('alpr_group > 30 candidates > capped', () => {
    const read = one(group, (d) => {
      d.candidates = Array.from({ length: 30 }, (_, i) => ({ plate: `KTR48${i}`, confidence: 50 }));
    });
    expect(read.candidates).toHaveLength(MAX_CANDIDATES);
  });

  it('alpr_group > confidence absent > null with confidence_missing', () => {
    const read = one(group, (d) => delete d.best_confidence);
    expect(read.confidence).toBeNull();
    expect(read.flags).toContain('confidence_missing');
  });

  it('alpr_results > camera_id as string > kept', () => {
    expect(one(results, (d) => (d.camera_id = 'site-7')).camera_id).toBe('site-7');
  });
});

describe('normalize > Plate Recognizer', () => {
  it.each([
    ['number', 90, 90],
    ['negative', -90, 270],
    ['over a turn', 725, 5],
    ['empty string', '', null],
    ['null', null, null],
  ])('Stream direction %s > degrees 0..360 or null', (_n, dir, want) => {
    expect(one(stream, (d) => (d.data.results[0].direction = dir)).vehicle.direction).toBe(want);
  });

  it('Stream > no data.camera_id > hook.id is the camera', () => {
    expect(one(stream, (d) => delete d.data.camera_id).camera_id).toBe('camera-1');
  });

  it('Snapshot > vehicle attributes sent > make, model, color kept', () => {
    const read = one(cloud, (d) => {
      d.results[0].model_make = [{ make: 'Honda', model: 'Civic', score: 0.4 }];
      d.results[0].color = [{ color: 'silver', score: 0.7 }];
    });
    expect(read.vehicle).toEqual({
      make: 'Honda',
      model: 'Civic',
      color: 'silver',
      body_type: 'Sedan',
      year: null,
      direction: null,
    });
  });

  it('Snapshot > vehicle detection mode > plate and attributes read from props', () => {
    const read = one(cloud, (d) => {
      d.results = [
        {
          plate: {
            type: 'Plate',
            score: 0.8,
            props: {
              plate: [
                { value: 'nhk552', score: 0.9 },
                { value: 'nhk55z', score: 0.6 },
              ],
              region: [{ value: 'us-il', score: 0.9 }],
            },
          },
          vehicle: {
            type: 'Sedan',
            score: 0.7,
            props: {
              make_model: [{ make: 'Riley', model: 'RMF', score: 0.3 }],
              color: [{ value: 'black' }],
            },
          },
        },
        { plate: null, vehicle: { type: 'Bus', props: {} } },
      ];
    });
    expect(read).toMatchObject({ plate_raw: 'nhk552', region_iso: 'US-IL', confidence: 0.9 });
    expect(read.candidates).toHaveLength(2);
    const vehicle = { make: 'Riley', model: 'RMF', color: 'black', body_type: 'Sedan' };
    expect(read.vehicle).toMatchObject(vehicle);
  });

  it('Snapshot > empty results > no reads', () => {
    const d = fixture(cloud);
    d.results = [];
    expect(harness().run(d)).toEqual([]);
  });
});

describe('normalize > Frigate', () => {
  it.each([
    ['plate still null', null],
    ['plate blank', ''],
  ])('events > %s > no read', (_n, plate) => {
    const d = fixture(events);
    d.after.recognized_license_plate = plate;
    expect(harness().run(d)).toEqual([]);
  });

  it('events > text changed since before > flagged frigate_update', () => {
    const read = one(events, (d) => {
      d.before.recognized_license_plate = 'KTR482I';
    });
    expect(read.flags).toContain('frigate_update');
  });

  it('events > same text as before, separators aside > not flagged', () => {
    const read = one(events, (d) => (d.before.recognized_license_plate = 'KTR 4821'));
    expect(read.flags).not.toContain('frigate_update');
  });

  it('events > no start_time > the frame time is the capture time', () => {
    expect(one(events, (d) => delete d.after.start_time).captured_at_ms).toBe(1717003196838);
  });

  it('events > no speed estimated > no direction', () => {
    const read = one(events, (d) => {
      d.after.current_estimated_speed = 0;
      d.after.velocity_angle = 0;
    });
    expect(read.vehicle.direction).toBeNull();
  });

  it.each(['description', 'face'])('tracked_object_update of type %s > no read', (type) => {
    const d = fixture(lpr);
    d.type = type;
    expect(harness().run(d)).toEqual([]);
  });

  it('tracked_object_update > name null > not a known plate', () => {
    expect(one(lpr, (d) => (d.name = null)).flags).not.toContain('known_plate');
  });
});

describe('normalize > placement', () => {
  it('camera not in the registry > its id kept, pipeline agency, no location', () => {
    const read = one(results, (d) => (d.camera_id = 'zzz'));
    const want = { camera_id: 'zzz', agency_id: 'pipeline-agency', lat: null, lon: null };
    expect(read).toMatchObject(want);
    expect(read.flags).toEqual(['coords_missing']);
  });

  it('agency header > over the registry agency', () => {
    const read = one(results, () => {}, { 'alpr-agency-id': 'state-police' });
    expect(read.agency_id).toBe('state-police');
  });

  it('payload camera > over the header camera', () => {
    expect(one(results, () => {}, { 'alpr-camera-id': 'cam3' }).camera_id).toBe('101');
  });

  it.each([
    ['exact name', 'openalpr'],
    ['alias, other case', ' Rekor '],
    ['unknown vendor > shape decides', 'acme'],
  ])('vendor header %s > payload read', (_n, vendor) => {
    expect(harness().run(fixtureText(results), { 'alpr-vendor': vendor })).toHaveLength(1);
  });

  it('UTF-8 byte-order mark > ignored', () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const value = Buffer.concat([bom, Buffer.from(fixtureText(results))]);
    expect(harness().run(value)).toHaveLength(1);
  });

  it('capture exactly at the allowed skew > accepted', () => {
    const read = one(results, (d) => (d.epoch_time = RECEIVED + SKEW_MS));
    expect(read.captured_at_ms).toBe(RECEIVED + SKEW_MS);
  });

  it.each([
    ['-1 (record without timestamp)', -1],
    ['NaN', Number.NaN],
  ])('receivedAtMs %s > the clock is used', (_n, received) => {
    const h = harness({ now: () => RECEIVED + 42 });
    const [read] = h.run(fixtureText(results), {}, received);
    expect(read?.received_at_ms).toBe(RECEIVED + 42);
  });
});
