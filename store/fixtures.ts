/**
 * Sample records for the store's tests, plain data only (no engine), so unit
 * tests can use them without loading chDB. Plates and places are invented.
 */
import { randomBytes } from 'node:crypto';
import type { Read, TaggedRead } from '../schemas/types.ts';

const HOUR_MS = 60 * 60 * 1000;

/** A plausible read; every field can be overridden. */
export function sampleRead(over: Partial<Read> = {}): Read {
  const now = Date.now();
  return {
    read_id: randomBytes(8).toString('hex'),
    vendor: 'openalpr',
    format: 'openalpr.alpr_group',
    vendor_event_id: 'evt-1',
    plate_raw: 'ktr 4821',
    plate_display: 'KTR 4821',
    plate_key: 'KTR4821',
    region_iso: 'US-OH',
    region_raw: 'us-oh',
    captured_at_ms: now - HOUR_MS,
    received_at_ms: now - HOUR_MS + 800,
    camera_id: 'cam-main-st',
    agency_id: 'demo-agency',
    lat: 41.4993,
    lon: -81.6944,
    confidence: 0.91,
    candidates: [
      { plate: 'KTR4821', confidence: 0.91 },
      { plate: 'KTR4B21', confidence: null },
    ],
    vehicle: {
      make: 'ford',
      model: 'focus',
      color: 'blue',
      body_type: 'sedan',
      year: '2016-2018',
      direction: 182.5,
    },
    image: { ref: 'ab/cd/abcd.jpg', sha256: 'ab'.repeat(32), size: 48213 },
    flags: ['time_local_assumed'],
    ...over,
  };
}

export function sampleTagged(read: Partial<Read> = {}, over: Partial<TaggedRead> = {}): TaggedRead {
  return {
    read: sampleRead(read),
    purpose: 'non_hit',
    retention_days: 30,
    hit_ids: [],
    hit_lists: [],
    ...over,
  };
}
