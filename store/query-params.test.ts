import { describe, expect, it } from 'vitest';
import { AlprError, ErrorCodes } from '../lib/errors.ts';
import {
  checkAreaQuery,
  checkCameraQuery,
  checkPlateQuery,
  type AreaQuery,
  type CameraQuery,
  type PlateQuery,
} from './query-params.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const window = { fromMs: T0, toMs: T0 + DAY, limit: 100 };

function fieldOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    if (e instanceof AlprError && e.code === ErrorCodes.QUERY_INVALID) return e.context.field;
    throw e;
  }
  return 'accepted';
}

describe('checkPlateQuery', () => {
  type Normalised = { canon: string; key: string; region: string | null };
  it.each<[string, Partial<PlateQuery>, Normalised]>([
    ['separators', { plate: 'ktr-4821' }, { canon: 'KTR4821', key: 'KTR4821', region: null }],
    ['look-alikes', { plate: 'KTR 48ZI' }, { canon: 'KTR48ZI', key: 'KTR4821', region: null }],
    ['bare state code', { plate: 'A1', region: 'oh' }, { canon: 'A1', key: 'A1', region: 'US-OH' }],
    ['ISO region', { plate: 'A1', region: 'CA-ON' }, { canon: 'A1', key: 'A1', region: 'CA-ON' }],
    ['empty region', { plate: 'A1', region: '' }, { canon: 'A1', key: 'A1', region: null }],
  ])('plate query > %s > normalised', (_name, over, expected) => {
    expect(checkPlateQuery({ ...window, plate: 'X', ...over })).toMatchObject(expected);
  });

  it.each<[string, Partial<PlateQuery>, string]>([
    ['empty plate', { plate: ' - ' }, 'plate'],
    ['wildcard', { plate: 'KTR*821' }, 'plate'],
    ['unreadable mark', { plate: 'KTR?821' }, 'plate'],
    ['17 characters', { plate: 'A'.repeat(17) }, 'plate'],
    ['non-Latin', { plate: 'КТР4821' }, 'plate'],
    ['not a string', { plate: 42 as unknown as string }, 'plate'],
    ['ambiguous region', { region: 'ca' }, 'region'],
    ['unknown region', { region: 'zz-zz-zz' }, 'region'],
    ['from after to', { fromMs: T0 + DAY, toMs: T0 }, 'toMs'],
    ['empty window', { fromMs: T0, toMs: T0 }, 'toMs'],
    ['91-day window', { fromMs: T0, toMs: T0 + 91 * DAY }, 'toMs'],
    ['from not finite', { fromMs: NaN }, 'fromMs'],
    ['to as a string', { toMs: '2026-01-02' as unknown as number }, 'toMs'],
    ['fractional ms', { fromMs: T0 + 0.5 }, 'fromMs'],
    ['limit 0', { limit: 0 }, 'limit'],
    ['limit 10,001', { limit: 10_001 }, 'limit'],
    ['limit 1.5', { limit: 1.5 }, 'limit'],
  ])('plate query > %s > QUERY_INVALID naming %s', (_name, over, field) => {
    expect(fieldOf(() => checkPlateQuery({ ...window, plate: 'KTR4821', ...over }))).toBe(field);
  });

  it('plate query > exactly 90 days, limit 10,000 > accepted', () => {
    const q = { plate: 'A1', fromMs: T0, toMs: T0 + 90 * DAY, limit: 10_000 };
    expect(fieldOf(() => checkPlateQuery(q))).toBe('accepted');
  });

  it('plate query > invalid plate > error context does not carry the plate', () => {
    try {
      checkPlateQuery({ ...window, plate: 'KTR*821' });
      expect.unreachable();
    } catch (e) {
      expect(JSON.stringify((e as AlprError).context)).not.toContain('KTR');
    }
  });
});

describe('checkCameraQuery', () => {
  it.each<[string, Partial<CameraQuery>, string]>([
    ['empty id', { cameraId: '' }, 'cameraId'],
    ['blank id', { cameraId: '   ' }, 'cameraId'],
    ['201 characters', { cameraId: 'c'.repeat(201) }, 'cameraId'],
    ['window reversed', { fromMs: T0 + 1, toMs: T0 }, 'toMs'],
  ])('camera query > %s > QUERY_INVALID naming %s', (_name, over, field) => {
    expect(fieldOf(() => checkCameraQuery({ ...window, cameraId: 'cam-1', ...over }))).toBe(field);
  });

  it('camera query > valid > returns id and window', () => {
    const q = { ...window, cameraId: 'cam-1' };
    expect(checkCameraQuery(q)).toEqual(q);
  });
});

describe('checkAreaQuery', () => {
  const box = { minLat: 41, maxLat: 42, minLon: -88, maxLon: -87 };

  it.each<[string, Partial<AreaQuery>, string]>([
    ['latitude above 90', { maxLat: 90.5 }, 'maxLat'],
    ['latitude below -90', { minLat: -91 }, 'minLat'],
    ['longitude above 180', { maxLon: 181 }, 'maxLon'],
    ['longitude below -180', { minLon: -180.1 }, 'minLon'],
    ['min lat equals max', { minLat: 42 }, 'maxLat'],
    ['min lon above max', { minLon: -86 }, 'maxLon'],
    ['NaN corner', { minLat: NaN }, 'minLat'],
    ['missing corner', { maxLon: undefined as unknown as number }, 'maxLon'],
    ['window too long', { toMs: T0 + 100 * DAY }, 'toMs'],
  ])('area query > %s > QUERY_INVALID naming %s', (_name, over, field) => {
    expect(fieldOf(() => checkAreaQuery({ ...window, ...box, ...over }))).toBe(field);
  });

  it('area query > whole world > accepted', () => {
    const q = { ...window, minLat: -90, maxLat: 90, minLon: -180, maxLon: 180 };
    expect(fieldOf(() => checkAreaQuery(q))).toBe('accepted');
  });
});
