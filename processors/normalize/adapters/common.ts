/**
 * Readers shared by several adapters: capture times and coordinates.
 * A capture time that is absent is INVALID_TIMESTAMP (the read cannot be
 * placed in time); one of the wrong JSON type is INVALID_FIELD.
 */
import { AlprError, ErrorCodes } from '../../../lib/errors.ts';
import { at, optRawNumber, optString, type Obj } from '../fields.ts';
import type { DeviceTime, RawCoords } from '../types.ts';

function missingTime(path: string): AlprError {
  return new AlprError(ErrorCodes.INVALID_TIMESTAMP, `no capture time at ${path}`, {
    context: { field: path },
  });
}

/** First present of `keys`, read as an epoch number of the given unit. */
export function epochTime(
  o: Obj,
  keys: string[],
  base: string,
  kind: 'epoch_ms' | 'epoch_s',
): DeviceTime {
  for (const key of keys) {
    const value = optRawNumber(o, key, base);
    if (value !== null) return { kind, value, path: at(base, key) };
  }
  throw missingTime(at(base, keys[0] ?? ''));
}

export function textTime(o: Obj, key: string, base: string): DeviceTime {
  const value = optString(o, key, base);
  if (value === null) throw missingTime(at(base, key));
  return { kind: 'text', value, path: at(base, key) };
}

export function coordsAt(o: Obj, latKey: string, lonKey: string, base: string): RawCoords {
  return {
    lat: optRawNumber(o, latKey, base),
    lon: optRawNumber(o, lonKey, base),
    path: at(base, latKey),
    lonPath: at(base, lonKey),
  };
}

export const NO_COORDS: RawCoords = Object.freeze({
  lat: null,
  lon: null,
  path: '',
  lonPath: '',
});
