import { describe, expect, it } from 'vitest';
import type { Camera } from '../../lib/cameras.ts';
import { ErrorCodes } from '../../lib/errors.ts';
import { resolveCoords } from './coords.ts';
import { caught, fixture, fixtureText, harness } from './test-support.ts';

const camera: Camera = {
  camera_id: 'c',
  agency_id: 'a',
  name: 'n',
  time_zone: 'America/Chicago',
  lat: 41.5,
  lon: -88.1,
  direction: null,
};
const mobile: Camera = { ...camera, lat: null, lon: null };
const raw = (lat: number | null, lon: number | null) => ({ lat, lon, path: 'gps_latitude' });

describe('coordinates', () => {
  it.each([
    ['valid pair', raw(39.9612, -82.9988), camera, 39.9612, -82.9988, []],
    ['valid both ways > kept as sent', raw(41.5, 80.2), camera, 41.5, 80.2, []],
    ['edges', raw(-90, 180), camera, -90, 180, []],
    // Ohio swapped is still a valid pair (|lon| < 90): nothing shows the swap
    ['swapped but valid both ways > kept', raw(-82.9988, 39.9612), camera, -82.9988, 39.9612, []],
    ['lat over 90 > swapped', raw(-120.5, 45.2), camera, 45.2, -120.5, ['coords_swapped']],
    ['0,0 > camera location', raw(0, 0), camera, 41.5, -88.1, ['coords_zero']],
    ['0,0 mobile camera > null', raw(0, 0), mobile, null, null, ['coords_zero']],
    ['absent > camera location', raw(null, null), camera, 41.5, -88.1, ['coords_missing']],
    ['absent, unknown camera > null', raw(null, null), undefined, null, null, ['coords_missing']],
    ['half a pair > missing', raw(39.9, null), camera, 41.5, -88.1, ['coords_missing']],
    ['lat 0 alone is a place', raw(0, -78.5), camera, 0, -78.5, []],
  ])('%s', (_n, c, cam, lat, lon, flags) => {
    expect(resolveCoords(c, cam)).toEqual({ lat, lon, flags });
  });

  it.each([
    ['infinite lat', raw(Number.POSITIVE_INFINITY, -82.9)],
    ['NaN lon', raw(39.9, Number.NaN)],
    ['both out of range', raw(100, 200)],
    ['lon over 180 with lat valid', raw(45, 181)],
    ['lat over 90 and lon over 90', raw(95, 95)],
  ])('%s > INVALID_COORDINATES', (_n, c) => {
    const err = caught(() => resolveCoords(c, camera));
    expect(err.code).toBe(ErrorCodes.INVALID_COORDINATES);
    expect(err.context.field).toBe('gps_latitude');
  });

  it('alpr_group > Denver pair swapped > corrected and flagged coords_swapped', () => {
    const d = fixture('openalpr-alpr_group.json');
    d.gps_latitude = -104.9903;
    d.gps_longitude = 39.7392;
    const [read] = harness().run(d);
    expect(read).toMatchObject({ lat: 39.7392, lon: -104.9903 });
    expect(read?.flags).toEqual(['coords_swapped']);
  });

  it('alpr_group > 0,0 > registered camera location, flagged coords_zero', () => {
    const value = fixtureText('openalpr-alpr_group.json')
      .replace('39.9612', '0')
      .replace('-82.9988', '0');
    const [read] = harness().run(value);
    expect(read).toMatchObject({ lat: 39.9612, lon: -82.9988 });
    expect(read?.flags).toEqual(['coords_zero']);
  });
});
