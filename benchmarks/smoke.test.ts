/**
 * Keeps the benchmarks that need no broker from rotting: each runs with tiny
 * parameters and must produce a well-formed result record. Never a timing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runStages } from './processors/stages.ts';
import { runHotlist } from './processors/match/hotlist.ts';
import { parseFlags } from './support/harness.ts';
import { expectWellFormed } from './support/check.ts';

const dir = mkdtempSync(join(tmpdir(), 'alpr-bench-smoke-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const opts = { resultsDir: dir, print: false };
const wellFormed = (rec: Parameters<typeof expectWellFormed>[0], bench: string) =>
  expectWellFormed(rec, bench, dir);

describe('benchmarks smoke', () => {
  it('flags > --quick, --keep and --name=value > parsed; anything else > refused', () => {
    const f = parseFlags(['--quick', '--keep', '--reads=10']);
    expect([f.quick, f.keep, f.values.get('reads')]).toEqual([true, true, '10']);
    expect(() => parseFlags(['reads'])).toThrow();
  });

  it('stages > tiny run > a record with every stage and per-processor costs', async () => {
    const rec = await runStages({ reads: 300, sizes: [2000] }, opts);
    wellFormed(rec, 'processors/stages');
    const stages = rec.results.stages as { stage: string; cpuUsPerRead?: number; error?: string }[];
    expect(stages.map((s) => s.stage)).toEqual(
      expect.arrayContaining([
        'normalize synthetic alpr_group',
        'match 2,000 entries',
        'tag',
        'avro decode TaggedRead',
      ]),
    );
    for (const s of stages) expect(s.error ?? typeof s.cpuUsPerRead).toBe('number');
    expect(Object.keys(rec.results.cpuUsPerReadByProcessor as object)).toHaveLength(3);
  }, 60_000);

  it('hotlist > tiny run > sizes with bytes, lookups and reload figures', async () => {
    const rec = await runHotlist({ sizes: [2000], lookups: 1000, fetchBatch: 500 }, opts);
    wellFormed(rec, 'processors/match/hotlist');
    const [size] = rec.results.sizes as Record<string, unknown>[];
    expect(size).toMatchObject({ entries: 2000, matcherSize: 2000 });
    const keys = [
      'lookupHitNs',
      'lookupMissNs',
      'reloadSec',
      'reloadMaxStallMs',
      'rebuildMaxStallMs',
      'compactMaxStallMs',
      'rebuildSwapStallMs',
    ];
    for (const k of keys) {
      expect(typeof size![k]).toBe('number');
    }
  }, 60_000);
});
