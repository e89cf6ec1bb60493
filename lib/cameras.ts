/**
 * Camera registry: which agency runs a camera, where it stands and which
 * IANA time zone its clock is set to (for devices that send local times
 * without a zone). Loaded once at start-up and refused whole if any entry
 * is wrong, with every problem named by camera and field.
 *
 * File format (config/cameras.json):
 *   { "cameras": [ {
 *       "camera_id": "101",            non-empty string, unique
 *       "agency_id": "demo-agency",     non-empty string
 *       "name": "North gate",           string
 *       "time_zone": "America/Chicago", IANA zone, checked against the tz database
 *       "lat": 41.88, "lon": -87.63,    degrees, both or neither (null for a
 *                                       mobile unit with no fixed place)
 *       "direction": 270                optional, degrees 0..360 the camera faces
 *   } ] }
 * Unknown keys are refused, so a misspelt "timezone" cannot silently fall
 * back to the default zone.
 */
import { readJsonConfig } from './json-file.ts';
import { IANAZone } from 'luxon';
import { AlprError, ErrorCodes } from './errors.ts';

export interface Camera {
  camera_id: string;
  agency_id: string;
  name: string;
  time_zone: string;
  lat: number | null;
  lon: number | null;
  direction: number | null;
}

export interface CameraRegistry {
  lookup(cameraId: string): Camera | undefined;
  readonly size: number;
  all(): Camera[];
}

export interface CameraProblem {
  index: number;
  camera_id: string | null;
  field: string;
  problem: string;
}

const KEYS = new Set(['camera_id', 'agency_id', 'name', 'time_zone', 'lat', 'lon', 'direction']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nonEmpty(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== '';
}

function inRange(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;
}

function checkCamera(raw: unknown, index: number, problems: CameraProblem[]): Camera | null {
  const start = problems.length;
  const id = isObject(raw) && nonEmpty(raw.camera_id) ? raw.camera_id : null;
  const bad = (field: string, problem: string): void => {
    problems.push({ index, camera_id: id, field, problem });
  };
  if (!isObject(raw)) {
    bad('(entry)', 'must be an object');
    return null;
  }
  for (const key of Object.keys(raw)) if (!KEYS.has(key)) bad(key, 'is not a known field');
  if (id === null) bad('camera_id', 'must be a non-empty string');
  if (!nonEmpty(raw.agency_id)) bad('agency_id', 'must be a non-empty string');
  if (typeof raw.name !== 'string') bad('name', 'must be a string');
  if (typeof raw.time_zone !== 'string' || !IANAZone.isValidZone(raw.time_zone)) {
    bad('time_zone', 'must be an IANA time zone such as America/Chicago');
  }
  const lat = raw.lat ?? null;
  const lon = raw.lon ?? null;
  if ((lat === null) !== (lon === null)) {
    bad(lat === null ? 'lat' : 'lon', 'lat and lon go together');
  }
  if (lat !== null && !inRange(lat, -90, 90)) bad('lat', 'must be a number from -90 to 90');
  if (lon !== null && !inRange(lon, -180, 180)) bad('lon', 'must be a number from -180 to 180');
  // 0,0 is the placeholder a form leaves behind, in the Gulf of Guinea.
  if (lat === 0 && lon === 0) bad('lat', '0,0 is not a camera location; use null');
  const direction = raw.direction ?? null;
  if (direction !== null && !inRange(direction, 0, 360)) {
    bad('direction', 'must be a number of degrees from 0 to 360');
  }
  if (problems.length > start) return null;
  return {
    camera_id: id as string,
    agency_id: raw.agency_id as string,
    name: raw.name as string,
    time_zone: raw.time_zone as string,
    lat: lat as number | null,
    lon: lon as number | null,
    direction: direction as number | null,
  };
}

function refuse(source: string, problems: CameraProblem[]): never {
  const lines = problems.map((p) => {
    const who = p.camera_id === null ? '' : ` (${p.camera_id})`;
    return `cameras[${p.index}]${who} ${p.field} ${p.problem}`;
  });
  const message = `invalid camera registry ${source}:\n  ${lines.join('\n  ')}`;
  throw new AlprError(ErrorCodes.CONFIG_INVALID, message, { context: { source, problems } });
}

/** Build a registry from an already parsed document; throws CONFIG_INVALID. */
export function createCameraRegistry(doc: unknown, source = '(inline)'): CameraRegistry {
  if (!isObject(doc) || !Array.isArray(doc.cameras)) {
    refuse(source, [{ index: -1, camera_id: null, field: 'cameras', problem: 'must be an array' }]);
  }
  const problems: CameraProblem[] = [];
  const byId = new Map<string, Camera>();
  doc.cameras.forEach((raw: unknown, index: number) => {
    const cam = checkCamera(raw, index, problems);
    if (cam === null) return;
    if (byId.has(cam.camera_id)) {
      const problem = 'is a duplicate';
      problems.push({ index, camera_id: cam.camera_id, field: 'camera_id', problem });
      return;
    }
    byId.set(cam.camera_id, cam);
  });
  if (problems.length > 0) refuse(source, problems);
  return {
    lookup: (cameraId) => byId.get(cameraId),
    size: byId.size,
    all: () => [...byId.values()],
  };
}

/** Read and validate a registry file; throws CONFIG_INVALID naming the file. */
export function loadCameraRegistry(file: string): CameraRegistry {
  const doc = readJsonConfig(file, 'camera registry', 'ALPR_CAMERAS_FILE');
  return createCameraRegistry(doc, file);
}
