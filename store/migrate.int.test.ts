import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../lib/config.ts';
import { migrate, openStore, TABLES, type ClickHouseEngine } from './index.ts';
import {
  openTestEngine,
  testDataDir,
  testLogger,
  uniqueDatabase,
  type TestEngine,
} from './test-support.ts';

let t: TestEngine;

beforeAll(async () => {
  t = await openTestEngine('migrate');
});
afterAll(() => t.drop());

async function createQuery(engine: ClickHouseEngine, table: string): Promise<string> {
  const rows = await engine.query<{ q: string }>(
    'SELECT create_table_query AS q FROM system.tables ' +
      'WHERE database = {db:String} AND name = {t:String}',
    { db: engine.database, t: table },
  );
  return rows[0]?.q ?? '';
}

describe('migrations on chDB', () => {
  it('DDL > applied a second time > no error, same three tables', async () => {
    await migrate(t.engine);
    await migrate(t.engine);
    const rows = await t.engine.query<{ name: string; engine: string }>(
      'SELECT name, engine FROM system.tables WHERE database = {db:String} ORDER BY name',
      { db: t.engine.database },
    );
    expect(rows).toEqual([
      { name: 'audit_events', engine: 'MergeTree' },
      { name: 'hits', engine: 'ReplacingMergeTree' },
      { name: 'reads', engine: 'ReplacingMergeTree' },
    ]);
  });

  it('audit_events > as created > has no TTL', async () => {
    const q = await createQuery(t.engine, 'audit_events');
    expect(q).toContain('ENGINE = MergeTree');
    expect(q).not.toMatch(/\bTTL\b/);
  });

  it('reads > as created > TTL on capture plus retention, whole parts dropped', async () => {
    const q = await createQuery(t.engine, 'reads');
    expect(q).toContain('TTL captured_at + toIntervalDay(retention_days)');
    expect(q).toContain('ttl_only_drop_parts = 1');
    expect(q).toContain('PARTITION BY toDate(captured_at + toIntervalDay(retention_days))');
    expect(q).toContain('ReplacingMergeTree(stored_at)');
  });

  it('hits > as created > TTL of 90 days after capture, not shorter', async () => {
    const q = await createQuery(t.engine, 'hits');
    const days = Number(/TTL captured_at \+ toIntervalDay\((\d+)\)/.exec(q)?.[1]);
    expect(days).toBeGreaterThanOrEqual(90);
  });
});

describe('openStore', () => {
  it('configuration > no server URL > embedded engine with every table created', async () => {
    const config = loadConfig({
      ALPR_CHDB_PATH: testDataDir(),
      ALPR_CLICKHOUSE_DATABASE: uniqueDatabase('open_store'),
    });
    const engine = await openStore(config, testLogger());
    try {
      expect(engine.kind).toBe('chdb');
      const rows = await engine.query<{ name: string }>(
        'SELECT name FROM system.tables WHERE database = {db:String} ORDER BY name',
        { db: engine.database },
      );
      expect(rows.map((r) => r.name)).toEqual([...TABLES].sort());
    } finally {
      await engine.exec(`DROP DATABASE IF EXISTS ${engine.database} SYNC`);
      await engine.close();
    }
  });
});
