/**
 * A registry outage, on a private registry (infra/registry/start.sh on a
 * free port) that this file stops and starts again; the shared registry the
 * other tests use is never touched. Its storage is in memory, so it comes
 * back empty, as a restarted local registry does.
 *
 *   registry down  producers keep encoding with the id registered at start
 *                  consumers keep decoding every id they have seen
 *                  a never-seen id, a new registration: retriable
 *                  SCHEMA_REGISTRY_UNAVAILABLE (the runner retries the batch,
 *                  nothing is dead-lettered or skipped)
 *   registry back  a registration that was retrying succeeds
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAlprError } from '../lib/errors.ts';
import { sampleRead } from '../store/fixtures.ts';
import {
  startPrivateRegistry,
  testRegistryClient,
  type PrivateRegistry,
} from '../test/support/registry.ts';
import { codecFor, codecs } from './avro.ts';
import { createSerde, type TopicSerde } from './serdes.ts';
import type { Read } from './types.ts';

const topic = `test.outage.${randomBytes(5).toString('hex')}`;
let reg: PrivateRegistry;
let writer: TopicSerde<Read>;
let reader: TopicSerde<Read>;
let newerBytes: Buffer;

beforeAll(async () => {
  reg = await startPrivateRegistry();
  writer = await createSerde(testRegistryClient(reg.url), 'read', { topic });
  reader = await createSerde(testRegistryClient(reg.url), 'read', { topic });
  // The reader learns the writer's id by decoding one record.
  await reader.decode(await writer.encode(sampleRead()));
  // A newer producer version: its id the reader has never seen.
  const schema = JSON.parse(codecs.read.schema) as { fields: object[] };
  const newer = codecFor({
    ...schema,
    fields: [...schema.fields, { name: 'lane', type: ['null', 'int'], default: null }],
  } as never);
  const client = testRegistryClient(reg.url);
  const newerWriter = await createSerde(client, 'read', { topic, codec: newer });
  newerBytes = await newerWriter.encode({ ...sampleRead(), lane: 2 } as Read);
  await reg.stop();
}, 120_000);

afterAll(async () => {
  await reg?.discard();
}, 60_000);

async function failure(p: Promise<unknown>): Promise<{ code?: string; retriable?: boolean }> {
  try {
    await p;
  } catch (e) {
    return isAlprError(e) ? { code: e.code, retriable: e.retriable } : { code: String(e) };
  }
  return {};
}

describe('registry outage', () => {
  it('registry down > producer with its schema registered > keeps encoding with the same id', async () => {
    const read = sampleRead();
    const bytes = await writer.encode(read);
    expect(bytes.readInt32BE(1)).toBe(writer.schemaId);
    expect(await reader.decode(bytes)).toEqual(read);
  });

  it('registry down > consumer meets a schema id it never saw > retriable SCHEMA_REGISTRY_UNAVAILABLE', async () => {
    expect(await failure(reader.decode(newerBytes))).toEqual({
      code: 'SCHEMA_REGISTRY_UNAVAILABLE',
      retriable: true,
    });
  });

  it('registry down > a new producer registering > retriable error, then success once the registry is back', async () => {
    const client = () => testRegistryClient(reg.url);
    const quick = createSerde(client(), 'read', { topic, startupTimeoutMs: 1000 });
    expect(await failure(quick)).toEqual({ code: 'SCHEMA_REGISTRY_UNAVAILABLE', retriable: true });

    const patient = createSerde(client(), 'read', { topic, startupTimeoutMs: 60_000 });
    await reg.start();
    const serde = await patient;
    const read = sampleRead();
    expect(await serde.decode(await serde.encode(read))).toEqual(read);
  }, 90_000);
});
