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
const raw = (lat: number | null, lon: number | null) => ({
  lat,
  lon,
  path: 'gps_latitude',
  lonPath: 'gps_longitude',
});

describe('coordinates', () => {
  it.each([
    ['valid pair near the camera', raw(41.6, -88.0), camera, 41.6, -88.0, []],
    ['valid pair, no registered location', raw(39.9612, -82.9988), mobile, 39.9612, -82.9988, []],
    [
      'far from the camera > kept, flagged',
      raw(39.9612, -82.9988),
      camera,
      39.9612,
      -82.9988,
      ['coords_far_from_camera'],
    ],
    [
      'valid both ways, far either way > kept, flagged',
      raw(41.5, 80.2),
      camera,
      41.5,
      80.2,
      ['coords_far_from_camera'],
    ],
    ['edges', raw(-90, 180), mobile, -90, 180, []],
    // Ohio swapped is still a valid pair (|lon| < 90): without a registered
    // location nothing shows the swap
    [
      'swapped, valid both ways, no location > kept',
      raw(-82.9988, 39.9612),
      mobile,
      -82.9988,
      39.9612,
      [],
    ],
    [
      'swapped, valid both ways, camera nearby > swapped back',
      raw(-88.05, 41.52),
      camera,
      41.52,
      -88.05,
      ['coords_swapped'],
    ],
    [
      'lat over 90, no registered location > swapped',
      raw(-120.5, 45.2),
      mobile,
      45.2,
      -120.5,
      ['coords_swapped'],
    ],
    [
      'lat over 90, swap lands far from the camera > refused',
      raw(-120.5, 45.2),
      camera,
      null,
      null,
      'refused',
    ],
    ['0,0 > camera location', raw(0, 0), camera, 41.5, -88.1, ['coords_zero']],
    ['0,0 mobile camera > null', raw(0, 0), mobile, null, null, ['coords_zero']],
    ['absent > camera location', raw(null, null), camera, 41.5, -88.1, ['coords_missing']],
    ['absent, unknown camera > null', raw(null, null), undefined, null, null, ['coords_missing']],
    ['half a pair > missing', raw(39.9, null), camera, 41.5, -88.1, ['coords_missing']],
    ['lat 0 alone is a place', raw(0, -78.5), mobile, 0, -78.5, []],
  ])('%s', (_n, c, cam, lat, lon, flags) => {
    if (flags === 'refused') {
      expect(caught(() => resolveCoords(c, cam)).code).toBe(ErrorCodes.INVALID_COORDINATES);
    } else {
      expect(resolveCoords(c, cam)).toEqual({ lat, lon, flags });
    }
  });

  it('alpr_group > Denver pair swapped, camera registered in Ohio > INVALID_COORDINATES', () => {
    const d = fixture('openalpr-alpr_group.json');
    d.gps_latitude = -104.9903;
    d.gps_longitude = 39.7392;
    expect(caught(() => harness().run(d)).code).toBe(ErrorCodes.INVALID_COORDINATES);
  });

  it.each([
    ['infinite lat', raw(Number.POSITIVE_INFINITY, -82.9), 'gps_latitude'],
    ['NaN lon', raw(39.9, Number.NaN), 'gps_longitude'],
    ['both out of range', raw(100, 200), 'gps_longitude'],
    ['lat -300 with lon valid', raw(-300, 45), 'gps_latitude'],
    ['lon over 180 with lat valid', raw(45, 181), 'gps_longitude'],
    ['lon 999 with lat valid', raw(41.9, 999), 'gps_longitude'],
    ['lat over 90 and lon over 90', raw(95, 95), 'gps_latitude'],
  ])('%s > INVALID_COORDINATES naming the value at fault', (_n, c, field) => {
    const err = caught(() => resolveCoords(c, camera));
    expect(err.code).toBe(ErrorCodes.INVALID_COORDINATES);
    expect(err.context.field).toBe(field);
  });

  it('alpr_group > Denver pair swapped, camera not registered > corrected and flagged coords_swapped', () => {
    const d = fixture('openalpr-alpr_group.json');
    d.camera_id = 4_000_000_999;
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
