import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { codecs } from '../../schemas/avro.ts';
import type { Read } from '../../schemas/types.ts';
import { FIXTURES, fixture, fixtureText, harness, type Fixture } from './test-support.ts';

interface Expected {
  fixture: Fixture;
  headers?: Record<string, string>;
  read: Partial<Read>;
  candidates?: number;
  flags: string[];
}

const cases: Expected[] = [
  {
    fixture: 'openalpr-alpr_results.json',
    read: {
      vendor: 'openalpr',
      format: 'openalpr.alpr_results',
      vendor_event_id: 'demo-site-cam101-1717003200123',
      plate_raw: 'KTR4821',
      plate_display: 'KTR4821',
      plate_key: 'KTR4821',
      region_iso: 'US-OH',
      region_raw: 'oh',
      captured_at_ms: 1717003200123,
      camera_id: '101',
      agency_id: 'demo-agency',
      lat: 39.9623,
      lon: -83.0007,
      confidence: 0.9152,
      image: null,
    },
    candidates: 3,
    flags: ['coords_missing'],
  },
  {
    fixture: 'openalpr-alpr_group.json',
    read: {
      format: 'openalpr.alpr_group',
      vendor_event_id: 'AGENTUID0000000000000000000000000000000-2000000101-1717003200123',
      plate_raw: 'KTR4821',
      plate_key: 'KTR4821',
      region_iso: 'US-OH',
      region_raw: 'us-oh',
      captured_at_ms: 1717003200123,
      camera_id: '2000000101',
      lat: 39.9612,
      lon: -82.9988,
      confidence: 0.9025,
      vehicle: {
        make: 'honda',
        model: 'honda_civic',
        color: 'silver',
        body_type: 'sedan-standard',
        year: '2015-2019',
        direction: 285.94,
      },
    },
    candidates: 2,
    flags: [],
  },
  {
    fixture: 'platerecognizer-snapshot-cloud.json',
    read: {
      vendor: 'platerecognizer',
      format: 'platerecognizer.snapshot',
      vendor_event_id: '1547_AbCdE_cam3.jpg',
      plate_raw: 'ktr4821',
      plate_display: 'KTR4821',
      plate_key: 'KTR4821',
      region_iso: 'US-OH',
      captured_at_ms: Date.UTC(2024, 4, 29, 15, 47, 57, 397),
      camera_id: 'unknown',
      agency_id: 'pipeline-agency',
      lat: null,
      lon: null,
      confidence: 0.902,
    },
    candidates: 2,
    flags: ['camera_id_missing', 'coords_missing'],
  },
  {
    fixture: 'platerecognizer-snapshot-cloud.json',
    headers: { 'alpr-camera-id': 'cam3' },
    read: { camera_id: 'cam3', agency_id: 'demo-agency', lat: 40.1164, lon: -88.2434 },
    flags: ['coords_missing'],
  },
  {
    // No camera anywhere: the wall clock is read in the default zone (CDT, -5).
    fixture: 'platerecognizer-snapshot-webhook-onprem.json',
    read: {
      format: 'platerecognizer.snapshot_webhook',
      vendor_event_id: 'gate-east_2025-09-09.jpg',
      plate_raw: '7vxm318',
      plate_display: '7VXM318',
      region_iso: 'US-CA',
      captured_at_ms: Date.UTC(2025, 8, 10, 4, 22, 38, 30),
      camera_id: 'unknown',
      confidence: 0.88,
    },
    candidates: 1,
    flags: ['camera_id_missing', 'time_local_assumed', 'coords_missing'],
  },
  {
    // The header names an Ohio camera: the same wall clock read in EDT (-4).
    fixture: 'platerecognizer-snapshot-webhook-onprem.json',
    headers: { 'alpr-camera-id': 'oh-i71-mm110-nb', 'alpr-agency-id': 'header-agency' },
    read: {
      captured_at_ms: Date.UTC(2025, 8, 10, 3, 22, 38, 30),
      camera_id: 'oh-i71-mm110-nb',
      agency_id: 'header-agency',
      lat: 39.9006,
    },
    flags: ['time_local_assumed', 'coords_missing'],
  },
  {
    fixture: 'platerecognizer-stream-webhook.json',
    read: {
      format: 'platerecognizer.stream',
      plate_raw: 'bne0452',
      plate_display: 'BNE0452',
      plate_key: '8NE0452',
      region_iso: null,
      region_raw: 'gb',
      captured_at_ms: Date.UTC(2024, 4, 29, 5, 56, 13, 606),
      camera_id: 'camera-1',
      confidence: 0.839,
      candidates: [
        { plate: 'bne0452', confidence: null },
        { plate: 'bneo452', confidence: null },
        { plate: 'bne045', confidence: null },
      ],
    },
    flags: ['region_country_only', 'coords_missing'],
  },
  {
    fixture: 'frigate-events-update.json',
    read: {
      vendor: 'frigate',
      format: 'frigate.events',
      vendor_event_id: '1717003190.475377-ab12cd',
      plate_raw: 'KTR4821',
      region_iso: null,
      region_raw: null,
      captured_at_ms: 1717003190475,
      camera_id: 'driveway',
      confidence: 0.933451,
    },
    candidates: 0,
    flags: ['region_unknown', 'coords_missing'],
  },
  {
    fixture: 'frigate-tracked-object-update-lpr.json',
    read: {
      format: 'frigate.tracked_object_update',
      plate_raw: 'KTR4821',
      captured_at_ms: 1717003198748,
      camera_id: 'driveway',
      confidence: 0.95,
    },
    flags: ['known_plate', 'region_unknown', 'coords_missing'],
  },
];

describe('normalize > vendor samples', () => {
  it.each(cases)('$fixture $headers > normalizes to the expected read', (c) => {
    const h = harness();
    const reads = h.run(fixtureText(c.fixture), c.headers);
    expect(reads).toHaveLength(1);
    const read = reads[0]!;
    expect(read).toMatchObject(c.read);
    expect(read.flags).toEqual(c.flags);
    if (c.candidates !== undefined) expect(read.candidates).toHaveLength(c.candidates);
    expect(read.read_id).toMatch(/^[0-9a-f]{32}$/);
    expect(Number.isInteger(read.captured_at_ms)).toBe(true);
    for (const cand of read.candidates) {
      if (cand.confidence !== null) expect(cand.confidence).toBeGreaterThanOrEqual(0);
      if (cand.confidence !== null) expect(cand.confidence).toBeLessThanOrEqual(1);
    }
  });

  it.each([...FIXTURES])('%s > read round-trips through the Avro Read schema', (name) => {
    const h = harness();
    const reads = h.run(fixtureText(name));
    for (const read of reads) expect(codecs.read.decode(codecs.read.encode(read))).toEqual(read);
  });

  it('alpr_group > inline vehicle crop > stored by SHA-256 and referenced on the read', () => {
    const h = harness();
    const doc = fixture('openalpr-alpr_group.json');
    const [read] = h.run(doc);
    const bytes = Buffer.from(doc.vehicle_crop_jpeg as string, 'base64');
    const sha = createHash('sha256').update(bytes).digest('hex');
    const ref = `${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}.jpg`;
    expect(read?.image).toEqual({ ref, sha256: sha, size: bytes.length });
    const file = h.images.path(read!.image!);
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(JSON.stringify(read)).not.toContain('/9j/');
  });
});
