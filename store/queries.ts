/**
 * The gateway's three read queries on `reads` (schemas/clickhouse/reads.sql).
 *
 * Every query has the same shape:
 *
 *   SELECT <columns> FROM (
 *     SELECT *, expires_at FROM db.reads WHERE <filter>
 *     ORDER BY stored_at DESC LIMIT 1 BY read_id        -- one row per read
 *   ) WHERE expires_at > now64(3)                        -- retention, always
 *   ORDER BY captured_at DESC, read_id LIMIT {limit}
 *
 * Deduplication comes before the expiry filter: when a replay re-tagged a
 * read with a shorter retention, the latest version decides, so an older,
 * longer-lived copy cannot bring it back. The inner filter only uses fields
 * fixed by read_id (plate, camera, capture time, place), which every version
 * of a read shares. LIMIT 1 BY is used instead of FINAL: FINAL reads the
 * table, never the camera projection (checked with EXPLAIN), and whether it
 * merges across partitions depends on a server setting
 * (do_not_merge_across_partitions_select_final).
 */
import type { Read } from '../schemas/types.ts';
import type { ClickHouseEngine, QueryParams } from './engine.ts';
import {
  checkAreaQuery,
  checkCameraQuery,
  checkPlateQuery,
  type AreaQuery,
  type CameraQuery,
  type CheckedPlateQuery,
  type CheckedWindow,
  type PlateQuery,
} from './query-params.ts';

/** A read as stored: the Read plus how long and why it is kept. */
export interface StoredRead extends Read {
  purpose: string;
  retention_days: number;
  hit_ids: string[];
  hit_lists: string[];
  stored_at_ms: number;
  /** Capture time plus retention: the read is not returned from this instant on. */
  expires_at_ms: number;
}

/**
 * How a stored read relates to the plate asked for (the words of MatchKind):
 * - exact: same canonical plate, and the region asked for (or none asked).
 * - possible_folded: equal only once look-alikes fold (O/0, I/1, B/8, S/5, Z/2).
 * - possible_region: same canonical plate, but the read's region is unknown.
 */
export type PlateMatch = 'exact' | 'possible_folded' | 'possible_region';

export interface PlateMatchRead extends StoredRead {
  match: PlateMatch;
}

const SELECT_COLUMNS = `
  read_id, vendor, format, vendor_event_id, plate_raw, plate_display, plate_canon, plate_key,
  region_iso, region_raw,
  toUnixTimestamp64Milli(captured_at) AS captured_at_ms,
  toUnixTimestamp64Milli(received_at) AS received_at_ms,
  toUnixTimestamp64Milli(stored_at) AS stored_at_ms,
  toUnixTimestamp64Milli(expires_at) AS expires_at_ms,
  camera_id, agency_id, lat, lon, confidence, candidates,
  vehicle_make, vehicle_model, vehicle_color, vehicle_body_type, vehicle_year, vehicle_direction,
  image_ref, image_sha256, image_size, flags, purpose, retention_days, hit_ids, hit_lists`;

const WINDOW_FILTER =
  "captured_at >= fromUnixTimestamp64Milli({fromMs:Int64}, 'UTC') " +
  "AND captured_at < fromUnixTimestamp64Milli({toMs:Int64}, 'UTC')";

/** The statement for one read query; `filter` may only use fields fixed by read_id. */
export function readsSql(database: string, filter: string): string {
  return `SELECT ${SELECT_COLUMNS}
FROM (
  SELECT *, expires_at FROM ${database}.reads
  WHERE ${filter} AND ${WINDOW_FILTER}
  ORDER BY stored_at DESC
  LIMIT 1 BY read_id
)
WHERE expires_at > now64(3)
ORDER BY captured_at DESC, read_id
LIMIT {limit:UInt32}`;
}

/** Row as the engine returns it; 64-bit integers may arrive as strings. */
type ReadResultRow = Record<string, unknown>;

const str = (v: unknown): string => (typeof v === 'string' ? v : String(v));
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : str(v));
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : num(v));
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(str) : []);

// A named tuple arrives as {plate, confidence}, or as [plate, confidence]
// when output_format_json_named_tuples_as_objects is off on a server.
function candidate(c: unknown): { plate: string; confidence: number | null } {
  if (Array.isArray(c)) return { plate: str(c[0]), confidence: numOrNull(c[1]) };
  const o = (c ?? {}) as Record<string, unknown>;
  return { plate: str(o.plate), confidence: numOrNull(o.confidence) };
}

/** A result row back to the Read shape of schemas/types.ts, plus retention fields. */
export function fromReadRow(r: ReadResultRow): StoredRead {
  const imageRef = strOrNull(r.image_ref);
  return {
    read_id: str(r.read_id),
    vendor: str(r.vendor),
    format: str(r.format),
    vendor_event_id: strOrNull(r.vendor_event_id),
    plate_raw: str(r.plate_raw),
    plate_display: str(r.plate_display),
    plate_key: str(r.plate_key),
    region_iso: strOrNull(r.region_iso),
    region_raw: strOrNull(r.region_raw),
    captured_at_ms: num(r.captured_at_ms),
    received_at_ms: num(r.received_at_ms),
    camera_id: str(r.camera_id),
    agency_id: str(r.agency_id),
    lat: numOrNull(r.lat),
    lon: numOrNull(r.lon),
    confidence: numOrNull(r.confidence),
    candidates: Array.isArray(r.candidates) ? r.candidates.map(candidate) : [],
    vehicle: {
      make: strOrNull(r.vehicle_make),
      model: strOrNull(r.vehicle_model),
      color: strOrNull(r.vehicle_color),
      body_type: strOrNull(r.vehicle_body_type),
      year: strOrNull(r.vehicle_year),
      direction: numOrNull(r.vehicle_direction),
    },
    image:
      imageRef === null
        ? null
        : { ref: imageRef, sha256: str(r.image_sha256), size: num(r.image_size) },
    flags: strings(r.flags),
    purpose: str(r.purpose),
    retention_days: num(r.retention_days),
    hit_ids: strings(r.hit_ids),
    hit_lists: strings(r.hit_lists),
    stored_at_ms: num(r.stored_at_ms),
    expires_at_ms: num(r.expires_at_ms),
  };
}

/** Classify one stored read against a checked plate query. */
export function classifyMatch(
  q: Pick<CheckedPlateQuery, 'canon' | 'region'>,
  read: { plate_canon: string; region_iso: string | null },
): PlateMatch {
  if (read.plate_canon !== q.canon) return 'possible_folded';
  if (q.region !== null && read.region_iso === null) return 'possible_region';
  return 'exact';
}

function windowParams(w: CheckedWindow): QueryParams {
  return { fromMs: w.fromMs, toMs: w.toMs, limit: w.limit };
}

/**
 * Reads of one plate in a time window. With a region, reads from another
 * known region are a different vehicle and are left out; reads with no
 * region are possible matches. QUERY_INVALID on bad parameters.
 */
export async function readsByPlate(
  engine: ClickHouseEngine,
  q: PlateQuery,
): Promise<PlateMatchRead[]> {
  const c = checkPlateQuery(q);
  const regionFilter =
    c.region === null ? '' : ' AND (region_iso IS NULL OR region_iso = {region:String})';
  const sql = readsSql(engine.database, `plate_key = {key:String}${regionFilter}`);
  const params: QueryParams = { ...windowParams(c), key: c.key };
  if (c.region !== null) params.region = c.region;
  const rows = await engine.query<ReadResultRow>(sql, params);
  return rows.map((r) => {
    const read = { plate_canon: str(r.plate_canon), region_iso: strOrNull(r.region_iso) };
    return { ...fromReadRow(r), match: classifyMatch(c, read) };
  });
}

/** Reads of one camera in a time window. QUERY_INVALID on bad parameters. */
export async function readsByCamera(
  engine: ClickHouseEngine,
  q: CameraQuery,
): Promise<StoredRead[]> {
  const c = checkCameraQuery(q);
  const sql = readsSql(engine.database, 'camera_id = {cameraId:String}');
  const rows = await engine.query<ReadResultRow>(sql, { ...windowParams(c), cameraId: c.cameraId });
  return rows.map(fromReadRow);
}

/** Reads inside a latitude/longitude box (edges included) in a time window. */
export async function readsInArea(engine: ClickHouseEngine, q: AreaQuery): Promise<StoredRead[]> {
  const c = checkAreaQuery(q);
  const filter =
    'lat >= {minLat:Float64} AND lat <= {maxLat:Float64} ' +
    'AND lon >= {minLon:Float64} AND lon <= {maxLon:Float64}';
  const rows = await engine.query<ReadResultRow>(readsSql(engine.database, filter), {
    ...windowParams(c),
    minLat: c.minLat,
    maxLat: c.maxLat,
    minLon: c.minLon,
    maxLon: c.maxLon,
  });
  return rows.map(fromReadRow);
}
