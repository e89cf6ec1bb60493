import { describe, expect, it } from 'vitest';
import { isAlprError } from '../lib/errors.ts';
import { sampleRead } from '../store/fixtures.ts';
import { codecFor, codecs } from './avro.ts';
import { createTopicSerde, Compatibility, subjectOf } from './serdes.ts';
import { mockRegistryClient, testSerdes } from './test-serdes.ts';
import type { DeadLetter, Read } from './types.ts';

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return isAlprError(e) ? e.code : 'NOT_ALPR_ERROR';
  }
}

const deadLetter: DeadLetter = {
  code: 'MALFORMED_JSON',
  reason: 'unexpected token',
  processor: 'normalize',
  source_topic: 'alpr.reads.raw',
  source_partition: 2,
  source_offset: '41',
  source_key: null,
  source_headers: { 'alpr-source': 'unit' },
  original: Buffer.from('{not json'),
  failed_at_ms: 1_760_000_000_000,
};

describe('serdes', () => {
  it('encode > a read > magic byte 0, the registered id, then the Avro body', async () => {
    const serdes = await testSerdes();
    const read = sampleRead();
    const bytes = await serdes.read.encode(read);
    expect(bytes[0]).toBe(0);
    expect(bytes.readInt32BE(1)).toBe(serdes.read.schemaId);
    expect(bytes.subarray(5).equals(codecs.read.encode(read))).toBe(true);
    expect(await serdes.read.decode(bytes)).toEqual(read);
  });

  it('subjects > every Avro topic > <topic>-value, one id each', async () => {
    const serdes = await testSerdes();
    expect(serdes.auditEvent.subject).toBe('alpr.audit.access-value');
    expect(serdes.hotlistEntry.subject).toBe('alpr.hotlists-value');
    expect(serdes.deadLetter.subject).toBe(subjectOf('alpr.reads.dlq'));
    const ids = new Set(Object.values(serdes).map((s) => s.schemaId));
    expect(ids.size).toBe(6);
  });

  it('dead letter > bytes and map fields > round-trip unchanged', async () => {
    const serdes = await testSerdes();
    const bytes = await serdes.deadLetter.encode(deadLetter);
    expect(await serdes.deadLetter.decode(bytes)).toEqual(deadLetter);
  });

  it('decode > plain Avro without the header > UNDECODABLE_RECORD', async () => {
    const serdes = await testSerdes();
    const plain = codecs.read.encode(sampleRead());
    expect(await codeOf(serdes.read.decode(plain))).toBe('UNDECODABLE_RECORD');
    expect(await codeOf(serdes.read.decode(Buffer.from([0, 0, 0])))).toBe('UNDECODABLE_RECORD');
  });

  it('decode > schema id the registry never issued > UNKNOWN_SCHEMA_ID, not retriable', async () => {
    const serdes = await testSerdes();
    const bytes = await serdes.read.encode(sampleRead());
    bytes.writeInt32BE(987_654, 1);
    const err = await serdes.read.decode(bytes).catch((e: unknown) => e);
    expect(isAlprError(err) && err.code).toBe('UNKNOWN_SCHEMA_ID');
    expect(isAlprError(err) && err.retriable).toBe(false);
    expect(isAlprError(err) && err.context.schemaId).toBe(987_654);
  });

  it('decode > truncated body behind a known id > UNDECODABLE_RECORD', async () => {
    const serdes = await testSerdes();
    const bytes = await serdes.read.encode(sampleRead());
    expect(await codeOf(serdes.read.decode(bytes.subarray(0, 12)))).toBe('UNDECODABLE_RECORD');
  });

  it('encode > value missing a required field > INVALID_FIELD naming the subject', async () => {
    const serdes = await testSerdes();
    const bad = { ...sampleRead(), plate_raw: undefined } as unknown as Read;
    const err = await serdes.read.encode(bad).catch((e: unknown) => e);
    expect(isAlprError(err) && err.code).toBe('INVALID_FIELD');
    expect(isAlprError(err) && err.context.subject).toBe('alpr.reads-value');
  });

  it('decode > writer schema with an added optional field > read with the reader schema', async () => {
    const client = mockRegistryClient();
    const topic = 'unit.evolve';
    const v1 = codecFor<{ a: string }>({
      type: 'record',
      name: 'E',
      fields: [{ name: 'a', type: 'string' }],
    });
    const v2 = codecFor<{ a: string; b: string | null }>({
      type: 'record',
      name: 'E',
      fields: [
        { name: 'a', type: 'string' },
        { name: 'b', type: ['null', 'string'], default: null },
      ],
    });
    const compatibility = Compatibility.BACKWARD;
    const old = await createTopicSerde(client, { topic, codec: v1, compatibility });
    const neu = await createTopicSerde(client, { topic, codec: v2, compatibility });
    expect(neu.schemaId).not.toBe(old.schemaId);
    expect(await old.decode(await neu.encode({ a: 'x', b: 'y' }))).toEqual({ a: 'x' });
    expect(await neu.decode(await old.encode({ a: 'x' }))).toEqual({ a: 'x', b: null });
  });
});
