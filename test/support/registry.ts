/**
 * Helpers for integration tests against a real schema registry: the local
 * Apicurio Registry that scripts/test.sh starts (infra/registry/start.sh),
 * or any Confluent-compatible one named by ALPR_SCHEMA_REGISTRY_URL. Tests
 * use their own topics, hence their own subjects (`<topic>-value`).
 *
 *   const serde = await testSerde('hotlistEntry', topic);
 *
 * `startPrivateRegistry()` runs a second registry on a free port, for tests
 * that stop it (outages); the shared one other tests use is never stopped.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../lib/config.ts';
import type { Codec } from '../../schemas/avro.ts';
import { createRegistryClient, type Client } from '../../schemas/registry.ts';
import {
  createSerde,
  type SerdeKind,
  type SerdeValues,
  type TopicSerde,
} from '../../schemas/serdes.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

export function testRegistryUrl(env: NodeJS.ProcessEnv = process.env): string {
  return loadConfig({ ALPR_SCHEMA_REGISTRY_URL: env.ALPR_SCHEMA_REGISTRY_URL }).schemaRegistryUrl;
}

export function testRegistryClient(url = testRegistryUrl()): Client {
  return createRegistryClient({
    schemaRegistryUrl: url,
    schemaRegistryUser: '',
    schemaRegistryPassword: '',
  });
}

/** A serde of `kind` on `topic`, registered in the shared test registry. */
export function testSerde<K extends SerdeKind>(
  kind: K,
  topic: string,
  codec?: Codec<unknown>,
): Promise<TopicSerde<SerdeValues[K]>> {
  return createSerde(testRegistryClient(), kind, { topic, codec, startupTimeoutMs: 10_000 });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface PrivateRegistry {
  url: string;
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops it and removes its log files from .cache/registry/. */
  discard(): Promise<void>;
}

const execFileAsync = promisify(execFile);

async function run(script: string, port: number): Promise<void> {
  try {
    await execFileAsync('bash', [`${root}infra/registry/${script}`], {
      env: { ...process.env, REGISTRY_LOCAL_PORT: String(port) },
    });
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string };
    throw new Error(`infra/registry/${script} on port ${port} failed: ${e.stderr || e.stdout}`);
  }
}

/**
 * A registry of our own on a free port (a ~4 s JVM start), through the
 * project's start and stop scripts. Its storage is in memory: a restart
 * comes back empty.
 */
export async function startPrivateRegistry(): Promise<PrivateRegistry> {
  const port = await freePort();
  const reg: PrivateRegistry = {
    url: `http://127.0.0.1:${port}/apis/ccompat/v7`,
    port,
    start: () => run('start.sh', port),
    stop: () => run('stop.sh', port),
    async discard() {
      await run('stop.sh', port);
      for (const f of [`registry-${port}.log`, `registry-${port}.log.1`]) {
        rmSync(`${root}.cache/registry/${f}`, { force: true });
      }
    },
  };
  await reg.start();
  return reg;
}
