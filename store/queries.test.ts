import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../lib/errors.ts';
import type { ClickHouseEngine } from './engine.ts';
import { classifyMatch, fromReadRow, readsByPlate, readsSql, type PlateMatch } from './queries.ts';

describe('classifyMatch', () => {
  it.each<[string, string | null, string, string | null, PlateMatch]>([
    ['same plate, no region asked', null, 'KTR4821', 'US-OH', 'exact'],
    ['same plate, read has no region, none asked', null, 'KTR4821', null, 'exact'],
    ['same plate and region', 'US-OH', 'KTR4821', 'US-OH', 'exact'],
    ['same plate, read region unknown', 'US-OH', 'KTR4821', null, 'possible_region'],
    ['O read as 0', null, 'KTR482O', 'US-OH', 'possible_folded'],
    ['folded and region unknown', 'US-OH', 'KTR482I', null, 'possible_folded'],
  ])('plate KTR4821 > %s > %s', (_name, region, readCanon, readRegion, expected) => {
    const read = { plate_canon: readCanon, region_iso: readRegion };
    expect(classifyMatch({ canon: 'KTR4821', region }, read)).toBe(expected);
  });
});

describe('fromReadRow', () => {
  const row = {
    read_id: 'r1',
    vendor: 'frigate',
    format: 'frigate.events',
    vendor_event_id: null,
    plate_raw: 'a1',
    plate_display: 'A1',
    plate_canon: 'A1',
    plate_key: 'A1',
    region_iso: null,
    region_raw: null,
    captured_at_ms: '1767225600123',
    received_at_ms: 1767225600200,
    stored_at_ms: '1767225601000',
    expires_at_ms: '1769817600123',
    camera_id: 'cam',
    agency_id: 'ag',
    lat: null,
    lon: null,
    confidence: null,
    candidates: [['A1', 0.5], { plate: 'AI', confidence: null }],
    vehicle_make: null,
    vehicle_model: null,
    vehicle_color: null,
    vehicle_body_type: null,
    vehicle_year: null,
    vehicle_direction: null,
    image_ref: null,
    image_sha256: null,
    image_size: null,
    flags: ['coords_missing'],
    purpose: 'non_hit',
    retention_days: 30,
    hit_ids: [],
    hit_lists: [],
  };

  it('result row > 64-bit strings, tuples as arrays or objects > numbers, Read shape', () => {
    const r = fromReadRow(row);
    expect(r).toMatchObject({
      captured_at_ms: 1767225600123,
      stored_at_ms: 1767225601000,
      expires_at_ms: 1769817600123,
      image: null,
      vehicle: { make: null, direction: null },
      candidates: [
        { plate: 'A1', confidence: 0.5 },
        { plate: 'AI', confidence: null },
      ],
    });
    expect(r).not.toHaveProperty('plate_canon');
  });

  it('result row > image columns set > image object', () => {
    const r = fromReadRow({ ...row, image_ref: 'a/b.jpg', image_sha256: 'ff', image_size: 10 });
    expect(r.image).toEqual({ ref: 'a/b.jpg', sha256: 'ff', size: 10 });
  });
});

describe('readsSql', () => {
  const sql = readsSql('alpr', 'camera_id = {cameraId:String}');

  it('statement > deduplication > latest stored_at per read_id before the expiry filter', () => {
    const dedup = sql.indexOf('LIMIT 1 BY read_id');
    const expiry = sql.indexOf('expires_at > now64(3)');
    expect(sql).toContain('ORDER BY stored_at DESC');
    expect(dedup).toBeGreaterThan(0);
    expect(expiry).toBeGreaterThan(dedup);
  });

  it('statement > time window and limit > bound parameters, not literals', () => {
    expect(sql).toContain('{fromMs:Int64}');
    expect(sql).toContain('{toMs:Int64}');
    expect(sql).toContain('LIMIT {limit:UInt32}');
  });
});

describe('readsByPlate', () => {
  it('invalid parameters > rejected > QUERY_INVALID before the engine is called', async () => {
    let called = false;
    const engine = {
      database: 'alpr',
      query: async () => {
        called = true;
        return [];
      },
    } as unknown as ClickHouseEngine;
    const err = await readsByPlate(engine, { plate: 'A1', fromMs: 2, toMs: 1, limit: 1 }).catch(
      (e) => e,
    );
    expect(err).toMatchObject({ code: ErrorCodes.QUERY_INVALID, context: { field: 'toMs' } });
    expect(called).toBe(false);
  });
});
