import { describe, expect, it } from 'vitest';
import { ErrorCodes, isAlprError } from '../lib/errors.ts';
import type { AuditEvent, Hit } from '../schemas/types.ts';
import {
  expiresAtMs,
  fromDateTime64,
  toAuditRow,
  toDateTime64,
  toHitRow,
  toReadRow,
} from './rows.ts';
import { sampleTagged } from './fixtures.ts';

const STORED = Date.UTC(2026, 2, 1, 12, 0, 0, 5);
const image = { ref: 'x', sha256: 'y', size: 1 };

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return isAlprError(e) ? e.code : 'not an AlprError';
  }
}

describe('toDateTime64', () => {
  it.each([
    [Date.UTC(2026, 0, 2, 3, 4, 5, 678), '2026-01-02 03:04:05.678'],
    [Date.UTC(1970, 0, 1), '1970-01-01 00:00:00.000'],
    [Date.UTC(2299, 11, 31, 23, 59, 59, 999), '2299-12-31 23:59:59.999'],
  ])('epoch ms %d > in range > formats as %s and parses back', (ms, text) => {
    expect(toDateTime64(ms, 'f')).toBe(text);
    expect(fromDateTime64(text)).toBe(ms);
  });

  it.each([NaN, Infinity, Date.UTC(1899, 11, 31), Date.UTC(2300, 0, 1)])(
    'epoch ms %d > outside DateTime64 > INVALID_TIMESTAMP',
    (ms) => {
      expect(codeOf(() => toDateTime64(ms, 'f'))).toBe(ErrorCodes.INVALID_TIMESTAMP);
    },
  );
});

describe('toReadRow', () => {
  it('tagged read > all fields set > flattens every field to its column', () => {
    const t = sampleTagged(
      {
        read_id: 'r1',
        captured_at_ms: Date.UTC(2026, 1, 28, 23, 0),
        received_at_ms: Date.UTC(2026, 1, 28, 23, 0, 1),
      },
      { purpose: 'stolen_vehicle', retention_days: 90, hit_ids: ['h1'], hit_lists: ['ncic'] },
    );
    const row = toReadRow(t, STORED);
    expect(row).toMatchObject({
      read_id: 'r1',
      plate_display: 'KTR 4821',
      plate_canon: 'KTR4821',
      plate_key: 'KTR4821',
      region_iso: 'US-OH',
      captured_at: '2026-02-28 23:00:00.000',
      received_at: '2026-02-28 23:00:01.000',
      stored_at: '2026-03-01 12:00:00.005',
      vehicle_make: 'ford',
      vehicle_direction: 182.5,
      image_ref: 'ab/cd/abcd.jpg',
      image_size: 48213,
      purpose: 'stolen_vehicle',
      retention_days: 90,
      hit_ids: ['h1'],
      hit_lists: ['ncic'],
    });
    expect(row.candidates).toEqual([
      { plate: 'KTR4821', confidence: 0.91 },
      { plate: 'KTR4B21', confidence: null },
    ]);
  });

  it('tagged read > plate with look-alikes > canon keeps letters, key folds them', () => {
    const t = sampleTagged({ plate_display: 'KTR-48ZI', plate_key: 'KTR4821' });
    const row = toReadRow(t, STORED);
    expect(row.plate_canon).toBe('KTR48ZI');
    expect(row.plate_key).toBe('KTR4821');
  });

  it('tagged read > no image, no coordinates > image and place columns are null', () => {
    const t = sampleTagged({ image: null, lat: null, lon: null, region_iso: null });
    const row = toReadRow(t, STORED);
    expect([row.image_ref, row.image_sha256, row.image_size]).toEqual([null, null, null]);
    expect([row.lat, row.lon, row.region_iso]).toEqual([null, null, null]);
  });

  it.each([1, 30, 90])('retention %d days > within ceiling > accepted', (days) => {
    expect(toReadRow(sampleTagged({}, { retention_days: days }), STORED).retention_days).toBe(days);
  });

  it.each([0, -1, 91, 365, 1.5, NaN])(
    'retention %d days > outside 1..90 > RETENTION_OVER_LIMIT',
    (days) => {
      const t = sampleTagged({}, { retention_days: days });
      expect(codeOf(() => toReadRow(t, STORED))).toBe(ErrorCodes.RETENTION_OVER_LIMIT);
    },
  );

  it.each([
    ['image over UInt32', { image: { ...image, size: 2 ** 32 } }, ErrorCodes.INVALID_FIELD],
    ['negative image size', { image: { ...image, size: -1 } }, ErrorCodes.INVALID_FIELD],
    ['capture time NaN', { captured_at_ms: NaN }, ErrorCodes.INVALID_TIMESTAMP],
  ])('tagged read > %s > %s', (_name, over, code) => {
    expect(codeOf(() => toReadRow(sampleTagged(over), STORED))).toBe(code);
  });
});

describe('expiresAtMs', () => {
  it('capture plus retention > 30 days > 30 x 86,400,000 ms later', () => {
    expect(expiresAtMs(1000, 30)).toBe(1000 + 30 * 86_400_000);
  });
});

describe('toHitRow', () => {
  it('hit > all fields > maps times to DateTime64 text and keeps the rest', () => {
    const hit: Hit = {
      hit_id: 'h1',
      read_id: 'r1',
      list_id: 'ncic',
      entry_key: 'ncic|KTR4821|US-OH',
      match_kind: 'possible_folded',
      category: 'stolen_vehicle',
      purpose: 'stolen_vehicle',
      priority: 2,
      read_plate: 'KTR482I',
      entry_plate: 'KTR4821',
      read_region: null,
      entry_region: 'US-OH',
      camera_id: 'cam-1',
      agency_id: 'demo-agency',
      captured_at_ms: Date.UTC(2026, 0, 1),
      matched_at_ms: Date.UTC(2026, 0, 1, 0, 0, 0, 250),
    };
    expect(toHitRow(hit, STORED)).toEqual({
      ...hit,
      captured_at_ms: undefined,
      matched_at_ms: undefined,
      captured_at: '2026-01-01 00:00:00.000',
      matched_at: '2026-01-01 00:00:00.250',
      stored_at: '2026-03-01 12:00:00.005',
    });
  });
});

describe('toAuditRow', () => {
  const event: AuditEvent = {
    event_id: 'e1',
    at_ms: Date.UTC(2026, 0, 1),
    action: 'query.plate',
    outcome: 'allowed',
    refusal_code: null,
    user_id: 'u1',
    purpose: 'stolen_vehicle',
    case_number: '2026-CR-001234',
    notes: null,
    parameters: '{"plate":"redacted"}',
    row_count: 3,
    client_ip: '10.0.0.1',
  };

  it('audit event > valid > every field kept, at as DateTime64 text', () => {
    const row = toAuditRow(event, STORED);
    expect(row).toMatchObject({
      event_id: 'e1',
      at: '2026-01-01 00:00:00.000',
      row_count: 3,
      outcome: 'allowed',
    });
  });

  it.each([-1, 2.5])('audit event > row_count %d > INVALID_FIELD', (n) => {
    const code = codeOf(() => toAuditRow({ ...event, row_count: n }, STORED));
    expect(code).toBe(ErrorCodes.INVALID_FIELD);
  });
});
