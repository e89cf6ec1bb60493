/**
 * Hotlist memory and lookup, and what a reload costs the match processor.
 *
 * Per size (1M and 5M entries by default):
 *   bytes per entry   heap of the decoded entries, then of the index on top
 *   ns per lookup     matcher.match() on reads whose plate is listed (hit)
 *                     and not listed (miss), process CPU per call
 *   build             the list loaded into an empty matcher in one apply()
 *                     per entry and one flush(), as the app's matcher starts
 *                     (its index is then its own, changed in place)
 *   reload            a new snapshot of the same size (1% of plates changed)
 *                     arrives the way hotlist-follower.ts feeds it: apply()
 *                     per record, flush() after each fetched batch (10,000
 *                     records), the event loop free between batches. Time
 *                     to have it all in use, and the longest event-loop
 *                     stall meanwhile (perf_hooks monitorEventLoopDelay).
 *   compaction        a whole fresh index (expired entries dropped), two
 *                     ways in one run: rebuild(), one synchronous step, and
 *                     compact(), in slices with the event loop free between
 *                     them; time and longest stall of each.
 *   swap              createHotlistIndex() then swap(): one synchronous stall.
 *
 *   npx tsx benchmarks/processors/match/hotlist.ts [--quick] [--sizes=1000000,5000000]
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { hotlistEntryKey, type HotlistEntry } from '../../../schemas/types.ts';
import { createHotlistIndex, createMatcher } from '../../../processors/match/index.ts';
import { makeRead } from '../../../processors/match/test-data.ts';
import { hotlistEntries, hotPlate } from '../../support/data.ts';
import {
  cpuMicros,
  gc,
  isMain,
  listFlag,
  parseFlags,
  printTable,
  record,
  relaunchWithHeap,
  round,
  type Flags,
  type RecordOptions,
  type ResultRecord,
} from '../../support/harness.ts';

export interface HotlistParams {
  sizes: number[];
  lookups: number;
  /** Records per simulated fetch during a reload. */
  fetchBatch: number;
}

export function hotlistParams(flags: Flags): HotlistParams {
  return {
    sizes: listFlag(flags, 'sizes', flags.quick ? ['50000'] : ['1000000', '5000000']).map(Number),
    lookups: flags.quick ? 20_000 : 500_000,
    fetchBatch: 10_000,
  };
}

const tick = () => new Promise<void>((r) => setImmediate(r));

function heapUsed(): number {
  gc();
  return process.memoryUsage().heapUsed;
}

/** Runs `work`, timing it and the longest event-loop stall meanwhile. */
async function watchStalls(work: () => Promise<unknown>): Promise<{ ms: number; stallMs: number }> {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  let maxGapMs = 0;
  let last = performance.now();
  const probe = setInterval(() => {
    const t = performance.now();
    maxGapMs = Math.max(maxGapMs, t - last);
    last = t;
  }, 1);
  delay.enable();
  const t0 = performance.now();
  await work();
  const ms = performance.now() - t0;
  await tick();
  // the probe's last gap: a synchronous stall that ends the work is seen here
  maxGapMs = Math.max(maxGapMs, performance.now() - last);
  delay.disable();
  clearInterval(probe);
  return { ms, stallMs: Math.max(delay.max / 1e6, maxGapMs) };
}

async function measureSize(size: number, p: HotlistParams): Promise<Record<string, unknown>> {
  const now = Date.now();
  const h0 = heapUsed();
  let entries: HotlistEntry[] = hotlistEntries(size, now);
  const h1 = heapUsed();
  const matcher = createMatcher({ rebuildDelayMs: null, clock: () => now });
  const b0 = performance.now();
  for (const e of entries) matcher.apply(hotlistEntryKey(e), e);
  matcher.flush();
  const buildMs = performance.now() - b0;
  const h2 = heapUsed();

  const hitReads = Array.from({ length: 1000 }, (_, i) =>
    makeRead(hotPlate(Math.floor((i * size) / 1000)), 'US-IL'),
  );
  const missReads = Array.from({ length: 1000 }, (_, i) => makeRead(`ZZ${10000 + i}`, 'US-IL'));
  const lookup = (reads: typeof hitReads) => {
    let found = 0;
    const c0 = cpuMicros();
    const t0 = performance.now();
    for (let i = 0; i < p.lookups; i++)
      found += matcher.match(reads[i % reads.length]!, now).length;
    const ns = ((performance.now() - t0) * 1e6) / p.lookups;
    return { ns, cpuNs: ((cpuMicros() - c0) * 1e3) / p.lookups, found };
  };
  lookup(hitReads); // warm-up
  const hit = lookup(hitReads);
  const miss = lookup(missReads);

  // reload through apply/flush, as the follower does, 1% of plates changed
  const fresh = hotlistEntries(size, now + 1).map((e, i) =>
    i % 100 === 0
      ? { ...e, plate_raw: `R${e.plate_raw}`, plate_display: `R${e.plate_display}` }
      : e,
  );
  let maxFlushMs = 0;
  const reload = await watchStalls(async () => {
    for (let i = 0; i < fresh.length; i += p.fetchBatch) {
      for (const e of fresh.slice(i, i + p.fetchBatch)) matcher.apply(hotlistEntryKey(e), e);
      const f0 = performance.now();
      matcher.flush();
      maxFlushMs = Math.max(maxFlushMs, performance.now() - f0);
      await tick();
    }
  });

  // compaction, both ways, on the same index
  const rebuild = await watchStalls(async () => {
    matcher.rebuild();
  });
  const compact = await watchStalls(() => matcher.compact());

  // swap: build a whole new index outside the matcher, then put it in use
  entries = [];
  const s0 = performance.now();
  const rebuilt = createHotlistIndex(fresh, now + 2);
  matcher.swap(rebuilt);
  const rebuildSwapMs = performance.now() - s0;

  return {
    entries: size,
    entryBytes: Math.round((h1 - h0) / size),
    indexBytes: Math.round((h2 - h1) / size),
    buildSec: round(buildMs / 1000, 2),
    lookupHitNs: Math.round(hit.ns),
    lookupHitCpuNs: Math.round(hit.cpuNs),
    lookupMissNs: Math.round(miss.ns),
    hitsFound: hit.found,
    reloadSec: round(reload.ms / 1000, 2),
    reloadMaxStallMs: round(reload.stallMs, 1),
    reloadMaxFlushMs: round(maxFlushMs, 1),
    rebuildSec: round(rebuild.ms / 1000, 2),
    rebuildMaxStallMs: round(rebuild.stallMs, 1),
    compactSec: round(compact.ms / 1000, 2),
    compactMaxStallMs: round(compact.stallMs, 1),
    compactStallRatio: round(rebuild.stallMs / Math.max(compact.stallMs, 0.001), 1),
    rebuildSwapStallMs: Math.round(rebuildSwapMs),
    matcherSize: matcher.index.size,
    gcExposed: gc(),
  };
}

export async function runHotlist(
  p: HotlistParams,
  opts: RecordOptions = {},
): Promise<ResultRecord> {
  const rows: Record<string, unknown>[] = [];
  for (const size of p.sizes) rows.push(await measureSize(size, p));
  if (opts.print ?? true) printTable('hotlist memory, lookup and reload', rows);
  return record('processors/match/hotlist', { ...p }, { sizes: rows }, opts);
}

if (isMain(import.meta.url)) {
  const p = hotlistParams(parseFlags());
  const heapMb = Math.max(4096, Math.ceil(Math.max(...p.sizes) / 1e6) * 3000 + 2048);
  if (!(await relaunchWithHeap(heapMb))) await runHotlist(p);
}
