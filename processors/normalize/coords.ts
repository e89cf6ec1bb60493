/**
 * Where a read was taken. Rules, in order:
 * - neither value sent, or only one of the two: coords_missing; the
 *   camera's registered location is used when it has one;
 * - 0,0 exactly: a GPS without a fix or an unset field, not a place (it is
 *   in the Gulf of Guinea): coords_zero, and the camera location is used;
 * - a value that is not finite (JSON 1e999): INVALID_COORDINATES;
 * - lat in -90..90 and lon in -180..180: kept;
 * - valid only the other way round (lat 182.3, lon 39.9): swapped and
 *   flagged coords_swapped. A pair valid both ways is never swapped: with
 *   |lat| <= 90 and |lon| <= 90 nothing shows which was meant;
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

function invalid(c: RawCoords, why: string): AlprError {
  return new AlprError(ErrorCodes.INVALID_COORDINATES, `coordinates at ${c.path} ${why}`, {
    context: { field: c.path },
  });
}

export function resolveCoords(c: RawCoords, camera: Camera | undefined): ResolvedCoords {
  const { lat, lon } = c;
  if (lat === null || lon === null) return fromCamera(camera, 'coords_missing');
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) throw invalid(c, 'are not finite');
  if (lat === 0 && lon === 0) return fromCamera(camera, 'coords_zero');
  if (valid(lat, lon)) return { lat, lon, flags: [] };
  if (valid(lon, lat)) return { lat: lon, lon: lat, flags: ['coords_swapped'] };
  throw invalid(c, 'are out of range in either order');
}
