import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../lib/errors.ts';
import type { Read } from '../schemas/types.ts';
import { readsByCamera, readsByPlate, readsInArea, readsSql } from './queries.ts';
import { openTestEngine, sampleRead, sampleTagged, type TestEngine } from './test-support.ts';
import { insertReads, toReadRow } from './writers.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = Date.now();
const window = { fromMs: now - 2 * DAY, toMs: now + HOUR, limit: 100 };
const ago = (ms: number) => now - ms;

let t: TestEngine;

/** Reads of this file; names say what each one is for. */
const reads = {
  exact: sampleRead({ read_id: 'exact', captured_at_ms: ago(1 * HOUR) }),
  folded: sampleRead({
    read_id: 'folded',
    plate_display: 'KTR 482I',
    captured_at_ms: ago(2 * HOUR),
  }),
  noRegion: sampleRead({
    read_id: 'no-region',
    region_iso: null,
    region_raw: null,
    captured_at_ms: ago(3 * HOUR),
  }),
  otherState: sampleRead({
    read_id: 'other-state',
    region_iso: 'US-MI',
    captured_at_ms: ago(4 * HOUR),
  }),
  otherPlate: sampleRead({
    read_id: 'other-plate',
    plate_display: 'ABC 1234',
    plate_key: 'A8C1234',
    camera_id: 'cam-elm-st',
    lat: 41.9,
    lon: -87.65,
    captured_at_ms: ago(5 * HOUR),
  }),
  noCoords: sampleRead({
    read_id: 'no-coords',
    plate_display: 'XYZ 9',
    plate_key: 'XY29',
    camera_id: 'cam-elm-st',
    lat: null,
    lon: null,
    captured_at_ms: ago(6 * HOUR),
  }),
  lastWeek: sampleRead({ read_id: 'last-week', captured_at_ms: ago(7 * DAY) }),
} satisfies Record<string, Read>;

const ids = (rows: { read_id: string }[]) => rows.map((r) => r.read_id);

beforeAll(async () => {
  t = await openTestEngine('queries');
  const rows = Object.values(reads).map((r) => toReadRow(sampleTagged(r), now));
  await insertReads(t.engine, rows);
});
afterAll(() => t.drop());

describe('readsByPlate', () => {
  it('plate with region > stored reads > exact and possible; other state left out', async () => {
    const rows = await readsByPlate(t.engine, { ...window, plate: 'ktr-4821', region: 'us-oh' });
    expect(rows.map((r) => [r.read_id, r.match])).toEqual([
      ['exact', 'exact'],
      ['folded', 'possible_folded'],
      ['no-region', 'possible_region'],
    ]);
  });

  it('plate without region > stored reads > every state, exact by canonical plate', async () => {
    const rows = await readsByPlate(t.engine, { ...window, plate: 'KTR4821' });
    expect(rows.map((r) => [r.read_id, r.match])).toEqual([
      ['exact', 'exact'],
      ['folded', 'possible_folded'],
      ['no-region', 'exact'],
      ['other-state', 'exact'],
    ]);
  });

  it('plate > stored read > every Read field as written, plus retention fields', async () => {
    const q = { ...window, plate: 'KTR4821', region: 'US-OH', limit: 1 };
    const [row] = await readsByPlate(t.engine, q);
    const { match, purpose, retention_days, hit_ids, hit_lists, stored_at_ms, ...rest } = row!;
    const { expires_at_ms, ...read } = rest;
    expect(read).toEqual(reads.exact);
    expect({ match, purpose, retention_days, hit_ids, hit_lists, stored_at_ms }).toEqual({
      match: 'exact',
      purpose: 'non_hit',
      retention_days: 30,
      hit_ids: [],
      hit_lists: [],
      stored_at_ms: now,
    });
    expect(expires_at_ms).toBe(reads.exact.captured_at_ms + 30 * DAY);
  });

  it('plate > limit 2 > the two newest reads', async () => {
    const rows = await readsByPlate(t.engine, { ...window, plate: 'KTR4821', limit: 2 });
    expect(ids(rows)).toEqual(['exact', 'folded']);
  });
});

describe('readsByCamera', () => {
  const cameraId = 'cam-elm-st';

  it('camera > window of the last two days > its reads in the window, newest first', async () => {
    const rows = await readsByCamera(t.engine, { ...window, cameraId });
    expect(ids(rows)).toEqual(['other-plate', 'no-coords']);
  });

  it('camera > window edges > from is included, to is excluded', async () => {
    const at = reads.otherPlate.captured_at_ms;
    const from = await readsByCamera(t.engine, { cameraId, fromMs: at, toMs: at + 1, limit: 10 });
    const to = await readsByCamera(t.engine, { cameraId, fromMs: at - 1, toMs: at, limit: 10 });
    expect([ids(from), ids(to)]).toEqual([['other-plate'], []]);
  });

  it('camera > window around last week > only the old read', async () => {
    const rows = await readsByCamera(t.engine, {
      cameraId: 'cam-main-st',
      fromMs: ago(8 * DAY),
      toMs: ago(6 * DAY),
      limit: 10,
    });
    expect(ids(rows)).toEqual(['last-week']);
  });
});

describe('camera projection', () => {
  // Regression: with expires_at stored (MATERIALIZED), the projection's
  // SELECT * lacked it and every camera query read the whole table.
  it('camera query > 100,000 reads from 100 cameras > read from reads_by_camera', async () => {
    const big = await openTestEngine('projection');
    try {
      const db = big.engine.database;
      await big.engine.exec(
        `INSERT INTO ${db}.reads (read_id, vendor, format, plate_raw, plate_display, plate_canon,
           plate_key, captured_at, received_at, stored_at, camera_id, agency_id, candidates, flags,
           purpose, retention_days, hit_ids, hit_lists)
         SELECT toString(number), 'v', 'f', 'p', 'p', 'p', toString(number % 1000),
           now64(3) - toIntervalSecond(number % 3600), now64(3), now64(3),
           concat('cam-', toString(number % 100)), 'a', [], [], 'non_hit', 30, [], []
         FROM numbers(100000)`,
      );
      const sql = readsSql(db, 'camera_id = {cameraId:String}');
      const params = { cameraId: 'cam-7', fromMs: ago(2 * HOUR), toMs: now + HOUR, limit: 100 };
      const plan = await big.engine.query<{ explain: string }>(`EXPLAIN ${sql}`, params);
      const scans = plan
        .map((p) => p.explain.trim())
        .filter((l) => l.includes('ReadFromMergeTree'));
      expect(scans).toEqual(['└──ReadFromMergeTree (reads_by_camera)']);
      const rows = await readsByCamera(big.engine, { ...params, cameraId: 'cam-7' });
      expect(rows).toHaveLength(100);
    } finally {
      await big.drop();
    }
  });
});

describe('readsInArea', () => {
  it('box around Cleveland > stored reads > reads inside, none without coordinates', async () => {
    const box = { minLat: 41.4, maxLat: 41.6, minLon: -81.8, maxLon: -81.6 };
    const rows = await readsInArea(t.engine, { ...window, ...box });
    expect(ids(rows)).toEqual(['exact', 'folded', 'no-region', 'other-state']);
  });

  it('box around Chicago > stored reads > only the read placed there', async () => {
    const box = { minLat: 41.8, maxLat: 42, minLon: -87.7, maxLon: -87.6 };
    const rows = await readsInArea(t.engine, { ...window, ...box });
    expect(ids(rows)).toEqual(['other-plate']);
  });
});

describe('replays', () => {
  it('batch > inserted twice > one row per read, the later copy', async () => {
    const replay = await openTestEngine('replay');
    try {
      const batch = [
        sampleRead({ read_id: 'a', captured_at_ms: ago(HOUR) }),
        sampleRead({ read_id: 'b', captured_at_ms: ago(2 * HOUR) }),
      ];
      await insertReads(
        replay.engine,
        batch.map((r) => toReadRow(sampleTagged(r), now)),
      );
      await insertReads(
        replay.engine,
        batch.map((r) => toReadRow(sampleTagged(r), now + 1000)),
      );
      const [raw] = await replay.engine.query<{ n: number }>(
        `SELECT count() AS n FROM ${replay.engine.database}.reads`,
      );
      expect(Number(raw?.n)).toBe(4);
      const rows = await readsByCamera(replay.engine, { ...window, cameraId: 'cam-main-st' });
      expect(rows.map((r) => [r.read_id, r.stored_at_ms])).toEqual([
        ['a', now + 1000],
        ['b', now + 1000],
      ]);
    } finally {
      await replay.drop();
    }
  });

  it('read > replayed with another retention (other partition) > one row, the latest', async () => {
    const replay = await openTestEngine('retag');
    try {
      const read = sampleRead({ read_id: 'r', captured_at_ms: ago(HOUR) });
      const nonHit = sampleTagged(read, { retention_days: 30 });
      const hit = sampleTagged(read, {
        purpose: 'stolen_vehicle',
        retention_days: 90,
        hit_ids: ['h1'],
        hit_lists: ['ncic'],
      });
      await insertReads(replay.engine, [toReadRow(nonHit, now)]);
      await insertReads(replay.engine, [toReadRow(hit, now + 1)]);
      const rows = await readsByPlate(replay.engine, { ...window, plate: 'KTR4821' });
      expect(rows.map((r) => [r.read_id, r.purpose, r.retention_days, r.hit_lists])).toEqual([
        ['r', 'stolen_vehicle', 90, ['ncic']],
      ]);
    } finally {
      await replay.drop();
    }
  });
});

describe('invalid parameters on the real engine', () => {
  const box = { minLat: 42, maxLat: 41, minLon: 0, maxLon: 1 };
  const cameraId = 'c';
  it.each([
    [
      'plate window of 91 days',
      () => readsByPlate(t.engine, { plate: 'A1', fromMs: 0, toMs: 91 * DAY, limit: 1 }),
      'toMs',
    ],
    ['camera limit 0', () => readsByCamera(t.engine, { ...window, cameraId, limit: 0 }), 'limit'],
    ['area upside down', () => readsInArea(t.engine, { ...window, ...box }), 'maxLat'],
  ])('%s > rejected > QUERY_INVALID naming %s', async (_name, run, field) => {
    const expected = { code: ErrorCodes.QUERY_INVALID, context: { field } };
    await expect(run()).rejects.toMatchObject(expected);
  });
});
