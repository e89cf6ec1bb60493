import { describe, expect, it } from 'vitest';
import { codecs } from './avro.ts';
import type { AuditEvent, Hit, Read, TaggedRead } from './types.ts';

export const sampleRead: Read = {
  read_id: 'a'.repeat(32),
  vendor: 'openalpr',
  format: 'openalpr.alpr_group',
  vendor_event_id: 'evt-1',
  plate_raw: 'KTR-4821',
  plate_display: 'KTR-4821',
  plate_key: 'KTR4821',
  region_iso: 'US-OH',
  region_raw: 'us-oh',
  captured_at_ms: 1717003196837,
  received_at_ms: 1717003197000,
  camera_id: 'cam-1',
  agency_id: 'demo-agency',
  lat: 41.5,
  lon: -81.6,
  confidence: 0.93,
  candidates: [
    { plate: 'KTR4821', confidence: 0.93 },
    { plate: 'KTR482', confidence: null },
  ],
  vehicle: {
    make: 'honda',
    model: 'civic',
    color: 'silver',
    body_type: 'sedan',
    year: '2016',
    direction: 180,
  },
  image: { ref: 'ab/cd/abcd.jpg', sha256: 'ab'.repeat(32), size: 1234 },
  flags: ['coords_swapped'],
};

describe('avro schemas', () => {
  it('read > full value > round-trips unchanged', () => {
    expect(codecs.read.decode(codecs.read.encode(sampleRead))).toEqual(sampleRead);
  });

  it('tagged read > embeds a read > round-trips unchanged', () => {
    const t: TaggedRead = {
      read: sampleRead,
      purpose: 'non_hit',
      retention_days: 30,
      hit_ids: [],
      hit_lists: [],
    };
    expect(codecs.taggedRead.decode(codecs.taggedRead.encode(t))).toEqual(t);
  });

  it('hit and audit event > round-trip unchanged', () => {
    const hit: Hit = {
      hit_id: 'h1',
      read_id: 'r1',
      list_id: 'ncic',
      entry_key: 'ncic|KTR4821|US-OH',
      match_kind: 'exact',
      category: 'stolen_vehicle',
      purpose: 'stolen_vehicle',
      priority: 3,
      read_plate: 'KTR4821',
      entry_plate: 'KTR4821',
      read_region: 'US-OH',
      entry_region: 'US-OH',
      camera_id: 'c',
      agency_id: 'a',
      captured_at_ms: 1,
      matched_at_ms: 2,
    };
    expect(codecs.hit.decode(codecs.hit.encode(hit))).toEqual(hit);
    const ev: AuditEvent = {
      event_id: 'e',
      at_ms: 1,
      action: 'query.plate',
      outcome: 'refused',
      refusal_code: 'UNAUTHENTICATED',
      user_id: null,
      purpose: null,
      case_number: null,
      notes: null,
      parameters: '{}',
      row_count: null,
      client_ip: '127.0.0.1',
    };
    expect(codecs.auditEvent.decode(codecs.auditEvent.encode(ev))).toEqual(ev);
  });

  it('read > a field of the wrong type > refused by the encoder', () => {
    expect(() =>
      codecs.read.encode({ ...sampleRead, captured_at_ms: 'yesterday' } as unknown as Read),
    ).toThrow();
  });

  it('read > truncated bytes > refused by the decoder', () => {
    const buf = codecs.read.encode(sampleRead);
    expect(() => codecs.read.decode(buf.subarray(0, buf.length - 10))).toThrow();
  });
});
