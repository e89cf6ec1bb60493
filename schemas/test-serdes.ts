/**
 * Serdes for unit tests: the real createSerdes over the schema registry
 * package's in-process MockClient, so no network is touched. The wire format,
 * ids and error mapping are the production ones; compatibility rules are not
 * enforced by the mock (the integration tests prove those on a real registry).
 */
import { MockClient } from '@confluentinc/schemaregistry/dist/mock-schemaregistry-client.js';
import { createSerdes, type Serdes, type SerdesOptions } from './serdes.ts';
import type { Client } from './registry.ts';

export function mockRegistryClient(): Client {
  return new MockClient({ baseURLs: ['mock://unit'] });
}

export async function testSerdes(opts: SerdesOptions = {}): Promise<Serdes> {
  return createSerdes(mockRegistryClient(), opts);
}
