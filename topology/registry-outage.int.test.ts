/**
 * The match+tag processor on the real broker while its schema registry (a
 * private one on a free port, never the shared one) goes away and comes
 * back empty, as the in-memory local registry does:
 *
 *   down  reads with a schema id the processor has seen keep flowing
 *         a read with an id it has not seen is retried: neither output nor
 *         dead letter, and its offset is not committed
 *   back  the id is unknown to the emptied registry: the read becomes a
 *         dead letter UNKNOWN_SCHEMA_ID with its original bytes, not lost
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../lib/log.ts';
import { createMatcher } from '../processors/match/index.ts';
import { createTagger } from '../processors/tag/index.ts';
import { codecFor, codecs } from '../schemas/avro.ts';
import { createSerde, createSerdes, type Serdes } from '../schemas/serdes.ts';
import type { Read } from '../schemas/types.ts';
import { sampleRead } from '../store/fixtures.ts';
import {
  cleanupKafka,
  consumeN,
  createTestTopics,
  produceMessages,
  testKafka,
  uniqueGroup,
  uniqueTopic,
} from '../test/support/kafka.ts';
import {
  startPrivateRegistry,
  testRegistryClient,
  type PrivateRegistry,
} from '../test/support/registry.ts';
import { createProcessorRunner } from './kafkajs-runner.ts';
import { matchTagProcessor } from './pipeline.ts';
import type { Runner } from './processor.ts';

let reg: PrivateRegistry;
let serdes: Serdes;
let runner: Runner;
let reads: string;
let tagged: string;
let dlq: string;

beforeAll(async () => {
  reg = await startPrivateRegistry();
  const names = await createTestTopics([
    { name: uniqueTopic('outage-reads') },
    { name: uniqueTopic('outage-tagged') },
    { name: uniqueTopic('outage-dlq') },
  ]);
  [reads, tagged, dlq] = names as [string, string, string];
  serdes = await createSerdes(testRegistryClient(reg.url), {
    topics: { read: reads, taggedRead: tagged, deadLetter: dlq, hit: `${tagged}.hits` },
  });
  // Warm the dead-letter decoder: the restarted registry will not know its id.
  const warm = await serdes.deadLetter.encode({
    code: 'WARM',
    reason: 'warm-up',
    processor: 'test',
    source_topic: reads,
    source_partition: 0,
    source_offset: '0',
    source_key: null,
    source_headers: {},
    original: Buffer.alloc(0),
    failed_at_ms: 0,
  });
  await serdes.deadLetter.decode(warm);
  const tagger = createTagger({ nonHitRetentionDays: 30, hitRetentionDays: 90 });
  runner = createProcessorRunner(testKafka(), {
    groupId: uniqueGroup('outage-match-tag'),
    topics: [reads],
    processor: matchTagProcessor(createMatcher(), tagger, serdes),
    deadLetters: serdes.deadLetter,
    logger: silentLogger,
  });
  await runner.start();
}, 120_000);

afterAll(async () => {
  await runner?.stop();
  await reg?.discard();
  await cleanupKafka();
}, 60_000);

async function taggedIds(n: number): Promise<string[]> {
  const got = await consumeN(tagged, n, 30_000);
  return Promise.all(got.map(async (m) => (await serdes.taggedRead.decode(m.value!)).read.read_id));
}

describe('match+tag through a registry outage', () => {
  it('registry down, then back empty > known ids flow, an unseen id waits, then is dead-lettered whole', async () => {
    const first = sampleRead({ read_id: 'outage-first' });
    await produceMessages(reads, [{ key: first.read_id, value: await serdes.read.encode(first) }]);
    expect(await taggedIds(1)).toEqual(['outage-first']);

    // A newer producer's schema, registered while the registry is up.
    const schema = JSON.parse(codecs.read.schema) as { fields: object[] };
    const newer = codecFor<Read>({
      ...schema,
      fields: [...schema.fields, { name: 'lane', type: ['null', 'int'], default: null }],
    } as never);
    const client = testRegistryClient(reg.url);
    const newerSerde = await createSerde(client, 'read', { topic: reads, codec: newer });
    const unseen = await newerSerde.encode(sampleRead({ read_id: 'outage-unseen' }));
    await reg.stop();

    const during = sampleRead({ read_id: 'outage-during' });
    const duringBytes = await serdes.read.encode(during);
    await produceMessages(reads, [{ key: during.read_id, value: duringBytes }]);
    expect(await taggedIds(2)).toEqual(['outage-first', 'outage-during']);

    await produceMessages(reads, [{ key: 'outage-unseen', value: unseen }]);
    // Retried, not dropped: nothing reaches the dead-letter topic meanwhile.
    await expect(consumeN(dlq, 1, 4_000)).rejects.toThrow(/0 of 1/);

    await reg.start();
    const [dead] = await consumeN(dlq, 1, 45_000);
    const letter = await serdes.deadLetter.decode(dead!.value!);
    const expected = { code: 'UNKNOWN_SCHEMA_ID', processor: 'match-tag', source_topic: reads };
    expect(letter).toMatchObject(expected);
    expect(letter.original.equals(unseen)).toBe(true);
  }, 120_000);
});
