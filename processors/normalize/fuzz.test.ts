/**
 * Random inputs, seeded so that a failure replays: normalize() must either
 * return reads that encode as Avro or throw an AlprError. Anything else (a
 * TypeError from a field of an unexpected type) would reach the dead-letter
 * topic as INTERNAL_ERROR, a defect.
 */
import { describe, expect, it } from 'vitest';
import { isAlprError } from '../../lib/errors.ts';
import { codecs } from '../../schemas/avro.ts';
import { FIXTURES, fixture, fixtureText, harness } from './test-support.ts';

/** mulberry32, a 32-bit seeded generator. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Field names and values the adapters look for, so that random documents
// reach deep into them instead of stopping at UNKNOWN_VENDOR_SHAPE.
const KEYS = [
  'data_type',
  'results',
  'plate',
  'confidence',
  'region',
  'candidates',
  'epoch_time',
  'uuid',
  'camera_id',
  'gps_latitude',
  'gps_longitude',
  'best_plate_number',
  'best_confidence',
  'best_region',
  'best_uuid',
  'best_uuid_epoch_ms',
  'epoch_start',
  'best_plate',
  'vehicle',
  'vehicle_crop_jpeg',
  'overview_jpeg',
  'travel_direction',
  'hook',
  'data',
  'id',
  'event',
  'timestamp',
  'filename',
  'score',
  'code',
  'direction',
  'props',
  'value',
  'model_make',
  'color',
  'type',
  'before',
  'after',
  'camera',
  'frame_time',
  'start_time',
  'recognized_license_plate',
  'recognized_license_plate_score',
  'current_estimated_speed',
  'velocity_angle',
  'name',
  'processing_time',
  'make_model',
  'make',
  'model',
];
const STRINGS = [
  '',
  ' ',
  'alpr_results',
  'alpr_group',
  'heartbeat',
  'lpr',
  'new',
  'update',
  'end',
  'recognition',
  'image.done',
  'KTR4821',
  'ktr-48*1',
  '12:34:56',
  'us-on',
  'ca',
  'gb',
  'oh',
  'zz-9',
  '2024-05-29T15:47:57Z',
  '2025-11-02 01:30:00',
  '2025-03-09 02:30:00',
  '2024-02-30T00:00:00Z',
  '/9j/4AAQ',
  '/9j/4AAQSkZJRg==',
  '!!!',
  'driveway',
  '101',
  '\u0000',
  '\ud800',
  'x'.repeat(50),
];
const NUMBERS = [
  0,
  -1,
  1,
  0.5,
  90.25,
  100,
  101,
  180,
  -181,
  360,
  1717003200123,
  1717003196.8,
  1717003200,
  1e21,
  -1e21,
  Number.MAX_SAFE_INTEGER + 2,
  1.5,
  39.96,
  -82.99,
  2e12,
];

function generator(seed: number) {
  const r = rng(seed);
  const int = (n: number) => Math.floor(r() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;

  function value(depth: number): unknown {
    const k = int(depth > 3 ? 5 : 8);
    if (k === 0) return null;
    if (k === 1) return r() < 0.5;
    if (k === 2) return pick(NUMBERS);
    if (k === 3 || k === 4) return pick(STRINGS);
    if (k === 5) return Array.from({ length: int(4) }, () => value(depth + 1));
    return object(depth + 1);
  }

  function object(depth: number): Record<string, unknown> {
    const o: Record<string, unknown> = {};
    for (let i = int(6); i > 0; i--) o[pick(KEYS)] = value(depth);
    return o;
  }

  /** A random document under one of the shape markers the detector reads. */
  function document(): Record<string, unknown> {
    const o = object(1);
    const plate = () => ({ ...object(2), plate: pick(STRINGS) });
    const shapes: (() => Record<string, unknown>)[] = [
      () => ({ data_type: pick(['alpr_results', 'alpr_group']), results: [plate()] }),
      () => ({ results: [plate(), value(2)], timestamp: value(1) }),
      () => ({
        hook: { event: pick(['recognition', 'image.done']), id: value(2) },
        data: object(1),
      }),
      () => ({ hook: object(2), data: { ...object(2), results: [plate()], timestamp: value(2) } }),
      () => ({ type: pick(['new', 'update', 'end']), after: object(1), before: value(1) }),
      () => ({ type: pick(['lpr', 'face']), id: value(2), camera: value(2), plate: value(2) }),
    ];
    return { ...o, ...pick(shapes)() };
  }

  /** Replace, delete or retype one node somewhere in a fixture. */
  function mutate(doc: unknown): unknown {
    const steps = int(5);
    let node = doc as Record<string, unknown>;
    for (let i = 0; i < steps; i++) {
      const keys = Object.keys(node);
      if (keys.length === 0) break;
      const next = node[pick(keys)];
      if (typeof next !== 'object' || next === null) break;
      node = next as Record<string, unknown>;
    }
    const keys = Object.keys(node);
    const key = keys.length > 0 && r() < 0.8 ? pick(keys) : pick(KEYS);
    if (Array.isArray(node)) node[int(node.length + 1)] = value(2);
    else if (r() < 0.2) delete node[key];
    else node[key] = value(2);
    return doc;
  }

  function bytes(): Buffer {
    return Buffer.from(Array.from({ length: int(300) }, () => int(256)));
  }

  /** Delete, duplicate or insert characters in a fixture's text. */
  function corrupt(text: string): string {
    let s = text;
    for (let i = 1 + int(3); i > 0; i--) {
      const at = int(s.length);
      const op = int(3);
      if (op === 0) s = s.slice(0, at) + s.slice(at + 1 + int(5));
      else if (op === 1) s = s.slice(0, at) + s.slice(at, at + int(8)) + s.slice(at);
      else s = s.slice(0, at) + pick(['"', ',', '{', ']', '1e999', '-', 'null', '0']) + s.slice(at);
    }
    return s;
  }

  return { value, object, document, mutate, bytes, corrupt, pick, int, r };
}

type Gen = ReturnType<typeof generator>;

describe('normalize > random input', () => {
  const h = harness();
  // no header half the time; a wrong one sometimes, to test the hint's narrowing
  const vendors: (string | undefined)[] = [undefined, undefined, undefined, undefined];
  vendors.push(...['openalpr', 'platerecognizer', 'frigate', 'acme']);

  type Tally = Record<string, number>;
  function check(input: Buffer | null, vendor: string | undefined, tally: Tally): void {
    const headers = vendor === undefined ? {} : { 'alpr-vendor': vendor };
    let reads;
    try {
      reads = h.run(input, headers);
    } catch (e) {
      if (!isAlprError(e)) throw e;
      tally.error = (tally.error ?? 0) + 1;
      return;
    }
    const kind = reads.length === 0 ? 'empty' : 'reads';
    tally[kind] = (tally[kind] ?? 0) + 1;
    for (const read of reads) {
      expect(read.read_id).toMatch(/^[0-9a-f]{32}$/);
      codecs.read.encode(read);
    }
  }

  it.each([
    ['random bytes', 11, (g: Gen) => g.bytes()],
    ['random JSON documents', 12, (g: Gen) => Buffer.from(JSON.stringify(g.document()))],
    [
      'fixtures with one node changed',
      13,
      (g: Gen) => Buffer.from(JSON.stringify(g.mutate(fixture(g.pick(FIXTURES))))),
    ],
    [
      'fixtures with corrupted text',
      14,
      (g: Gen) => Buffer.from(g.corrupt(fixtureText(g.pick(FIXTURES)))),
    ],
  ] as const)('%s (seed %i) > reads or AlprError, never anything else', (_n, seed, make) => {
    const g = generator(seed);
    const tally: Record<string, number> = {};
    for (let i = 0; i < 1000; i++) check(make(g), g.pick(vendors), tally);
    expect((tally.error ?? 0) + (tally.empty ?? 0) + (tally.reads ?? 0)).toBe(1000);
    // the structured generators must get past detection often enough to test the adapters
    if (seed >= 13) expect(tally.reads ?? 0).toBeGreaterThan(100);
  });
});
