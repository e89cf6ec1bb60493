import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../lib/errors.ts';
import { createChdbEngine } from './chdb.ts';
import { openTestEngine, testDataDir, testLogger, type TestEngine } from './test-support.ts';

let t: TestEngine;
let db: string;

beforeAll(async () => {
  t = await openTestEngine('chdb', false);
  db = t.engine.database;
  await t.engine.exec(`CREATE DATABASE ${db}`);
  await t.engine.exec(`CREATE TABLE ${db}.kv (k String, v UInt32) ENGINE = MergeTree ORDER BY k`);
});
afterAll(() => t.drop());

describe('chDB engine', () => {
  it('query > bound parameters > values stay values, even with quotes', async () => {
    const s = "x'); DROP TABLE kv; --";
    const rows = await t.engine.query('SELECT {s:String} AS s, {n:UInt32} AS n', { s, n: 7 });
    expect(rows).toEqual([{ s, n: 7 }]);
  });

  it('insert and query > 40 operations at once > all succeed', async () => {
    const ops: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i++) {
      ops.push(t.engine.insertJsonEachRow('kv', [{ k: `k${i}`, v: i }]));
      ops.push(t.engine.query('SELECT count() AS n FROM {db:Identifier}.kv', { db }));
    }
    await Promise.all(ops);
    const [row] = await t.engine.query<{ n: number; s: number }>(
      `SELECT count() AS n, sum(v) AS s FROM ${db}.kv`,
    );
    expect({ n: Number(row?.n), s: Number(row?.s) }).toEqual({ n: 20, s: 190 });
  });

  it.each([
    ['a syntax error', 'SELEC 1', 62],
    ['an unknown database', 'SELECT * FROM nowhere_db.nothing', 81],
  ])('query > %s > STORE_QUERY_FAILED with ClickHouse code %d', async (_name, sql, chCode) => {
    const err = await t.engine.query(sql).catch((e) => e);
    expect(err).toMatchObject({
      code: ErrorCodes.STORE_QUERY_FAILED,
      retriable: false,
      context: { clickhouse_code: chCode, engine: 'chdb' },
    });
  });

  it('insert > a row the table cannot parse > STORE_INSERT_REJECTED', async () => {
    const err = await t.engine
      .insertJsonEachRow('kv', [{ k: 'x', v: 'not a number' }])
      .catch((e) => e);
    expect(err).toMatchObject({ code: ErrorCodes.STORE_INSERT_REJECTED, context: { table: 'kv' } });
  });

  it('second data directory > in the same process > STORE_UNAVAILABLE, not retriable', () => {
    const path = join(tmpdir(), `${db}-elsewhere`);
    const open = () => createChdbEngine({ path, database: 'x', logger: testLogger() });
    expect(open).toThrow(
      expect.objectContaining({ code: ErrorCodes.STORE_UNAVAILABLE, retriable: false }),
    );
  });

  it('close > twice, then a query > closes once; the query is STORE_UNAVAILABLE', async () => {
    const other = createChdbEngine({ path: testDataDir(), database: 'x', logger: testLogger() });
    await other.close();
    await other.close();
    const err = await other.query('SELECT 1').catch((e) => e);
    expect(err).toMatchObject({ code: ErrorCodes.STORE_UNAVAILABLE, retriable: false });
  });
});
