/**
 * Hotlist publishing against the real local broker (infra/kafka/start.sh)
 * and the real local schema registry (infra/registry/start.sh):
 * a compacted topic per test, snapshots, tombstones and incremental updates
 * read back with readCompactedHotlists, and the CLI end to end.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../lib/log.ts';
import { hotlistEntryKey, type HotlistEntry } from '../schemas/types.ts';
import { createHotlistIndex, createMatcher } from '../processors/match/index.ts';
import { makeRead } from '../processors/match/test-data.ts';
import {
  cleanupKafka,
  consumeN,
  createTestTopics,
  testBrokers,
  testKafka,
  uniqueTopic,
} from '../test/support/kafka.ts';
import { testRegistryUrl, testSerde } from '../test/support/registry.ts';
import { runCli } from './cli.ts';
import { parseHotlist, publishHotlist, readCompactedHotlists, type PublishMode } from './index.ts';

const fixturePath = (f: string) => fileURLToPath(new URL(`./fixtures/${f}`, import.meta.url));
const genetec = readFileSync(fixturePath('genetec-hotlist.txt'), 'utf8');
const rekor = readFileSync(fixturePath('rekor-alert-list.csv'), 'utf8');
const NOW = Date.UTC(2024, 5, 2, 12);
const COMPACTED = { 'cleanup.policy': 'compact' };

const serdeOf = (topic: string) => testSerde('hotlistEntry', topic);
const keysOf = (m: Map<string, HotlistEntry>) => [...m.keys()].sort();
const parse = (text: string, format: 'genetec' | 'rekor-csv', listId: string) =>
  parseHotlist(text, { format, listId, now: NOW }).entries;

let producer: Producer;

async function compactedTopic(prefix: string): Promise<string> {
  const names = await createTestTopics([{ name: uniqueTopic(prefix), config: COMPACTED }]);
  return names[0]!;
}

beforeAll(async () => {
  producer = testKafka().producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
});

afterAll(async () => {
  await producer?.disconnect();
  await cleanupKafka();
});

describe('hotlist topic', () => {
  it('hotlist topic > empty topic > read back as no entries', async () => {
    const topic = await compactedTopic('hotlists-empty');
    expect((await readCompactedHotlists(testKafka(), await serdeOf(topic), topic)).size).toBe(0);
  });

  it('hotlist topic > log ending in a transaction marker > still read to its end', async () => {
    const topic = await compactedTopic('hotlists-tx');
    const entry = parse(genetec, 'genetec', 'tx')[0]!;
    const tx = testKafka().producer({
      transactionalId: `${topic}-tx`,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await tx.connect();
    try {
      const t = await tx.transaction();
      await publishHotlist(
        t,
        await serdeOf(topic),
        { listId: 'tx', entries: [entry] },
        'incremental',
        undefined,
        { topic },
      );
      await t.commit();
    } finally {
      await tx.disconnect();
    }
    // The coordinator writes the commit marker after commit() returns; the
    // scenario is a log that ends in that marker, so wait until it is there
    // (one record plus one marker: high watermark 2).
    const admin = testKafka().admin();
    await admin.connect();
    for (let i = 0; i < 50; i++) {
      const [p0] = await admin.fetchTopicOffsets(topic);
      if (p0 && BigInt(p0.high) >= 2n) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await admin.disconnect();
    const state = await readCompactedHotlists(testKafka(), await serdeOf(topic), topic, {
      timeoutMs: 20_000,
    });
    expect([...state.keys()]).toEqual([hotlistEntryKey(entry)]);
  });

  it('hotlist topic > snapshot, snapshot, incremental > state follows each load', async () => {
    const topic = await compactedTopic('hotlists');
    const kafka = testKafka();
    const serde = await serdeOf(topic);
    const opts = (snapshotId?: string) => ({ topic, snapshotId });
    const send = (
      listId: string,
      entries: HotlistEntry[],
      mode: PublishMode,
      current?: Map<string, HotlistEntry>,
      snapshotId?: string,
    ) => publishHotlist(producer, serde, { listId, entries }, mode, current, opts(snapshotId));

    // 1. first snapshot of list "genetec" (4 entries) and an incremental list "rekor"
    const first = parse(genetec, 'genetec', 'genetec');
    const empty = await readCompactedHotlists(kafka, serde, topic);
    const s1 = await send('genetec', first, 'snapshot', empty, 's1');
    expect(s1).toEqual({ snapshotId: 's1', upserts: 4, tombstones: 0 });
    const rekorEntries = parse(rekor, 'rekor-csv', 'rekor');
    await send('rekor', rekorEntries, 'incremental');

    const afterS1 = await readCompactedHotlists(kafka, serde, topic);
    expect(afterS1.size).toBe(7);
    for (const e of first) {
      expect(afterS1.get(hotlistEntryKey(e))).toEqual({ ...e, snapshot_id: 's1' });
    }
    for (const e of rekorEntries) expect(afterS1.get(hotlistEntryKey(e))?.snapshot_id).toBeNull();

    // 2. the next file drops BNE0452 and adds a plate: one tombstone, other list untouched
    const nextFile = genetec.replace(/^.*BNE0452.*$/m, 'Wanted;WI;ZK118;2024-06-01;');
    const second = parse(nextFile, 'genetec', 'genetec');
    const s2 = await send('genetec', second, 'snapshot', afterS1, 's2');
    expect(s2).toEqual({ snapshotId: 's2', upserts: 4, tombstones: 1 });

    const afterS2 = await readCompactedHotlists(kafka, serde, topic);
    expect(afterS2.has('genetec|8NE0452|US-IL')).toBe(false);
    expect(afterS2.get('genetec|2K118|US-WI')?.snapshot_id).toBe('s2');
    expect(keysOf(afterS2).filter((k) => k.startsWith('rekor|'))).toEqual(
      rekorEntries.map(hotlistEntryKey).sort(),
    );
    const genetecNow = [...afterS2.values()].filter((e) => e.list_id === 'genetec');
    expect(genetecNow.map((e) => e.snapshot_id)).toEqual(['s2', 's2', 's2', 's2']);

    // 3. incremental: one upsert, one removal
    const added = parse('Amber alert;IL;AMB3R01;2024-06-01;', 'genetec', 'genetec');
    const removal = 'genetec|KTR4821|US-OH';
    const inc = { listId: 'genetec', entries: added, removals: [removal] };
    const s3 = await publishHotlist(producer, serde, inc, 'incremental', afterS2, opts());
    expect(s3).toEqual({ snapshotId: null, upserts: 1, tombstones: 1 });

    const afterInc = await readCompactedHotlists(kafka, serde, topic);
    expect(afterInc.has(removal)).toBe(false);
    expect(afterInc.get('genetec|AM83R01|US-IL')).toMatchObject({ snapshot_id: null, priority: 1 });
    expect(afterInc.size).toBe(7);

    // the removals are real tombstones on the log: null values under their keys
    const log = await consumeN(topic, 4 + 3 + 5 + 2);
    const tombstones = log.filter((m) => m.value === null).map((m) => m.key?.toString());
    expect(tombstones).toEqual(['genetec|8NE0452|US-IL', removal]);

    // and a matcher built from the topic's state finds the new Amber alert
    const matcher = createMatcher({ index: createHotlistIndex(afterInc.values(), NOW) });
    const hits = matcher.match(makeRead('AMB3R01', 'US-IL'), NOW);
    expect(hits.map((h) => [h.list_id, h.match_kind, h.purpose])).toEqual([
      ['genetec', 'exact', 'amber_alert'],
    ]);
  });

  it('hotlist topic > cli load then reload without a row > row removed', async () => {
    const topic = await compactedTopic('hotlists-cli');
    const out: string[] = [];
    const io = {
      out: (l: string) => out.push(l),
      err: (l: string) => out.push(l),
      env: {
        ALPR_KAFKA_BROKERS: testBrokers().join(','),
        ALPR_SCHEMA_REGISTRY_URL: testRegistryUrl(),
      },
      logger: silentLogger,
    };
    const file = fixturePath('ncic-fixed-width.txt');
    const args = ['load', '--format', 'ncic', '--list', 'ncic', '--topic', topic];
    expect(await runCli([...args, '--file', file], io)).toBe(0);
    expect(out.at(-1)).toMatch(/5 upserts, 0 removals/);
    expect((await readCompactedHotlists(testKafka(), await serdeOf(topic), topic)).size).toBe(5);

    const dir = mkdtempSync(join(tmpdir(), 'alpr-hotlist-'));
    const shorter = join(dir, 'ncic.txt');
    writeFileSync(shorter, readFileSync(file, 'utf8').replace(/^P.*BNE0452.*\n/m, ''));
    try {
      expect(await runCli([...args, '--file', shorter], io)).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(out.at(-1)).toMatch(/4 upserts, 1 removals/);
    const state = await readCompactedHotlists(testKafka(), await serdeOf(topic), topic);
    expect(state.has('ncic|8NE0452|US-IL')).toBe(false);
    expect(state.size).toBe(4);
  });
});
