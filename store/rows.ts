/**
 * Avro records (schemas/types.ts) to the rows of schemas/clickhouse/*.sql,
 * whose comments list each column and its source field. Times go in as
 * 'YYYY-MM-DD hh:mm:ss.sss' text in UTC: every DateTime64 column is declared
 * with the 'UTC' zone, and text avoids the ambiguity of a bare number
 * (seconds or milliseconds?) in JSONEachRow input.
 */
import { MAX_RETENTION_DAYS } from '../lib/config.ts';
import { AlprError, ErrorCodes } from '../lib/errors.ts';
import { plateCanon } from '../lib/plate.ts';
import type { AuditEvent, Hit, TaggedRead } from '../schemas/types.ts';

export const DAY_MS = 24 * 60 * 60 * 1000;
// DateTime64's range is 1900-01-01 .. 2299-12-31
const MIN_MS = Date.UTC(1900, 0, 1);
const MAX_MS = Date.UTC(2299, 11, 31, 23, 59, 59, 999);
const UINT32_MAX = 2 ** 32 - 1;

export interface ReadRow {
  read_id: string;
  vendor: string;
  format: string;
  vendor_event_id: string | null;
  plate_raw: string;
  plate_display: string;
  plate_canon: string;
  plate_key: string;
  region_iso: string | null;
  region_raw: string | null;
  captured_at: string;
  received_at: string;
  stored_at: string;
  camera_id: string;
  agency_id: string;
  lat: number | null;
  lon: number | null;
  confidence: number | null;
  candidates: { plate: string; confidence: number | null }[];
  vehicle_make: string | null;
  vehicle_model: string | null;
  vehicle_color: string | null;
  vehicle_body_type: string | null;
  vehicle_year: string | null;
  vehicle_direction: number | null;
  image_ref: string | null;
  image_sha256: string | null;
  image_size: number | null;
  flags: string[];
  purpose: string;
  retention_days: number;
  hit_ids: string[];
  hit_lists: string[];
}

export interface HitRow {
  hit_id: string;
  read_id: string;
  list_id: string;
  entry_key: string;
  match_kind: string;
  category: string;
  purpose: string;
  priority: number;
  read_plate: string;
  entry_plate: string;
  read_region: string | null;
  entry_region: string | null;
  camera_id: string;
  agency_id: string;
  captured_at: string;
  matched_at: string;
  stored_at: string;
}

export interface AuditRow {
  event_id: string;
  at: string;
  action: string;
  outcome: string;
  refusal_code: string | null;
  user_id: string | null;
  purpose: string | null;
  case_number: string | null;
  notes: string | null;
  parameters: string;
  row_count: number | null;
  client_ip: string | null;
  stored_at: string;
}

/** Epoch ms as DateTime64(3) text in UTC; INVALID_TIMESTAMP outside the column's range. */
export function toDateTime64(ms: number, field: string): string {
  if (!Number.isFinite(ms) || ms < MIN_MS || ms > MAX_MS) {
    throw new AlprError(ErrorCodes.INVALID_TIMESTAMP, `${field} is outside 1900..2299`, {
      context: { field, value: ms },
    });
  }
  // toISOString is 'YYYY-MM-DDThh:mm:ss.sssZ' for years 0000..9999
  return new Date(ms).toISOString().slice(0, 23).replace('T', ' ');
}

/** DateTime64(3) text in UTC back to epoch ms. */
export function fromDateTime64(text: string): number {
  return Date.parse(`${text.replace(' ', 'T')}Z`);
}

/** RETENTION_OVER_LIMIT unless `days` is a whole number of days in 1..90. */
export function checkRetentionDays(days: number, readId: string): void {
  if (!Number.isInteger(days) || days < 1 || days > MAX_RETENTION_DAYS) {
    throw new AlprError(
      ErrorCodes.RETENTION_OVER_LIMIT,
      `retention_days must be 1..${MAX_RETENTION_DAYS}; the read is not stored`,
      { context: { read_id: readId, retention_days: days, max: MAX_RETENTION_DAYS } },
    );
  }
}

/** Epoch ms at which a read leaves the store: capture plus retention. */
export function expiresAtMs(capturedAtMs: number, retentionDays: number): number {
  return capturedAtMs + retentionDays * DAY_MS;
}

/**
 * One `reads` row from a tagged read. Throws RETENTION_OVER_LIMIT for a
 * retention outside 1..90 days, INVALID_TIMESTAMP or INVALID_FIELD for values
 * the columns cannot hold.
 */
export function toReadRow(t: TaggedRead, storedAtMs: number): ReadRow {
  const r = t.read;
  checkRetentionDays(t.retention_days, r.read_id);
  const image = r.image;
  if (image && (!Number.isInteger(image.size) || image.size < 0 || image.size > UINT32_MAX)) {
    throw new AlprError(ErrorCodes.INVALID_FIELD, 'image.size does not fit UInt32', {
      context: { read_id: r.read_id, field: 'image.size', value: image.size },
    });
  }
  return {
    read_id: r.read_id,
    vendor: r.vendor,
    format: r.format,
    vendor_event_id: r.vendor_event_id,
    plate_raw: r.plate_raw,
    plate_display: r.plate_display,
    plate_canon: plateCanon(r.plate_display),
    plate_key: r.plate_key,
    region_iso: r.region_iso,
    region_raw: r.region_raw,
    captured_at: toDateTime64(r.captured_at_ms, 'captured_at_ms'),
    received_at: toDateTime64(r.received_at_ms, 'received_at_ms'),
    stored_at: toDateTime64(storedAtMs, 'stored_at'),
    camera_id: r.camera_id,
    agency_id: r.agency_id,
    lat: r.lat,
    lon: r.lon,
    confidence: r.confidence,
    candidates: r.candidates.map((c) => ({ plate: c.plate, confidence: c.confidence })),
    vehicle_make: r.vehicle.make,
    vehicle_model: r.vehicle.model,
    vehicle_color: r.vehicle.color,
    vehicle_body_type: r.vehicle.body_type,
    vehicle_year: r.vehicle.year,
    vehicle_direction: r.vehicle.direction,
    image_ref: image?.ref ?? null,
    image_sha256: image?.sha256 ?? null,
    image_size: image?.size ?? null,
    flags: [...r.flags],
    purpose: t.purpose,
    retention_days: t.retention_days,
    hit_ids: [...t.hit_ids],
    hit_lists: [...t.hit_lists],
  };
}

export function toHitRow(h: Hit, storedAtMs: number): HitRow {
  return {
    hit_id: h.hit_id,
    read_id: h.read_id,
    list_id: h.list_id,
    entry_key: h.entry_key,
    match_kind: h.match_kind,
    category: h.category,
    purpose: h.purpose,
    priority: h.priority,
    read_plate: h.read_plate,
    entry_plate: h.entry_plate,
    read_region: h.read_region,
    entry_region: h.entry_region,
    camera_id: h.camera_id,
    agency_id: h.agency_id,
    captured_at: toDateTime64(h.captured_at_ms, 'captured_at_ms'),
    matched_at: toDateTime64(h.matched_at_ms, 'matched_at_ms'),
    stored_at: toDateTime64(storedAtMs, 'stored_at'),
  };
}

export function toAuditRow(e: AuditEvent, storedAtMs: number): AuditRow {
  if (e.row_count !== null && (!Number.isInteger(e.row_count) || e.row_count < 0)) {
    throw new AlprError(ErrorCodes.INVALID_FIELD, 'row_count must be a whole number >= 0', {
      context: { event_id: e.event_id, field: 'row_count', value: e.row_count },
    });
  }
  return {
    event_id: e.event_id,
    at: toDateTime64(e.at_ms, 'at_ms'),
    action: e.action,
    outcome: e.outcome,
    refusal_code: e.refusal_code,
    user_id: e.user_id,
    purpose: e.purpose,
    case_number: e.case_number,
    notes: e.notes,
    parameters: e.parameters,
    row_count: e.row_count,
    client_ip: e.client_ip,
    stored_at: toDateTime64(storedAtMs, 'stored_at'),
  };
}
