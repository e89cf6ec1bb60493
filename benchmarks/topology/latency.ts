/**
 * Latency at fixed offered rates on the local broker and chDB: reads are
 * sent at 1k, 5k and 25k reads/s (each stamped with its send time, the
 * bridge's receipt), and two clocks stop per read:
 *   capture-to-hit        a hit arrives at a consumer of the run's hits topic
 *   capture-to-queryable  the read's insert into ClickHouse has returned
 * (The camera-to-bridge delay is outside the platform and not counted.)
 * Per rate: p50/p99/max of each, the rate achieved, and consumer lag per
 * stage sampled each second: flat lag means the rate is sustained.
 *
 *   npx tsx benchmarks/topology/latency.ts [--quick] [--rates=1000,5000,25000]
 *     [--seconds=N] [--runtime=kafkajs|rdkafka] [--rd-batch=N] [--hotlist=N] [--flush-ms=N]
 */
import { Rig } from './rig.ts';
import type { Role, Runtime } from './worker.ts';
import {
  isMain,
  listFlag,
  numberFlag,
  parseFlags,
  printTable,
  record,
  round,
  summary,
  type Flags,
  type RecordOptions,
  type ResultRecord,
} from '../support/harness.ts';

export interface LatencyParams {
  rates: number[];
  seconds: number;
  runtime: Runtime;
  hotlistSize: number;
  batchRows: number;
  flushMs: number;
  /** Records per consume call of the rdkafka runner; default its own. */
  rdBatchSize?: number;
  /** Longest wait for the backlog of one rate to drain before the next. */
  drainSeconds: number;
  keep: boolean;
}

export function latencyParams(flags: Flags): LatencyParams {
  return {
    rates: listFlag(flags, 'rates', ['1000', '5000', '25000']).map(Number),
    seconds: numberFlag(flags, 'seconds', flags.quick ? 4 : 30),
    runtime: (flags.values.get('runtime') ?? 'kafkajs') as Runtime,
    hotlistSize: numberFlag(flags, 'hotlist', flags.quick ? 10_000 : 1_000_000),
    batchRows: numberFlag(flags, 'batch-rows', 5000),
    flushMs: numberFlag(flags, 'flush-ms', 2000),
    drainSeconds: numberFlag(flags, 'drain-seconds', flags.quick ? 30 : 90),
    ...(flags.values.has('rd-batch') ? { rdBatchSize: numberFlag(flags, 'rd-batch', 2000) } : {}),
    keep: flags.keep,
  };
}

export async function runLatency(
  p: LatencyParams,
  opts: RecordOptions = {},
): Promise<ResultRecord> {
  const rig = new Rig({
    runtime: p.runtime,
    hotlistSize: p.hotlistSize,
    batchRows: p.batchRows,
    flushMs: p.flushMs,
    rdBatchSize: p.rdBatchSize,
    keep: p.keep,
  });
  const rows: Record<string, unknown>[] = [];
  try {
    await rig.setUp();
    await rig.startWorkers();
    await rig.go();
    let offered = 0;
    for (const rate of p.rates) {
      const lags: Record<Role, number>[] = [];
      const t0 = performance.now();
      const sent = await rig.produceAtRate(rate, p.seconds, async () => {
        lags.push(await rig.lag());
      });
      const sendSec = (performance.now() - t0) / 1000;
      offered += sent;
      const drained = await rig.waitStored(offered, p.drainSeconds * 1000);
      const drainSec = (performance.now() - t0) / 1000 - sendSec;
      const got = await rig.collect();
      const stored = summary(got.sink.storedMs, 0);
      const hit = summary(got.sink.hitMs, 0);
      const lagAt = (i: number) => {
        const l = lags[Math.max(0, Math.min(lags.length - 1, i))];
        return l ? l.normalize + l['match-tag'] + l.sink : null;
      };
      rows.push({
        offeredPerSec: rate,
        sentPerSec: Math.round(sent / sendSec),
        hits: hit.n,
        hitP50: hit.p50,
        hitP99: hit.p99,
        hitMax: hit.max,
        storedP50: stored.p50,
        storedP99: stored.p99,
        storedMax: stored.max,
        lagAfter1s: lagAt(0),
        lagAtEnd: lagAt(lags.length - 1),
        drained,
        drainSec: round(drainSec, 1),
      });
      if (opts.print ?? true) console.log(rows[rows.length - 1]);
      if (!drained) break; // the next rate would only measure this backlog
    }
    await rig.stopWorkers();
  } finally {
    await rig.tearDown();
  }
  if (opts.print ?? true) printTable(`latency (ms from receipt), runtime ${p.runtime}`, rows);
  return record('topology/latency', { ...p }, { rates: rows }, opts);
}

if (isMain(import.meta.url)) {
  await runLatency(latencyParams(parseFlags()));
  process.exit(0);
}
