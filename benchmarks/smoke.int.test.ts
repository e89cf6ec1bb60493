/**
 * Keeps the benchmarks that need the broker or the embedded store from
 * rotting: each runs with tiny parameters on its own topics and data
 * directory and must produce a well-formed result record. Never a timing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runQueries } from './store/queries.ts';
import { runThroughput } from './topology/throughput.ts';
import { runLatency } from './topology/latency.ts';
import { expectWellFormed } from './support/check.ts';

const dir = mkdtempSync(join(tmpdir(), 'alpr-bench-smoke-int-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const opts = { resultsDir: dir, print: false };
const tiny = { hotlistSize: 1000, batchRows: 200, flushMs: 200, keep: false };

describe('benchmarks smoke (broker and chDB)', () => {
  it('queries > 20,000 generated reads > three queries with cold/warm figures and bytes per row', async () => {
    const rec = await runQueries({ rows: [20_000], repeat: 2, chunk: 10_000, keep: false }, opts);
    expectWellFormed(rec, 'store/queries', dir);
    const rows = rec.results.queries as Record<string, number | string>[];
    expect(rows.map((r) => r.query)).toEqual([
      'plate history 90 d',
      'camera window 1 h',
      'area window 1 h',
    ]);
    for (const r of rows) expect(r.bytesPerRow).toBeGreaterThan(0);
  }, 180_000);

  it('throughput > 400 reads on both runtimes > every read stored once, a ratio', async () => {
    const p = { ...tiny, reads: 400, runtimes: ['kafkajs', 'rdkafka'] as const };
    const rec = await runThroughput({ ...p, runtimes: [...p.runtimes] }, opts);
    expectWellFormed(rec, 'topology/throughput', dir);
    const runs = rec.results.runs as Record<string, unknown>[];
    for (const r of runs)
      expect(r).toMatchObject({ drained: true, storedRows: 400, distinctReads: 400 });
    expect(typeof rec.results.rdkafkaOverKafkajs).toBe('number');
  }, 240_000);

  it('latency > one low rate for a second > a row with hit and stored percentiles', async () => {
    const p = { ...tiny, rates: [200], seconds: 1, runtime: 'kafkajs' as const, drainSeconds: 30 };
    const rec = await runLatency(p, opts);
    expectWellFormed(rec, 'topology/latency', dir);
    const [row] = rec.results.rates as Record<string, unknown>[];
    expect(row).toMatchObject({ offeredPerSec: 200, drained: true });
    expect(typeof row!.storedP99).toBe('number');
  }, 180_000);
});
