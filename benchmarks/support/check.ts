/**
 * The one check the benchmark smoke tests make: a run produced a
 * well-formed result record, and it is the last line of its results file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { ResultRecord } from './harness.ts';

export function expectWellFormed(rec: ResultRecord, bench: string, dir: string): void {
  expect(rec.bench).toBe(bench);
  expect(Number.isNaN(Date.parse(rec.date))).toBe(false);
  expect(rec.commit).toMatch(/^([0-9a-f]{7,40}|unknown)$/);
  expect(rec.node).toBe(process.version);
  expect(rec.machine.cpus).toBeGreaterThan(0);
  expect(rec.machine.memGiB).toBeGreaterThan(0);
  const file = join(dir, `${bench.replaceAll('/', '.')}.jsonl`);
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  expect(JSON.parse(lines[lines.length - 1]!)).toEqual(JSON.parse(JSON.stringify(rec)));
}
