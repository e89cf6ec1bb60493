import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCameraRegistry, loadCameraRegistry, type CameraProblem } from './cameras.ts';
import { ErrorCodes, isAlprError, type AlprError } from './errors.ts';

const good = {
  camera_id: 'c1',
  agency_id: 'a1',
  name: 'Main St',
  time_zone: 'America/Chicago',
  lat: 41.88,
  lon: -87.63,
};

function refusal(fn: () => unknown): AlprError {
  try {
    fn();
  } catch (e) {
    if (isAlprError(e)) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

function problems(doc: unknown): CameraProblem[] {
  const err = refusal(() => createCameraRegistry(doc));
  expect(err.code).toBe(ErrorCodes.CONFIG_INVALID);
  return err.context.problems as CameraProblem[];
}

describe('camera registry', () => {
  it('load > project config/cameras.json > every entry valid, sample cameras present', () => {
    const reg = loadCameraRegistry(new URL('../config/cameras.json', import.meta.url).pathname);
    for (const id of ['101', '2000000101', 'camera-1', 'driveway', 'gate-east', 'cam3']) {
      expect(reg.lookup(id)?.camera_id).toBe(id);
    }
    for (const cam of reg.all()) {
      // every invented camera stands in Illinois or Ohio
      if (cam.lat !== null) expect(cam.lat).toBeGreaterThan(36.9);
      if (cam.lat !== null) expect(cam.lat).toBeLessThan(42.6);
      if (cam.lon !== null) expect(cam.lon).toBeGreaterThan(-91.6);
      if (cam.lon !== null) expect(cam.lon).toBeLessThan(-80.5);
    }
  });

  it('lookup > known and unknown id > camera with defaults, undefined', () => {
    const mobile = { ...good, camera_id: 'c2', lat: null, lon: null };
    const reg = createCameraRegistry({ cameras: [good, mobile] });
    expect(reg.size).toBe(2);
    expect(reg.lookup('c1')).toEqual({ ...good, direction: null });
    expect(reg.lookup('c2')).toMatchObject({ lat: null, lon: null });
    expect(reg.lookup('nope')).toBeUndefined();
  });

  it.each([
    ['invalid IANA zone', { ...good, time_zone: 'America/Chicag' }, 'time_zone'],
    ['zone missing', { ...good, time_zone: undefined }, 'time_zone'],
    ['empty camera_id', { ...good, camera_id: '' }, 'camera_id'],
    ['numeric camera_id', { ...good, camera_id: 101 }, 'camera_id'],
    ['agency missing', { ...good, agency_id: undefined }, 'agency_id'],
    ['name not a string', { ...good, name: 7 }, 'name'],
    ['latitude out of range', { ...good, lat: 91 }, 'lat'],
    ['longitude out of range', { ...good, lon: -181 }, 'lon'],
    ['latitude as text', { ...good, lat: '41.88' }, 'lat'],
    ['lat without lon', { ...good, lon: null }, 'lon'],
    ['0,0 placeholder', { ...good, lat: 0, lon: 0 }, 'lat'],
    ['direction out of range', { ...good, direction: 400 }, 'direction'],
    ['misspelt key', { ...good, timezone: 'America/Chicago' }, 'timezone'],
  ])('validate > %s > CONFIG_INVALID naming the camera and field', (_name, cam, field) => {
    const [p, ...rest] = problems({ cameras: [good, cam] });
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ index: 1, field });
    const named = typeof cam.camera_id === 'string' && cam.camera_id !== '';
    expect(p?.camera_id).toBe(named ? cam.camera_id : null);
  });

  it('validate > several bad entries > all problems in one error', () => {
    const ps = problems({
      cameras: [
        { ...good, camera_id: 'x', time_zone: 'Nowhere/City' },
        { ...good, camera_id: 'y', lat: 100 },
      ],
    });
    expect(ps.map((p) => [p.camera_id, p.field])).toEqual([
      ['x', 'time_zone'],
      ['y', 'lat'],
    ]);
  });

  it('validate > duplicate camera_id > refused', () => {
    expect(problems({ cameras: [good, good] })).toEqual([
      expect.objectContaining({ index: 1, camera_id: 'c1', field: 'camera_id' }),
    ]);
  });

  it.each([
    ['not an object', []],
    ['cameras missing', {}],
    ['cameras not an array', { cameras: {} }],
  ])('validate > document %s > CONFIG_INVALID', (_name, doc) => {
    expect(problems(doc)[0]?.field).toBe('cameras');
  });

  it('load > file is not JSON > CONFIG_INVALID naming the file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'alpr-cams-')), 'cameras.json');
    writeFileSync(file, '{"cameras": [');
    const err = refusal(() => loadCameraRegistry(file));
    expect(err.code).toBe(ErrorCodes.CONFIG_INVALID);
    expect(err.context.file).toBe(file);
  });
});
