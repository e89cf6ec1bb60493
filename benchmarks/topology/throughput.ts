/**
 * End-to-end throughput on the local broker and chDB, kafkajs runner and
 * node-rdkafka runner side by side in one run.
 *
 * Per runtime: N synthetic raw reads (feed/synthetic.ts, ~0.5% hotlisted
 * against a hotlist of --hotlist entries) are put on the run's own raw
 * topic first; then normalize, match+tag and the reads sink start, each in
 * its own process, and drain it. The drain rate is the most the pipeline
 * sustains: offered any faster, lag grows. Reported: reads/s from start to
 * the last read stored and between 10% and 90% stored (steady state), each
 * stage's rate, CPU µs per read per stage from the stage's own
 * process.cpuUsage and the broker's from /proc, RSS per stage.
 *
 *   npx tsx benchmarks/topology/throughput.ts [--quick] [--reads=N] [--hotlist=N]
 *     [--runtimes=kafkajs,rdkafka] [--keep]
 */
import { brokerCpuUs, Rig } from './rig.ts';
import type { Role, Runtime } from './worker.ts';
import {
  isMain,
  listFlag,
  mib,
  numberFlag,
  parseFlags,
  printTable,
  record,
  round,
  type Flags,
  type RecordOptions,
  type ResultRecord,
} from '../support/harness.ts';

export interface ThroughputParams {
  reads: number;
  hotlistSize: number;
  runtimes: Runtime[];
  batchRows: number;
  flushMs: number;
  keep: boolean;
}

export function throughputParams(flags: Flags): ThroughputParams {
  return {
    reads: numberFlag(flags, 'reads', flags.quick ? 20_000 : 300_000),
    hotlistSize: numberFlag(flags, 'hotlist', flags.quick ? 10_000 : 1_000_000),
    runtimes: listFlag(flags, 'runtimes', ['kafkajs', 'rdkafka']) as Runtime[],
    batchRows: numberFlag(flags, 'batch-rows', 5000),
    flushMs: numberFlag(flags, 'flush-ms', 2000),
    keep: flags.keep,
  };
}

const ROLES: Role[] = ['normalize', 'match-tag', 'sink'];

async function runOne(runtime: Runtime, p: ThroughputParams): Promise<Record<string, unknown>> {
  const { hotlistSize, batchRows, flushMs, keep } = p;
  const rig = new Rig({ runtime, hotlistSize, batchRows, flushMs, keep });
  try {
    await rig.setUp();
    const p0 = performance.now();
    await rig.produceBacklog(p.reads);
    const produceRate = p.reads / ((performance.now() - p0) / 1000);
    await rig.startWorkers();
    const broker0 = brokerCpuUs();
    const t0 = performance.now();
    await rig.go();
    const doneAt: Partial<Record<Role, number>> = {};
    let t10 = 0;
    let t90 = 0;
    const limitMs = Math.max(120_000, p.reads * 2);
    const drained = await rig.waitStored(p.reads, limitMs, () => {
      const now = performance.now() - t0;
      const prog = rig.progress();
      for (const r of ROLES)
        if (doneAt[r] === undefined && prog[r].count >= p.reads) doneAt[r] = now;
      if (!t10 && prog.sink.count >= p.reads * 0.1) t10 = now;
      if (!t90 && prog.sink.count >= p.reads * 0.9) t90 = now;
    });
    const wallMs = performance.now() - t0;
    doneAt.sink ??= wallMs;
    const broker1 = brokerCpuUs();
    const done = await rig.stopWorkers();
    const stages: Record<string, unknown>[] = ROLES.map((r) => ({
      stage: r,
      reads: done[r].count,
      readsPerSec: Math.round(done[r].count / ((doneAt[r] ?? wallMs) / 1000)),
      cpuUsPerRead: round(done[r].cpuUs / Math.max(1, done[r].count), 1),
      rssMiB: mib(done[r].rss),
    }));
    const brokerUs = broker0 !== null && broker1 !== null ? broker1 - broker0 : null;
    const cpuTotalUs = ROLES.reduce((n, r) => n + done[r].cpuUs, 0) + (brokerUs ?? 0);
    return {
      runtime,
      drained,
      storedRows: done.sink.rows,
      distinctReads: done.sink.distinct,
      produceBacklogPerSec: Math.round(produceRate),
      e2eReadsPerSec: Math.round(p.reads / (wallMs / 1000)),
      steadyReadsPerSec: t90 > t10 ? Math.round((0.8 * p.reads) / ((t90 - t10) / 1000)) : null,
      wallSec: round(wallMs / 1000, 1),
      stages,
      brokerCpuUsPerRead: brokerUs === null ? null : round(brokerUs / p.reads, 1),
      cpuUsPerReadAll: round(cpuTotalUs / p.reads, 1),
      coresBusy: round(cpuTotalUs / 1000 / wallMs, 2),
    };
  } finally {
    await rig.tearDown();
  }
}

export async function runThroughput(
  p: ThroughputParams,
  opts: RecordOptions = {},
): Promise<ResultRecord> {
  const runs: Record<string, unknown>[] = [];
  for (const runtime of p.runtimes) {
    const r = await runOne(runtime, p);
    runs.push(r);
    if (opts.print ?? true) {
      const { stages, ...head } = r;
      console.log(`\n${runtime}:`, head);
      printTable(`${runtime} stages`, stages as Record<string, unknown>[]);
    }
  }
  const rate = (rt: string) => Number(runs.find((r) => r.runtime === rt)?.e2eReadsPerSec ?? NaN);
  const ratio = round(rate('rdkafka') / rate('kafkajs'), 2);
  if (opts.print ?? true) console.log('\nrdkafka / kafkajs end-to-end reads/s:', ratio);
  return record('topology/throughput', { ...p }, { runs, rdkafkaOverKafkajs: ratio }, opts);
}

if (isMain(import.meta.url)) {
  await runThroughput(throughputParams(parseFlags()));
  process.exit(0);
}
