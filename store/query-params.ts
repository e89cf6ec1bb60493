/**
 * Checks on the gateway's read-query parameters, before any SQL runs. A bad
 * value is QUERY_INVALID with `context.field` naming it. Plate values are
 * never copied into an error: errors get logged, plates are personal data.
 *
 * Limits, each a policy or a capacity choice:
 * - time window [fromMs, toMs), epoch ms UTC, from < to, at most 90 days:
 *   nothing older than the 90-day retention ceiling exists to be found.
 * - limit: a whole number 1..10,000 rows per answer.
 * - plate: 1..16 characters A-Z 0-9 once separators are removed (the longest
 *   plates issued anywhere are about 10); `*` and `?` are refused because a
 *   query never acts as a wildcard.
 * - region: anything lib/region.ts pins to one ISO 3166-2 subdivision.
 * - area: latitudes -90..90, longitudes -180..180, min < max on each axis; a
 *   box across the antimeridian must be sent as two queries.
 */
import { AlprError, ErrorCodes } from '../lib/errors.ts';
import { plateCanon, plateKey } from '../lib/plate.ts';
import { toIsoRegion } from '../lib/region.ts';

export const MAX_WINDOW_DAYS = 90;
export const MAX_LIMIT = 10_000;
const MAX_WINDOW_MS = MAX_WINDOW_DAYS * 24 * 60 * 60 * 1000;
const MAX_CAMERA_ID_LENGTH = 200;

export interface TimeWindowQuery {
  /** Inclusive start, epoch ms UTC. */
  fromMs: number;
  /** Exclusive end, epoch ms UTC. */
  toMs: number;
  /** Most rows to return, 1..10,000. */
  limit: number;
}

export interface PlateQuery extends TimeWindowQuery {
  plate: string;
  /** ISO 3166-2 or a vendor spelling of it ("oh", "us-oh"); absent: any region. */
  region?: string | null;
}

export interface CameraQuery extends TimeWindowQuery {
  cameraId: string;
}

export interface AreaQuery extends TimeWindowQuery {
  minLat: number;
  maxLat: number;
  minLon: number;
  maxLon: number;
}

export interface CheckedWindow {
  fromMs: number;
  toMs: number;
  limit: number;
}

export interface CheckedPlateQuery extends CheckedWindow {
  canon: string;
  key: string;
  region: string | null;
}

function invalid(field: string, reason: string, value?: unknown): AlprError {
  return new AlprError(ErrorCodes.QUERY_INVALID, `${field}: ${reason}`, {
    context: value === undefined ? { field } : { field, value },
  });
}

function finiteNumber(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw invalid(field, 'must be a finite number', v);
  }
  return v;
}

export function checkWindow(q: TimeWindowQuery): CheckedWindow {
  const fromMs = finiteNumber(q.fromMs, 'fromMs');
  const toMs = finiteNumber(q.toMs, 'toMs');
  if (!Number.isInteger(fromMs)) throw invalid('fromMs', 'must be whole milliseconds', fromMs);
  if (!Number.isInteger(toMs)) throw invalid('toMs', 'must be whole milliseconds', toMs);
  if (fromMs >= toMs) throw invalid('toMs', 'must be after fromMs', toMs);
  if (toMs - fromMs > MAX_WINDOW_MS) {
    throw invalid('toMs', `window longer than ${MAX_WINDOW_DAYS} days`, toMs);
  }
  const limit = q.limit;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw invalid('limit', `must be a whole number 1..${MAX_LIMIT}`, limit);
  }
  return { fromMs, toMs, limit };
}

export function checkPlateQuery(q: PlateQuery): CheckedPlateQuery {
  if (typeof q.plate !== 'string') throw invalid('plate', 'must be a string');
  const canon = plateCanon(q.plate);
  if (!/^[A-Z0-9]{1,16}$/.test(canon)) {
    throw invalid('plate', 'must be 1..16 letters and digits (no wildcards)');
  }
  let region: string | null = null;
  if (q.region !== undefined && q.region !== null && q.region !== '') {
    if (typeof q.region !== 'string') throw invalid('region', 'must be a string', q.region);
    const r = toIsoRegion(q.region);
    if (r.iso === null) throw invalid('region', `not one subdivision (${r.flag})`, q.region);
    region = r.iso;
  }
  return { ...checkWindow(q), canon, key: plateKey(canon), region };
}

export function checkCameraQuery(q: CameraQuery): CheckedWindow & { cameraId: string } {
  const id = q.cameraId;
  if (typeof id !== 'string' || id.trim() === '' || id.length > MAX_CAMERA_ID_LENGTH) {
    throw invalid('cameraId', `must be 1..${MAX_CAMERA_ID_LENGTH} characters`, id);
  }
  return { ...checkWindow(q), cameraId: id };
}

export type CheckedAreaQuery = CheckedWindow &
  Pick<AreaQuery, 'minLat' | 'maxLat' | 'minLon' | 'maxLon'>;

export function checkAreaQuery(q: AreaQuery): CheckedAreaQuery {
  const box = {
    minLat: finiteNumber(q.minLat, 'minLat'),
    maxLat: finiteNumber(q.maxLat, 'maxLat'),
    minLon: finiteNumber(q.minLon, 'minLon'),
    maxLon: finiteNumber(q.maxLon, 'maxLon'),
  };
  for (const f of ['minLat', 'maxLat'] as const) {
    if (Math.abs(box[f]) > 90) throw invalid(f, 'must be within -90..90', box[f]);
  }
  for (const f of ['minLon', 'maxLon'] as const) {
    if (Math.abs(box[f]) > 180) throw invalid(f, 'must be within -180..180', box[f]);
  }
  if (box.minLat >= box.maxLat) throw invalid('maxLat', 'must be greater than minLat', box.maxLat);
  if (box.minLon >= box.maxLon) throw invalid('maxLon', 'must be greater than minLon', box.maxLon);
  return { ...checkWindow(q), ...box };
}
