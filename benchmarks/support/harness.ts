/**
 * What every benchmark shares: command-line flags, the machine it ran on,
 * CPU and wall timing, percentiles, and one JSON line per run appended to
 * benchmarks/results/<name>.jsonl. Benchmarks print numbers; nothing here
 * passes or fails on a timing.
 *
 * A result record:
 *   { bench, date, commit, dirty, node, machine: {cpus, model, memGiB, loadavg},
 *     params, results }
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
export const REPO_DIR = dirname(BENCH_DIR);

export interface Flags {
  quick: boolean;
  keep: boolean;
  /** --name=value pairs, as text. */
  values: Map<string, string>;
}

export function parseFlags(argv: readonly string[] = process.argv.slice(2)): Flags {
  const values = new Map<string, string>();
  let quick = false;
  let keep = false;
  for (const a of argv) {
    if (a === '--quick') quick = true;
    else if (a === '--keep') keep = true;
    else if (a.startsWith('--') && a.includes('=')) {
      const i = a.indexOf('=');
      values.set(a.slice(2, i), a.slice(i + 1));
    } else throw new Error(`unknown argument ${a}: use --quick, --keep or --name=value`);
  }
  return { quick, keep, values };
}

export function numberFlag(flags: Flags, name: string, fallback: number): number {
  const text = flags.values.get(name);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n)) throw new Error(`--${name}=${text} is not a number`);
  return n;
}

export function listFlag(flags: Flags, name: string, fallback: string[]): string[] {
  const text = flags.values.get(name);
  return text === undefined ? fallback : text.split(',').filter((s) => s !== '');
}

export interface Machine {
  cpus: number;
  model: string;
  memGiB: number;
  freeGiB: number;
  loadavg: number[];
}

export function machine(): Machine {
  const list = cpus();
  const gib = (b: number) => Math.round((b / 2 ** 30) * 10) / 10;
  return {
    cpus: list.length,
    model: list[0]?.model ?? 'unknown',
    memGiB: gib(totalmem()),
    freeGiB: gib(freemem()),
    loadavg: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: REPO_DIR, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

export interface ResultRecord {
  bench: string;
  date: string;
  commit: string;
  dirty: boolean;
  node: string;
  machine: Machine;
  params: Record<string, unknown>;
  results: Record<string, unknown>;
}

export interface RecordOptions {
  /** Directory of the .jsonl files; default benchmarks/results. */
  resultsDir?: string;
  /** Print the record (default true). */
  print?: boolean;
}

/** Build the run's record, append it to <resultsDir>/<bench>.jsonl and return it. */
export function record(
  bench: string,
  params: Record<string, unknown>,
  results: Record<string, unknown>,
  opts: RecordOptions = {},
): ResultRecord {
  const rec: ResultRecord = {
    bench,
    date: new Date().toISOString(),
    commit: git(['rev-parse', '--short=12', 'HEAD']),
    dirty: git(['status', '--porcelain', '--untracked-files=no']) !== '',
    node: process.version,
    machine: machine(),
    params,
    results,
  };
  const dir = opts.resultsDir ?? join(BENCH_DIR, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${bench.replaceAll('/', '.')}.jsonl`);
  appendFileSync(file, JSON.stringify(rec) + '\n');
  if (opts.print ?? true) console.log(`recorded in ${file}`);
  return rec;
}

/** CPU time of this process (user + system), µs. */
export function cpuMicros(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

export interface Timed {
  ops: number;
  wallMs: number;
  cpuMs: number;
  opsPerSec: number;
  cpuUsPerOp: number;
}

/** Run fn(i) for i in 0..ops-1 and report wall and CPU per operation. */
export function timeLoop(ops: number, fn: (i: number) => void): Timed {
  const c0 = cpuMicros();
  const t0 = performance.now();
  for (let i = 0; i < ops; i++) fn(i);
  return timed(ops, performance.now() - t0, cpuMicros() - c0);
}

export function timed(ops: number, wallMs: number, cpuUs: number): Timed {
  return {
    ops,
    wallMs: round(wallMs, 1),
    cpuMs: round(cpuUs / 1000, 1),
    opsPerSec: Math.round(ops / (wallMs / 1000)),
    cpuUsPerOp: round(cpuUs / ops, 2),
  };
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** Percentile (nearest rank) of an unsorted list; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function summary(values: readonly number[], digits = 1): Record<string, number> {
  return {
    n: values.length,
    p50: round(percentile(values, 50), digits),
    p99: round(percentile(values, 99), digits),
    max: round(
      values.reduce((m, v) => (v > m ? v : m), Number.NEGATIVE_INFINITY),
      digits,
    ),
  };
}

export function mib(bytes: number): number {
  return round(bytes / 2 ** 20, 1);
}

/** Hint the collector when node runs with --expose-gc; returns whether it ran. */
export function gc(): boolean {
  const g = (globalThis as { gc?: () => void }).gc;
  if (!g) return false;
  g();
  g();
  return true;
}

/** True when the module at `url` is the script node was started with. */
export function isMain(url: string): boolean {
  const entry = process.argv[1];
  return entry !== undefined && fileURLToPath(url) === resolve(entry);
}

/** A random suffix for topic, group and database names of one run. */
export function runId(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

/** Print a table of flat rows (benchmarks print; they do not assert). */
export function printTable(title: string, rows: Record<string, unknown>[]): void {
  console.log(`\n${title}`);
  if (rows.length > 0) console.table(rows);
}

/**
 * Re-run this script in a child node with a larger heap (and --expose-gc)
 * when the current limit is below `mb`: a 5M-entry hotlist does not fit
 * in node's default heap. Returns true in the parent, which should then
 * exit with the child's status in process.exitCode.
 */
export async function relaunchWithHeap(mb: number): Promise<boolean> {
  const { getHeapStatistics } = await import('node:v8');
  const limitMb = getHeapStatistics().heap_size_limit / 2 ** 20;
  if (limitMb >= mb * 0.9 || process.env.BENCH_RELAUNCHED === '1') return false;
  const { spawnSync } = await import('node:child_process');
  const args = [
    ...process.execArgv,
    `--max-old-space-size=${mb}`,
    '--expose-gc',
    ...process.argv.slice(1),
  ];
  const env = { ...process.env, BENCH_RELAUNCHED: '1' };
  const r = spawnSync(process.execPath, args, { stdio: 'inherit', env });
  process.exitCode = r.status ?? 1;
  return true;
}
