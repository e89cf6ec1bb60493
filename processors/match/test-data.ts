/**
 * Reads and hotlist entries for the matcher and tagger tests: every field
 * set, plates and regions overridable, forms derived by lib/plate.ts as the
 * normalizer and the hotlist parsers derive them.
 */
import { plateDisplay, plateKey } from '../../lib/plate.ts';
import type { HotlistEntry, Read } from '../../schemas/types.ts';

export const T0 = Date.UTC(2024, 5, 2, 12);

export function makeRead(plate: string, region: string | null, over: Partial<Read> = {}): Read {
  return {
    read_id: `read-${plate}-${region ?? 'none'}`,
    vendor: 'openalpr',
    format: 'openalpr.alpr_group',
    vendor_event_id: null,
    plate_raw: plate,
    plate_display: plateDisplay(plate),
    plate_key: plateKey(plate),
    region_iso: region,
    region_raw: region,
    captured_at_ms: T0 - 1000,
    received_at_ms: T0 - 500,
    camera_id: 'cam-1',
    agency_id: 'agency-1',
    lat: null,
    lon: null,
    confidence: 0.9,
    candidates: [],
    vehicle: { make: null, model: null, color: null, body_type: null, year: null, direction: null },
    image: null,
    flags: [],
    ...over,
  };
}

export function makeEntry(
  plate: string,
  region: string | null,
  over: Partial<HotlistEntry> = {},
): HotlistEntry {
  return {
    list_id: 'list-a',
    source_format: 'genetec',
    plate_raw: plate,
    plate_display: plateDisplay(plate),
    plate_key: plateKey(plate),
    region_iso: region,
    wildcard: false,
    category: 'stolen_vehicle',
    purpose: 'stolen_vehicle',
    priority: 3,
    effective_from_ms: null,
    expires_at_ms: null,
    description: null,
    vehicle_make: null,
    vehicle_model: null,
    vehicle_color: null,
    vehicle_year: null,
    snapshot_id: null,
    loaded_at_ms: T0 - 60_000,
    ...over,
  };
}

export function makePattern(
  pattern: string,
  region: string | null,
  over: Partial<HotlistEntry> = {},
): HotlistEntry {
  const wild = { list_id: 'wild', wildcard: true, source_format: 'genetec-wildcard' };
  return makeEntry(pattern, region, { ...wild, ...over });
}
