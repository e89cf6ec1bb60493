/**
 * Schema evolution and the Confluent wire format against the real local
 * schema registry (infra/registry/start.sh; ALPR_SCHEMA_REGISTRY_URL for
 * another one). Each test has its own topic name, hence its own subject.
 * No broker is needed: the serdes are exercised directly.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isAlprError } from '../lib/errors.ts';
import { sampleRead } from '../store/fixtures.ts';
import { testRegistryClient } from '../test/support/registry.ts';
import { codecFor, codecs } from './avro.ts';
import { Compatibility, createSerde, createTopicSerde } from './serdes.ts';
import type { AuditEvent } from './types.ts';

const topicName = (prefix: string) => `test.${prefix}.${randomBytes(5).toString('hex')}`;

interface Failure {
  code?: string;
  retriable?: boolean;
  context?: object;
}

async function failure(p: Promise<unknown>): Promise<Failure> {
  try {
    await p;
  } catch (e) {
    if (!isAlprError(e)) return { code: String(e) };
    return { code: e.code, retriable: e.retriable, context: e.context };
  }
  return {};
}

type V1 = { id: string; plate: string };
type V2 = V1 & { note: string | null };
const v1 = codecFor<V1>({
  type: 'record',
  name: 'Evolving',
  namespace: 'alpr.test',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'plate', type: 'string' },
  ],
});
const withOptional = codecFor<V2>({
  type: 'record',
  name: 'Evolving',
  namespace: 'alpr.test',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'plate', type: 'string' },
    { name: 'note', type: ['null', 'string'], default: null },
  ],
});
const withRequired = codecFor<V1 & { lane: number }>({
  type: 'record',
  name: 'Evolving',
  namespace: 'alpr.test',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'plate', type: 'string' },
    { name: 'lane', type: 'int' },
  ],
});

describe('schema evolution on the real registry', () => {
  it('optional field with a default > added by a producer > old consumers read on, new read old', async () => {
    const topic = topicName('evolve-optional');
    const opts = { topic, compatibility: Compatibility.BACKWARD };
    const oldSide = await createTopicSerde(testRegistryClient(), { ...opts, codec: v1 });
    const newSide = await createTopicSerde(testRegistryClient(), { ...opts, codec: withOptional });
    expect(newSide.schemaId).not.toBe(oldSide.schemaId);

    const fromNew = await newSide.encode({ id: 'r1', plate: 'KTR4821', note: 'lane 2' });
    expect(fromNew.readInt32BE(1)).toBe(newSide.schemaId);
    expect(await oldSide.decode(fromNew)).toEqual({ id: 'r1', plate: 'KTR4821' });
    const fromOld = await oldSide.encode({ id: 'r0', plate: 'BNE0452' });
    expect(await newSide.decode(fromOld)).toEqual({ id: 'r0', plate: 'BNE0452', note: null });
  });

  it('required field without a default > registered under BACKWARD > SCHEMA_INCOMPATIBLE naming the subject', async () => {
    const topic = topicName('evolve-required');
    const opts = { topic, compatibility: Compatibility.BACKWARD };
    await createTopicSerde(testRegistryClient(), { ...opts, codec: v1 });
    const client = testRegistryClient();
    const err = await failure(createTopicSerde(client, { ...opts, codec: withRequired }));
    expect(err.code).toBe('SCHEMA_INCOMPATIBLE');
    expect(err.retriable).toBe(false);
    const subject = `${topic}-value`;
    expect(err.context).toMatchObject({ subject, operation: 'register', status: 409 });
  });

  // Dropping a field without a default is fine for new readers (BACKWARD)
  // but breaks every older reader of the kept-forever audit trail.
  it('audit topic > required field removed > refused under FULL_TRANSITIVE', async () => {
    const topic = topicName('evolve-audit');
    await createSerde(testRegistryClient(), 'auditEvent', { topic });
    const schema = JSON.parse(codecs.auditEvent.schema) as { fields: { name: string }[] };
    const fewer = codecFor<AuditEvent>({
      ...schema,
      fields: schema.fields.filter((f) => f.name !== 'outcome'),
    } as never);
    const client = testRegistryClient();
    const err = await failure(createSerde(client, 'auditEvent', { topic, codec: fewer }));
    expect(err.code).toBe('SCHEMA_INCOMPATIBLE');
    expect(err.context).toMatchObject({ subject: `${topic}-value` });
    const config = await testRegistryClient().getConfig(`${topic}-value`);
    expect(config.compatibility ?? config.compatibilityLevel).toBe('FULL_TRANSITIVE');
  });

  it('every Avro topic > registered > compatibility set per subject', async () => {
    const topic = topicName('evolve-config');
    await createSerde(testRegistryClient(), 'read', { topic });
    await createSerde(testRegistryClient(), 'hotlistEntry', { topic: `${topic}.hotlists` });
    const client = testRegistryClient();
    const level = async (s: string) => {
      const c = await client.getConfig(s);
      return c.compatibility ?? c.compatibilityLevel;
    };
    expect(await level(`${topic}-value`)).toBe('BACKWARD');
    expect(await level(`${topic}.hotlists-value`)).toBe('BACKWARD_TRANSITIVE');
  });

  it('consumer > schema id it has never seen > fetched from the registry, then decoded', async () => {
    const topic = topicName('evolve-fetch');
    const writer = await createSerde(testRegistryClient(), 'read', { topic, codec: codecs.read });
    const read = sampleRead();
    const bytes = await writer.encode(read);
    // A consumer built on a fresh client whose own schema differs (a newer
    // Read with one more optional field): the writer's id is not in its caches.
    const schema = JSON.parse(codecs.read.schema) as { fields: object[] };
    const newer = codecFor({
      ...schema,
      fields: [...schema.fields, { name: 'lane', type: ['null', 'int'], default: null }],
    } as never);
    const client = testRegistryClient();
    const reader = await createSerde(client, 'read', { topic, codec: newer });
    expect(reader.schemaId).not.toBe(writer.schemaId);
    expect(await reader.decode(bytes)).toEqual({ ...read, lane: null });
  });

  it('consumer > schema id the registry never issued > UNKNOWN_SCHEMA_ID, not retriable', async () => {
    const topic = topicName('evolve-unknown');
    const serde = await createSerde(testRegistryClient(), 'read', { topic });
    const bytes = await serde.encode(sampleRead());
    bytes.writeInt32BE(2_000_000_001, 1);
    const err = await failure(serde.decode(bytes));
    expect(err).toMatchObject({ code: 'UNKNOWN_SCHEMA_ID', retriable: false });
    expect(err.context).toMatchObject({ schemaId: 2_000_000_001 });
  });
});
