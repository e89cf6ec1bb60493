/**
 * Helpers for the store's tests. Integration tests run on the real embedded
 * engine. chDB binds one data directory per process (a Session at a second
 * path throws; Sessions at the same path coexist), so every engine opened
 * here in a process shares one directory, and each test gets a database of
 * its own: files and tests cannot see each other's rows, whether vitest runs
 * files in separate processes (forks) or in threads of one.
 *
 *   const t = await openTestEngine('queries');
 *   afterAll(() => t.drop());
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { createLogger, silentLogger } from '../lib/log.ts';
import { createChdbEngine } from './chdb.ts';
import type { ClickHouseEngine } from './engine.ts';
import { migrate } from './migrate.ts';

export { sampleRead, sampleTagged } from './fixtures.ts';

const DIR = join(tmpdir(), `alpr-store-test-${process.pid}`);
// Engines open in this module instance; the directory goes with the last one.
let open = 0;

export interface TestEngine {
  engine: ClickHouseEngine;
  /** Drop this test's database and close its engine. */
  drop(): Promise<void>;
}

export function testLogger() {
  const level = process.env.TEST_LOG_LEVEL;
  return level ? createLogger(level) : silentLogger;
}

/** A unique database name: letters, digits and _ only. */
export function uniqueDatabase(label: string): string {
  return `t_${label.replace(/[^A-Za-z0-9_]/g, '_')}_${randomBytes(4).toString('hex')}`;
}

/** The process's shared chDB data directory. */
export function testDataDir(): string {
  return DIR;
}

/** An embedded engine on a fresh database, migrated unless `migrated` is false. */
export async function openTestEngine(label: string, migrated = true): Promise<TestEngine> {
  const engine = createChdbEngine({
    path: testDataDir(),
    database: uniqueDatabase(label),
    logger: testLogger(),
  });
  open += 1;
  if (migrated) await migrate(engine);
  return {
    engine,
    async drop() {
      try {
        await engine.exec(`DROP DATABASE IF EXISTS ${engine.database} SYNC`);
      } finally {
        await engine.close();
        open -= 1;
        // Worker threads share the directory with other threads: only a
        // process of its own (vitest's forks pool) may remove it.
        if (open === 0 && isMainThread) rmSync(DIR, { recursive: true, force: true });
      }
    },
  };
}
