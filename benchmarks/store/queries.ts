/**
 * Query speed of the gateway's three read queries (store/queries.ts) on a
 * generated reads table, through the real DDL (store/migrate.ts) on chDB.
 *
 * Rows are made by ClickHouse itself (INSERT ... SELECT FROM numbers()),
 * never through JSON: --rows of reads over the last 90 days from 300
 * cameras at fixed places in Illinois, a plate population of rows/200 (a
 * plate is seen ~200 times in 90 days), every read kept 90 days (the worst
 * case for storage). Per table size:
 *   plate history   readsByPlate, one plate, 90 days
 *   camera window   readsByCamera, one camera, one hour
 *   area window     readsInArea, ~0.1° x 0.1° box around a camera, one hour
 * cold: a new plate/camera/box each time with ClickHouse's mark and
 * uncompressed caches dropped first (the OS page cache stays warm: no root
 * here to drop it); warm: the same query repeated. p50/p99 in ms, rows
 * returned, and bytes on disk per row from system.parts.
 * Data lives in .cache/bench/ and is deleted after unless --keep.
 *
 *   npx tsx benchmarks/store/queries.ts [--quick] [--rows=10000000,100000000] [--repeat=N] [--keep]
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { silentLogger } from '../../lib/log.ts';
import type { ClickHouseEngine } from '../../store/engine.ts';
import { migrate } from '../../store/migrate.ts';
import { readsByCamera, readsByPlate, readsInArea } from '../../store/queries.ts';
import {
  isMain,
  listFlag,
  numberFlag,
  parseFlags,
  printTable,
  record,
  REPO_DIR,
  round,
  runId,
  summary,
  type Flags,
  type RecordOptions,
  type ResultRecord,
} from '../support/harness.ts';

export interface QueriesParams {
  rows: number[];
  repeat: number;
  /** Rows per INSERT ... SELECT. */
  chunk: number;
  keep: boolean;
}

export function queriesParams(flags: Flags): QueriesParams {
  return {
    rows: listFlag(flags, 'rows', flags.quick ? ['200000'] : ['10000000']).map(Number),
    repeat: numberFlag(flags, 'repeat', flags.quick ? 5 : 30),
    chunk: numberFlag(flags, 'chunk', 10_000_000),
    keep: flags.keep,
  };
}

const DAY_MS = 86_400_000;
const CAMERAS = 300;

// Camera i sits at a fixed place in a ~5° x 4° box over Illinois.
const camLat = (i: string) => `(37.0 + ((${i} * 7919) % 5000) / 1000.0)`;
const camLon = (i: string) => `(-91.0 + ((${i} * 104729) % 4000) / 1000.0)`;
// K and digits: nothing to fold, so plate_key = plate_canon = plate_display.
const plateOf = (n: string) => `concat('K', leftPad(toString(${n}), 7, '0'))`;

/** One INSERT ... SELECT of rows [offset, offset + count) of a table of `total`. */
function insertSql(
  db: string,
  offset: number,
  count: number,
  total: number,
  nowMs: number,
  plates: number,
) {
  const n = `(number + ${offset})`;
  const cam = `(${n} % ${CAMERAS})`;
  const plate = plateOf(`(intHash32(${n}) % ${plates})`);
  const at = `fromUnixTimestamp64Milli(toInt64(${nowMs} - intDiv(${n} * ${90 * DAY_MS - 60_000}, ${total})), 'UTC')`;
  return `INSERT INTO ${db}.reads (read_id, vendor, format, vendor_event_id, plate_raw, plate_display,
  plate_canon, plate_key, region_iso, region_raw, captured_at, received_at, stored_at, camera_id,
  agency_id, lat, lon, confidence, candidates, vehicle_make, vehicle_model, vehicle_color,
  vehicle_body_type, vehicle_year, vehicle_direction, image_ref, image_sha256, image_size, flags,
  purpose, retention_days, hit_ids, hit_lists)
SELECT hex(cityHash64(${n})), 'openalpr', 'openalpr.alpr_group', NULL, p, p, p, p, 'US-IL', 'us-il',
  t, t + toIntervalMillisecond(400), t + toIntervalMillisecond(900), toString(3000000000 + ${cam}),
  'bench-agency', ${camLat(cam)} + (${n} % 7) / 1e5, ${camLon(cam)} + (${n} % 11) / 1e5,
  0.8 + (${n} % 19) / 100, [(p, 0.8 + (${n} % 19) / 100)], ['ford', 'toyota', 'honda', 'chevrolet'][1 + ${n} % 4],
  NULL, ['silver', 'black', 'white', 'red', 'blue'][1 + ${n} % 5], 'sedan', NULL, (${n} % 360) * 1.0,
  NULL, NULL, NULL, [], 'non_hit', 90, [], []
FROM (SELECT number, ${plate} AS p, ${at} AS t FROM numbers(${count}))`;
}

async function timeQuery(fn: () => Promise<unknown[]>): Promise<{ ms: number; rows: number }> {
  const t0 = performance.now();
  const rows = await fn();
  return { ms: performance.now() - t0, rows: rows.length };
}

async function dropCaches(engine: ClickHouseEngine): Promise<void> {
  for (const c of ['MARK CACHE', 'UNCOMPRESSED CACHE', 'QUERY CACHE']) {
    await engine.exec(`SYSTEM DROP ${c}`).catch(() => undefined);
  }
}

async function measureTable(
  total: number,
  p: QueriesParams,
  dir: string,
): Promise<Record<string, unknown>[]> {
  const { createChdbEngine } = await import('../../store/chdb.ts');
  const db = `bench_q_${runId()}`;
  const engine = createChdbEngine({ path: dir, database: db, logger: silentLogger });
  const out: Record<string, unknown>[] = [];
  try {
    await migrate(engine);
    const nowMs = Date.now();
    const plates = Math.max(1000, Math.floor(total / 200));
    const g0 = performance.now();
    for (let off = 0; off < total; off += p.chunk) {
      await engine.exec(insertSql(db, off, Math.min(p.chunk, total - off), total, nowMs, plates));
    }
    const genSec = (performance.now() - g0) / 1000;
    const [parts] = await engine.query<{ bytes: string; rows: string; parts: string }>(
      `SELECT sum(bytes_on_disk) AS bytes, sum(rows) AS rows, count() AS parts
       FROM system.parts WHERE database = '${db}' AND table = 'reads' AND active`,
    );
    const bytes = Number(parts?.bytes ?? 0);
    const base = { rows: total, genSec: round(genSec, 1), parts: Number(parts?.parts ?? 0) };
    const storage = { bytesPerRow: round(bytes / total, 1), diskGiB: round(bytes / 2 ** 30, 2) };

    // k-th window: one hour ending k % 80 days ago
    const hour = (k: number) => {
      const toMs = nowMs - (k % 80) * DAY_MS;
      return { fromMs: toMs - 3600_000, toMs, limit: 10_000 };
    };
    const plate = (k: number) => `K${String((k * 7919) % plates).padStart(7, '0')}`;
    const history = {
      region: 'US-IL',
      fromMs: nowMs - 90 * DAY_MS + 60_000,
      toMs: nowMs,
      limit: 10_000,
    };
    const box = (k: number) => {
      const i = (k * 53) % CAMERAS;
      const lat = 37 + ((i * 7919) % 5000) / 1000;
      const lon = -91 + ((i * 104729) % 4000) / 1000;
      return { minLat: lat - 0.05, maxLat: lat + 0.05, minLon: lon - 0.05, maxLon: lon + 0.05 };
    };
    const camera = (k: number) => String(3_000_000_000 + ((k * 37) % CAMERAS));
    const kinds: [string, (k: number) => () => Promise<unknown[]>][] = [
      ['plate history 90 d', (k) => () => readsByPlate(engine, { plate: plate(k), ...history })],
      [
        'camera window 1 h',
        (k) => () => readsByCamera(engine, { cameraId: camera(k), ...hour(k) }),
      ],
      ['area window 1 h', (k) => () => readsInArea(engine, { ...box(k), ...hour(k) })],
    ];
    for (const [name, make] of kinds) {
      const cold: number[] = [];
      const warm: number[] = [];
      let rows = 0;
      for (let k = 1; k <= p.repeat; k++) {
        await dropCaches(engine);
        const r = await timeQuery(make(k));
        cold.push(r.ms);
        rows += r.rows;
      }
      const same = make(0);
      await same();
      for (let k = 0; k < p.repeat; k++) warm.push((await timeQuery(same)).ms);
      const c = summary(cold);
      const w = summary(warm);
      out.push({
        ...base,
        query: name,
        coldP50: c.p50,
        coldP99: c.p99,
        warmP50: w.p50,
        warmP99: w.p99,
        avgRowsReturned: Math.round(rows / p.repeat),
        ...storage,
      });
    }
    await engine.exec(`DROP DATABASE IF EXISTS ${db}`);
  } finally {
    await engine.close();
  }
  return out;
}

export async function runQueries(
  p: QueriesParams,
  opts: RecordOptions = {},
): Promise<ResultRecord> {
  const dir = join(REPO_DIR, '.cache/bench', `queries-${runId()}`);
  mkdirSync(dir, { recursive: true });
  const rows: Record<string, unknown>[] = [];
  try {
    for (const total of p.rows) {
      rows.push(...(await measureTable(total, p, dir)));
      if (opts.print ?? true)
        printTable(`queries on ${total.toLocaleString('en')} reads (ms)`, rows.slice(-3));
    }
  } finally {
    if (!p.keep && existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  }
  return record('store/queries', { ...p }, { queries: rows }, opts);
}

if (isMain(import.meta.url)) {
  await runQueries(queriesParams(parseFlags()));
}
