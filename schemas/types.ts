/**
 * TypeScript views of the Avro records in schemas/avro/. The .avsc files are
 * the single source of field names; schemas/avro.test.ts round-trips a value
 * of each type through its schema so that the two cannot drift apart.
 */

export interface Candidate {
  plate: string;
  confidence: number | null;
}

export interface Vehicle {
  make: string | null;
  model: string | null;
  color: string | null;
  body_type: string | null;
  year: string | null;
  direction: number | null;
}

export interface ImageRef {
  ref: string;
  sha256: string;
  size: number;
}

/** Data-quality flags a read can carry. */
export type ReadFlag =
  | 'plate_unreadable_chars' // contains * or ?; never matched as a wildcard
  | 'plate_timestamp_overlay' // looks like a date/time burned into the frame
  | 'plate_nonstandard_chars' // characters other than A-Z 0-9 after cleanup
  | 'region_unknown'
  | 'region_ambiguous' // e.g. "ca": California or Canada
  | 'region_country_only' // e.g. "gb": a country without a subdivision
  | 'time_local_assumed' // zone-less time read in the camera's zone
  | 'time_local_ambiguous' // local time occurs twice (DST fall-back)
  | 'time_local_nonexistent' // local time skipped (DST spring-forward)
  | 'coords_missing'
  | 'coords_zero' // 0,0 treated as missing
  | 'coords_swapped' // lat/lon pair was swapped and corrected
  | 'coords_far_from_camera' // over 50 km from the camera's registered location
  | 'confidence_missing'
  | 'camera_id_missing'
  | 'frigate_update' // a later update of the same Frigate event
  | 'known_plate'; // matched the camera owner's own known-plates list

export interface Read {
  read_id: string;
  vendor: string;
  format: string;
  vendor_event_id: string | null;
  plate_raw: string;
  plate_display: string;
  plate_key: string;
  region_iso: string | null;
  region_raw: string | null;
  captured_at_ms: number;
  received_at_ms: number;
  camera_id: string;
  agency_id: string;
  lat: number | null;
  lon: number | null;
  confidence: number | null;
  candidates: Candidate[];
  vehicle: Vehicle;
  image: ImageRef | null;
  flags: string[];
}

export interface TaggedRead {
  read: Read;
  purpose: string;
  retention_days: number;
  hit_ids: string[];
  hit_lists: string[];
}

export type MatchKind = 'exact' | 'possible_region' | 'possible_folded' | 'wildcard';

export interface HotlistEntry {
  list_id: string;
  source_format: string;
  plate_raw: string;
  plate_display: string;
  plate_key: string;
  region_iso: string | null;
  wildcard: boolean;
  category: string;
  purpose: string;
  priority: number;
  effective_from_ms: number | null;
  expires_at_ms: number | null;
  description: string | null;
  vehicle_make: string | null;
  vehicle_model: string | null;
  vehicle_color: string | null;
  vehicle_year: string | null;
  snapshot_id: string | null;
  loaded_at_ms: number;
}

export interface Hit {
  hit_id: string;
  read_id: string;
  list_id: string;
  entry_key: string;
  match_kind: MatchKind;
  category: string;
  purpose: string;
  priority: number;
  read_plate: string;
  entry_plate: string;
  read_region: string | null;
  entry_region: string | null;
  camera_id: string;
  agency_id: string;
  captured_at_ms: number;
  matched_at_ms: number;
}

export type AuditOutcome = 'allowed' | 'refused' | 'failed';

export interface AuditEvent {
  event_id: string;
  at_ms: number;
  action: string;
  outcome: AuditOutcome;
  refusal_code: string | null;
  user_id: string | null;
  purpose: string | null;
  case_number: string | null;
  notes: string | null;
  parameters: string;
  row_count: number | null;
  client_ip: string | null;
}

export interface DeadLetter {
  code: string;
  reason: string;
  processor: string;
  source_topic: string;
  source_partition: number;
  source_offset: string;
  source_key: Buffer | null;
  source_headers: Record<string, string>;
  original: Buffer;
  failed_at_ms: number;
}

export interface RawEnvelope {
  vendor: string | null;
  source: string;
  received_at_ms: number;
  camera_id: string | null;
  agency_id: string | null;
  payload: Buffer;
}

/** Entry key on the compacted hotlist topic: list|plate_key|region. */
export function hotlistEntryKey(
  e: Pick<HotlistEntry, 'list_id' | 'plate_key' | 'region_iso'>,
): string {
  return `${e.list_id}|${e.plate_key}|${e.region_iso ?? ''}`;
}
