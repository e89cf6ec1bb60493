/**
 * Stage costs without Kafka: each pure stage of the pipeline run in a loop
 * over realistic inputs, reporting reads/s and CPU µs per read
 * (process.cpuUsage), plus heap and RSS.
 *
 *   normalize   per vendor format: the seven vendor fixtures and the two
 *               synthetic feed shapes (OpenALPR alpr_group, Plate Recognizer)
 *   match       synthetic reads (~0.5% hotlisted) against 1M and 5M entries
 *   tag         read + hits -> TaggedRead
 *   avro        encode/decode of Read and TaggedRead
 *   row         TaggedRead -> ClickHouse row (toReadRow) and its JSONEachRow line
 *
 *   npx tsx benchmarks/processors/stages.ts [--quick] [--reads=N] [--sizes=1000000,5000000]
 */
import { readFileSync } from 'node:fs';
import { codecs } from '../../schemas/avro.ts';
import type { Hit, Read, TaggedRead } from '../../schemas/types.ts';
import { createHotlistIndex, createMatcher } from '../../processors/match/index.ts';
import { createTagger } from '../../processors/tag/index.ts';
import { toReadRow } from '../../store/writers.ts';
import { FIXTURES } from '../../processors/normalize/test-support.ts';
import { benchNormalizer, fleet, hotlistEntries, hotSample, payloads } from '../support/data.ts';
import {
  gc,
  isMain,
  listFlag,
  mib,
  numberFlag,
  parseFlags,
  printTable,
  record,
  relaunchWithHeap,
  round,
  timeLoop,
  type Flags,
  type RecordOptions,
  type ResultRecord,
  type Timed,
} from '../support/harness.ts';

export interface StagesParams {
  /** Reads per timed loop. */
  reads: number;
  /** Hotlist sizes to match against. */
  sizes: number[];
}

export function stagesParams(flags: Flags): StagesParams {
  return {
    reads: numberFlag(flags, 'reads', flags.quick ? 5_000 : 200_000),
    sizes: listFlag(flags, 'sizes', flags.quick ? ['100000'] : ['1000000', '5000000']).map(Number),
  };
}

// Fixtures were captured before 2026; the tests receive them at this instant.
const FIXTURE_RECEIVED = Date.UTC(2026, 0, 1);

type Row = Record<string, unknown> & { stage: string };

function row(stage: string, t: Timed, extra: Record<string, unknown> = {}): Row {
  return { stage, readsPerSec: t.opsPerSec, cpuUsPerRead: t.cpuUsPerOp, ops: t.ops, ...extra };
}

export async function runStages(p: StagesParams, opts: RecordOptions = {}): Promise<ResultRecord> {
  const now = Date.now();
  const cams = fleet(300);
  const rows: Row[] = [];
  const fixtureNormalizer = benchNormalizer(cams, Number.POSITIVE_INFINITY);

  // normalize, vendor fixtures: one payload each, repeated
  const fixtureReps = Math.max(200, Math.floor(p.reads / 10));
  for (const name of FIXTURES) {
    const url = new URL(`../../processors/normalize/fixtures/${name}`, import.meta.url);
    const value = readFileSync(url);
    const input = { value, headers: {}, receivedAtMs: FIXTURE_RECEIVED };
    let perPayload = 0;
    try {
      perPayload = fixtureNormalizer.normalize(input).length;
    } catch (err) {
      rows.push({ stage: `normalize ${name}`, error: (err as { code?: string }).code ?? 'error' });
      continue;
    }
    const t = timeLoop(fixtureReps, () => fixtureNormalizer.normalize(input));
    rows.push(row(`normalize ${name}`, t, { bytes: value.length, readsPerPayload: perPayload }));
  }

  // normalize, synthetic feed shapes (what the end-to-end runs carry)
  const normalizer = benchNormalizer(cams);
  // hot plates drawn from the smallest list, so every size holds them
  const raw = payloads(p.reads, cams, hotSample(Math.min(...p.sizes)), now);
  const group = raw.filter((r) => r.value.includes('"alpr_group"'));
  const snapshot = raw.filter((r) => !r.value.includes('"alpr_group"'));
  const reads: Read[] = [];
  for (const [label, list] of [
    ['normalize synthetic alpr_group', group],
    ['normalize synthetic platerecognizer', snapshot],
  ] as const) {
    const bytes = list.reduce((n, r) => n + r.value.length, 0) / Math.max(1, list.length);
    const t = timeLoop(list.length, (i) => {
      const r = list[i]!;
      const input = { value: r.value, headers: r.headers, receivedAtMs: now };
      for (const read of normalizer.normalize(input)) reads.push(read);
    });
    rows.push(row(label, t, { bytes: Math.round(bytes) }));
  }

  // avro: the Read each normalize output becomes, and back
  const readBufs: Buffer[] = new Array(reads.length);
  const encRead = (i: number) => (readBufs[i] = codecs.read.encode(reads[i]!));
  rows.push(row('avro encode Read', timeLoop(reads.length, encRead)));
  rows.push(
    row(
      'avro decode Read',
      timeLoop(reads.length, (i) => codecs.read.decode(readBufs[i]!)),
    ),
  );

  // match against each hotlist size
  const hitsPerRead: Hit[][] = new Array(reads.length);
  for (const size of p.sizes) {
    gc();
    const heap0 = process.memoryUsage().heapUsed;
    const b0 = performance.now();
    const entries = hotlistEntries(size, now);
    const index = createHotlistIndex(entries, now);
    const buildMs = performance.now() - b0;
    gc();
    const heapMiB = mib(process.memoryUsage().heapUsed - heap0);
    const matcher = createMatcher({ index, rebuildDelayMs: null });
    let hits = 0;
    const t = timeLoop(reads.length, (i) => {
      const h = matcher.match(reads[i]!, now);
      hits += h.length;
      hitsPerRead[i] = h;
    });
    rows.push(
      row(`match ${size.toLocaleString('en')} entries`, t, {
        hitRate: round(hits / reads.length, 4),
        buildSec: round(buildMs / 1000, 1),
        heapMiB,
      }),
    );
    entries.length = 0;
  }

  // tag, then the tagged read through Avro and into a ClickHouse row
  const tagger = createTagger({ nonHitRetentionDays: 30, hitRetentionDays: 90 });
  const tagged: TaggedRead[] = new Array(reads.length);
  const tag = (i: number) => (tagged[i] = tagger.tag(reads[i]!, hitsPerRead[i] ?? []));
  rows.push(row('tag', timeLoop(reads.length, tag)));
  const taggedBufs: Buffer[] = new Array(reads.length);
  const encTagged = (i: number) => (taggedBufs[i] = codecs.taggedRead.encode(tagged[i]!));
  rows.push(row('avro encode TaggedRead', timeLoop(reads.length, encTagged)));
  const decTagged = (i: number) => codecs.taggedRead.decode(taggedBufs[i]!);
  rows.push(row('avro decode TaggedRead', timeLoop(reads.length, decTagged)));
  let jsonBytes = 0;
  rows.push(
    row(
      'row toReadRow',
      timeLoop(reads.length, (i) => toReadRow(tagged[i]!, now)),
    ),
  );
  const rowJson = (i: number) =>
    (jsonBytes += JSON.stringify(toReadRow(tagged[i]!, now)).length + 1);
  rows.push(
    row('row toReadRow + JSONEachRow line', timeLoop(reads.length, rowJson), {
      jsonBytesPerRow: Math.round(jsonBytes / reads.length),
    }),
  );

  const cost = (stage: string) => Number(rows.find((r) => r.stage === stage)?.cpuUsPerRead ?? 0);
  const synthNormalize =
    (cost('normalize synthetic alpr_group') * group.length +
      cost('normalize synthetic platerecognizer') * snapshot.length) /
    Math.max(1, raw.length);
  const largest = `match ${Math.max(...p.sizes).toLocaleString('en')} entries`;
  const perRead = {
    normalizeStage: round(synthNormalize + cost('avro encode Read'), 2),
    matchTagStage: round(
      cost('avro decode Read') + cost(largest) + cost('tag') + cost('avro encode TaggedRead'),
      2,
    ),
    sinkRowStage: round(
      cost('avro decode TaggedRead') + cost('row toReadRow + JSONEachRow line'),
      2,
    ),
  };
  const totalUs = perRead.normalizeStage + perRead.matchTagStage + perRead.sinkRowStage;
  const mem = process.memoryUsage();
  const results = {
    stages: rows,
    cpuUsPerReadByProcessor: perRead,
    cpuUsPerReadTotal: round(totalUs, 2),
    // what two cores could do if these stages were all there was
    ceilingReadsPerSec2Cores: Math.round((2 * 1e6) / totalUs),
    rssMiB: mib(mem.rss),
    heapUsedMiB: mib(mem.heapUsed),
  };
  if (opts.print ?? true) {
    printTable('stage costs (no Kafka)', rows);
    console.log('CPU µs per read by processor (pure work, no Kafka client):', perRead);
    const ceiling = results.ceilingReadsPerSec2Cores;
    console.log(
      `sum ${results.cpuUsPerReadTotal} µs/read -> ceiling on 2 cores ${ceiling} reads/s`,
    );
  }
  return record('processors/stages', { ...p }, results, opts);
}

if (isMain(import.meta.url)) {
  const flags = parseFlags();
  const p = stagesParams(flags);
  const heapMb = Math.max(4096, Math.ceil(Math.max(...p.sizes) / 1e6) * 2500 + 2048);
  if (!(await relaunchWithHeap(heapMb))) await runStages(p);
}
