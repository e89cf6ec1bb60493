/**
 * Smoke run of benchmarks/store/kafka-engine.ts, in a file of its own: it
 * opens the embedded engine at its own directory, and chDB takes one data
 * directory per process and cannot be opened again once closed in it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runKafkaEngine } from './store/kafka-engine.ts';
import { expectWellFormed } from './support/check.ts';

const dir = mkdtempSync(join(tmpdir(), 'alpr-bench-smoke-kengine-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const opts = { resultsDir: dir, print: false };

describe('benchmarks smoke (Kafka table engine)', () => {
  it('kafka engine > 300 alpr_group reads both ways > both paths stored them, a ratio', async () => {
    const rec = await runKafkaEngine({ reads: 300, keep: false }, opts);
    expectWellFormed(rec, 'store/kafka-engine', dir);
    const paths = rec.results.paths as Record<string, unknown>[];
    for (const p of paths) expect(p.reads).toBe(300);
    expect(typeof rec.results.kafkaEngineOverOurs).toBe('number');
  }, 240_000);
});
