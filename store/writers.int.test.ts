import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metrics } from '../lib/metrics.ts';
import type { AuditEvent, Hit } from '../schemas/types.ts';
import { openTestEngine, sampleTagged, type TestEngine } from './test-support.ts';
import { insertAuditEvents, insertHits, insertReads, toReadRow } from './writers.ts';

let t: TestEngine;

beforeAll(async () => {
  t = await openTestEngine('writers');
});
afterAll(() => t.drop());

const now = Date.now();

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
  camera_id: 'cam-main-st',
  agency_id: 'demo-agency',
  captured_at_ms: now - 60_000,
  matched_at_ms: now - 59_750,
};

const event: AuditEvent = {
  event_id: 'e1',
  at_ms: now,
  action: 'query.plate',
  outcome: 'refused',
  refusal_code: 'CASE_NUMBER_INVALID',
  user_id: 'analyst-7',
  purpose: 'stolen_vehicle',
  case_number: null,
  notes: 'no case yet',
  parameters: '{"fromMs":1,"toMs":2}',
  row_count: null,
  client_ip: '10.1.2.3',
};

describe('insertHits', () => {
  it('hit > inserted twice (replay) > one row with FINAL, fields as written', async () => {
    await insertHits(t.engine, [hit], { nowMs: now });
    await insertHits(t.engine, [hit], { nowMs: now + 5 });
    const rows = await t.engine.query<Record<string, unknown>>(
      `SELECT hit_id, match_kind, read_region, entry_region, priority,
              toUnixTimestamp64Milli(captured_at) AS captured_at_ms,
              toUnixTimestamp64Milli(stored_at) AS stored_at_ms
       FROM ${t.engine.database}.hits FINAL`,
    );
    const numeric = rows.map((r) => ({
      ...r,
      captured_at_ms: Number(r.captured_at_ms),
      stored_at_ms: Number(r.stored_at_ms),
    }));
    expect(numeric).toEqual([
      {
        hit_id: 'h1',
        match_kind: 'possible_folded',
        read_region: null,
        entry_region: 'US-OH',
        priority: 2,
        captured_at_ms: hit.captured_at_ms,
        stored_at_ms: now + 5,
      },
    ]);
  });
});

describe('insertAuditEvents', () => {
  it('audit event > refused query > stored with every field', async () => {
    await insertAuditEvents(t.engine, [event], { nowMs: now });
    const rows = await t.engine.query<Record<string, unknown>>(
      `SELECT event_id, toUnixTimestamp64Milli(at) AS at_ms, action, outcome, refusal_code, user_id,
              purpose, case_number, notes, parameters, row_count, client_ip
       FROM ${t.engine.database}.audit_events`,
    );
    expect(rows.map((r) => ({ ...r, at_ms: Number(r.at_ms) }))).toEqual([event]);
  });
});

describe('insertReads', () => {
  it('reads > inserted > sink metrics count the insert and each read', async () => {
    const before = await metrics.captureToStored.get();
    const count = (m: typeof before) =>
      m.values.find((v) => v.metricName?.endsWith('_count'))?.value ?? 0;
    const rows = [sampleTagged({ read_id: 'm1' }), sampleTagged({ read_id: 'm2' })].map((r) =>
      toReadRow(r, now),
    );
    await insertReads(t.engine, rows);
    expect(count(await metrics.captureToStored.get()) - count(before)).toBe(2);
    const [n] = await t.engine.query<{ n: number }>(
      `SELECT count() AS n FROM ${t.engine.database}.reads`,
    );
    expect(Number(n?.n)).toBe(2);
  });
});
