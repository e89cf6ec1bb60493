import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../lib/errors.ts';
import type { Hit } from '../schemas/types.ts';
import type { ClickHouseEngine } from './engine.ts';
import { readsByCamera } from './queries.ts';
import { applyRetention } from './retention.ts';
import { toReadRow } from './rows.ts';
import { openTestEngine, sampleRead, sampleTagged, type TestEngine } from './test-support.ts';
import { insertHits, insertReads } from './writers.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let t: TestEngine;

beforeEach(async () => {
  t = await openTestEngine('retention');
  // Background TTL merges could drop an expired part at any moment; stopping
  // them shows what queries do before TTL has run, and that applyRetention
  // does the work by itself.
  await t.engine.exec(`SYSTEM STOP TTL MERGES ${t.engine.database}.reads`);
  await t.engine.exec(`SYSTEM STOP TTL MERGES ${t.engine.database}.hits`);
});
afterEach(() => t.drop());

async function rowsOnDisk(engine: ClickHouseEngine, table: string): Promise<string[]> {
  const id = table === 'hits' ? 'hit_id' : 'read_id';
  const rows = await engine.query<{ id: string }>(
    `SELECT ${id} AS id FROM ${engine.database}.${table} ORDER BY id`,
  );
  return rows.map((r) => r.id);
}

/** Capture time that makes a 1-day read expire `ms` from now. */
const expiringIn = (ms: number) => Date.now() - DAY + ms;

const everything = (cameraId = 'cam-main-st') => ({
  cameraId,
  fromMs: Date.now() - 2 * DAY,
  toMs: Date.now() + HOUR,
  limit: 100,
});

describe('retention of reads', () => {
  it('read > past retention > hidden before TTL runs, gone after applyRetention', async () => {
    const read = sampleRead({ read_id: 'short', captured_at_ms: expiringIn(1500) });
    await insertReads(t.engine, [toReadRow(sampleTagged(read, { retention_days: 1 }), Date.now())]);
    expect((await readsByCamera(t.engine, everything())).map((r) => r.read_id)).toEqual(['short']);

    await sleep(2000);
    expect(await readsByCamera(t.engine, everything())).toEqual([]);
    expect(await rowsOnDisk(t.engine, 'reads')).toEqual(['short']);

    const report = await applyRetention(t.engine);
    expect(report).toMatchObject({ readsRemoved: 1, readsExpiredRemaining: 0 });
    expect(await rowsOnDisk(t.engine, 'reads')).toEqual([]);
  });

  it('read > expired in a part with a live read > hidden; removed only with exact', async () => {
    // Both expire the same UTC day, so they share a partition and a part;
    // close to midnight, wait for the next day to have room.
    const untilMidnight = () => DAY - (Date.now() % DAY);
    if (untilMidnight() < 30_000) await sleep(untilMidnight() + 100);
    const liveExpiry = Date.now() + Math.min(HOUR, untilMidnight() - 10_000);
    const rows = [
      sampleRead({ read_id: 'expired', captured_at_ms: expiringIn(1000) }),
      sampleRead({ read_id: 'live', captured_at_ms: liveExpiry - DAY }),
    ].map((r) => toReadRow(sampleTagged(r, { retention_days: 1 }), Date.now()));
    await insertReads(t.engine, rows);
    await sleep(1500);

    expect((await readsByCamera(t.engine, everything())).map((r) => r.read_id)).toEqual(['live']);
    expect(await applyRetention(t.engine)).toMatchObject({
      readsRemoved: 0,
      readsExpiredRemaining: 1,
    });
    expect(await rowsOnDisk(t.engine, 'reads')).toEqual(['expired', 'live']);

    expect(await applyRetention(t.engine, { exact: true })).toMatchObject({
      readsRemoved: 1,
      readsExpiredRemaining: 0,
    });
    expect(await rowsOnDisk(t.engine, 'reads')).toEqual(['live']);
  });

  it('read > already past retention when written > not stored at all', async () => {
    const read = sampleRead({ read_id: 'stale', captured_at_ms: Date.now() - 31 * DAY });
    const tagged = sampleTagged(read, { retention_days: 30 });
    await insertReads(t.engine, [toReadRow(tagged, Date.now())]);
    expect(await rowsOnDisk(t.engine, 'reads')).toEqual([]);
  });

  it('read > 91 days through the writer > RETENTION_OVER_LIMIT, nothing stored', async () => {
    const row = { ...toReadRow(sampleTagged({ read_id: 'long' }), Date.now()), retention_days: 91 };
    await expect(insertReads(t.engine, [row])).rejects.toMatchObject({
      code: ErrorCodes.RETENTION_OVER_LIMIT,
    });
    expect(await rowsOnDisk(t.engine, 'reads')).toEqual([]);
  });

  it('read > retention 91 days inserted around the writer > the table refuses it', async () => {
    const row = { ...toReadRow(sampleTagged({ read_id: 'long' }), Date.now()), retention_days: 91 };
    await expect(t.engine.insertJsonEachRow('reads', [row])).rejects.toMatchObject({
      code: ErrorCodes.RETENTION_OVER_LIMIT,
      context: { constraint: 'retention_within_ceiling', table: 'reads' },
    });
    expect(await rowsOnDisk(t.engine, 'reads')).toEqual([]);
  });
});

describe('retention of hits', () => {
  function hit(id: string, ageDays: number): Hit {
    const captured = Date.now() - ageDays * DAY;
    return {
      hit_id: id,
      read_id: `read-${id}`,
      list_id: 'ncic',
      entry_key: 'ncic|KTR4821|US-OH',
      match_kind: 'exact',
      category: 'stolen_vehicle',
      purpose: 'stolen_vehicle',
      priority: 1,
      read_plate: 'KTR4821',
      entry_plate: 'KTR4821',
      read_region: 'US-OH',
      entry_region: 'US-OH',
      camera_id: 'cam-main-st',
      agency_id: 'demo-agency',
      captured_at_ms: captured,
      matched_at_ms: captured + 200,
    };
  }

  it('hits > 89 and 91 days old > the 89-day hit kept, the 91-day hit gone', async () => {
    await insertHits(t.engine, [hit('h89', 89), hit('h91', 91)]);
    await applyRetention(t.engine);
    expect(await rowsOnDisk(t.engine, 'hits')).toEqual(['h89']);
  });
});
