/**
 * Where a read was taken. Rules, in order:
 * - neither value sent, or only one of the two: coords_missing; the
 *   camera's registered location is used when it has one;
 * - 0,0 exactly: a GPS without a fix or an unset field, not a place (it is
 *   in the Gulf of Guinea): coords_zero, and the camera location is used;
 * - a value that is not finite (JSON 1e999): INVALID_COORDINATES;
 * - lat in -90..90 and lon in -180..180: kept;
 * - valid only the other way round (lat 182.3, lon 39.9): swapped and
 *   flagged coords_swapped, unless the camera has a registered location and
 *   the swapped pair is over 50 km from it: INVALID_COORDINATES;
 * - valid both ways (most of North America: lat 41.9, lon -87.6 read as
 *   lat -87.6, lon 41.9 is in Antarctica's waters but still in range): the
 *   camera's registered location decides. Swapped when the swapped pair is
 *   within 50 km of the camera and the pair as sent is over 500 km away;
 *   otherwise kept, and flagged coords_far_from_camera when over 50 km from
 *   it (a mobile unit, a misconfigured GPS or a registry error to review).
 *   Without a registered location nothing shows which was meant: kept;
 * - valid neither way: INVALID_COORDINATES.
 */
import type { Camera } from '../../lib/cameras.ts';
import { AlprError, ErrorCodes } from '../../lib/errors.ts';
import type { ReadFlag } from '../../schemas/types.ts';
import type { RawCoords } from './types.ts';

export interface ResolvedCoords {
  lat: number | null;
  lon: number | null;
  flags: ReadFlag[];
}

function valid(lat: number, lon: number): boolean {
  return lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180;
}

function fromCamera(camera: Camera | undefined, flag: ReadFlag): ResolvedCoords {
  return { lat: camera?.lat ?? null, lon: camera?.lon ?? null, flags: [flag] };
}

/**
 * The field to blame: the value that is non-finite, or that fits neither
 * range (|v| > 180 fits neither a latitude nor a longitude); when each value
 * alone could be either, the pair, named by its latitude.
 */
function culprit(c: RawCoords): string {
  const bad = (v: number | null) => v !== null && !(Math.abs(v) <= 180);
  if (bad(c.lat)) return c.path;
  if (bad(c.lon)) return c.lonPath;
  return c.path;
}

function invalid(c: RawCoords, why: string): AlprError {
  const field = culprit(c);
  const pair = `latitude ${c.lat} at ${c.path}, longitude ${c.lon} at ${c.lonPath}`;
  return new AlprError(ErrorCodes.INVALID_COORDINATES, `coordinates (${pair}) ${why}`, {
    context: { field },
  });
}

const NEAR_KM = 50;
const FAR_KM = 500;
const EARTH_KM = 6371;

/** Great-circle distance in km (haversine; ample for a 50 km threshold). */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a =
    Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

function againstCamera(lat: number, lon: number, camera: Camera | undefined): ResolvedCoords {
  if (camera?.lat == null || camera.lon == null) return { lat, lon, flags: [] };
  const asSent = distanceKm(lat, lon, camera.lat, camera.lon);
  if (asSent <= NEAR_KM) return { lat, lon, flags: [] };
  if (
    valid(lon, lat) &&
    asSent > FAR_KM &&
    distanceKm(lon, lat, camera.lat, camera.lon) <= NEAR_KM
  ) {
    return { lat: lon, lon: lat, flags: ['coords_swapped'] };
  }
  return { lat, lon, flags: ['coords_far_from_camera'] };
}

export function resolveCoords(c: RawCoords, camera: Camera | undefined): ResolvedCoords {
  const { lat, lon } = c;
  if (lat === null || lon === null) return fromCamera(camera, 'coords_missing');
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) throw invalid(c, 'are not finite');
  if (lat === 0 && lon === 0) return fromCamera(camera, 'coords_zero');
  if (valid(lat, lon)) return againstCamera(lat, lon, camera);
  if (valid(lon, lat)) {
    // A repair that lands far from the camera's registered location (lat 91,
    // lon 0 from a camera in Ohio) is not a repair: refuse the pair.
    const far =
      camera?.lat != null &&
      camera.lon != null &&
      distanceKm(lon, lat, camera.lat, camera.lon) > NEAR_KM;
    if (far)
      throw invalid(
        c,
        'are out of range, and swapping them does not place the read near its camera',
      );
    return { lat: lon, lon: lat, flags: ['coords_swapped'] };
  }
  throw invalid(c, 'are out of range in either order');
}
