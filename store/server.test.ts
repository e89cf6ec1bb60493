/**
 * The server engine without a server: a stand-in records the calls that
 * would go to @clickhouse/client, so these tests prove the statements,
 * parameters, formats and error mapping, not the HTTP exchange.
 */
import { ClickHouseError } from '@clickhouse/client';
import { describe, expect, it } from 'vitest';
import { AlprError, ErrorCodes } from '../lib/errors.ts';
import { loadConfig } from '../lib/config.ts';
import { silentLogger } from '../lib/log.ts';
import { migrate } from './migrate.ts';
import { readsByCamera } from './queries.ts';
import { createServerEngine, redactUrl, serverOptionsFrom, type ServerClient } from './server.ts';

interface Call {
  method: 'command' | 'query' | 'insert' | 'close';
  args: unknown;
}

function recordingClient(opts: { rows?: object[]; fail?: unknown } = {}) {
  const calls: Call[] = [];
  const client: ServerClient = {
    async command(p) {
      calls.push({ method: 'command', args: p });
      if (opts.fail) throw opts.fail;
    },
    async query(p) {
      calls.push({ method: 'query', args: p });
      if (opts.fail) throw opts.fail;
      return { json: async <T>() => (opts.rows ?? []) as T[] };
    },
    async insert(p) {
      calls.push({ method: 'insert', args: p });
      if (opts.fail) throw opts.fail;
    },
    async close() {
      calls.push({ method: 'close', args: null });
    },
  };
  return { client, calls };
}

const options = {
  url: 'http://user:secret@ch.example:8123',
  username: 'alpr',
  password: 'pw',
  database: 'alpr',
  logger: silentLogger,
};

describe('server engine', () => {
  it('query > with parameters > sends them as query_params in JSONEachRow', async () => {
    const { client, calls } = recordingClient({ rows: [{ n: 1 }] });
    const engine = createServerEngine(options, client);
    const rows = await engine.query<{ n: number }>('SELECT {n:UInt8} AS n', { n: 1 });
    expect(rows).toEqual([{ n: 1 }]);
    expect(calls).toEqual([
      {
        method: 'query',
        args: { query: 'SELECT {n:UInt8} AS n', format: 'JSONEachRow', query_params: { n: 1 } },
      },
    ]);
  });

  it('exec > without parameters > sends a command with no query_params', async () => {
    const { client, calls } = recordingClient();
    await createServerEngine(options, client).exec('OPTIMIZE TABLE alpr.reads');
    expect(calls).toEqual([{ method: 'command', args: { query: 'OPTIMIZE TABLE alpr.reads' } }]);
  });

  it('insert > rows > qualified table, JSONEachRow, rows unchanged', async () => {
    const { client, calls } = recordingClient();
    const rows = [{ a: 1 }, { a: 2 }];
    await createServerEngine(options, client).insertJsonEachRow('hits', rows);
    expect(calls).toEqual([
      { method: 'insert', args: { table: 'alpr.hits', values: rows, format: 'JSONEachRow' } },
    ]);
  });

  it('insert > no rows > no request', async () => {
    const { client, calls } = recordingClient();
    await createServerEngine(options, client).insertJsonEachRow('hits', []);
    expect(calls).toEqual([]);
  });

  it('migrate > fresh server > creates the database, then reads, hits, audit_events', async () => {
    const { client, calls } = recordingClient();
    await migrate(createServerEngine(options, client));
    const queries = calls.map((c) => (c.args as { query: string }).query);
    expect(queries[0]).toBe('CREATE DATABASE IF NOT EXISTS alpr');
    expect(queries.slice(1).map((q) => /CREATE TABLE IF NOT EXISTS (\S+)/.exec(q)?.[1])).toEqual([
      'alpr.reads',
      'alpr.hits',
      'alpr.audit_events',
    ]);
    expect(queries.join('\n')).not.toContain('{db}');
  });

  it('readsByCamera > valid query > binds every value as a parameter', async () => {
    const { client, calls } = recordingClient();
    await readsByCamera(createServerEngine(options, client), {
      cameraId: "cam'1",
      fromMs: 1000,
      toMs: 2000,
      limit: 5,
    });
    const args = calls[0]?.args as { query: string; query_params: Record<string, unknown> };
    expect(args.query).not.toContain("cam'1");
    expect(args.query).toContain('alpr.reads');
    expect(args.query_params).toEqual({ cameraId: "cam'1", fromMs: 1000, toMs: 2000, limit: 5 });
  });

  it.each<[string, unknown, string, boolean]>([
    [
      'TOO_MANY_PARTS',
      new ClickHouseError({ message: 'Too many parts', code: '252', type: 'TOO_MANY_PARTS' }),
      ErrorCodes.STORE_UNAVAILABLE,
      true,
    ],
    [
      'unknown table',
      new ClickHouseError({ message: 'no table', code: '60', type: 'UNKNOWN_TABLE' }),
      ErrorCodes.STORE_QUERY_FAILED,
      false,
    ],
    [
      'refused socket',
      Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
      ErrorCodes.STORE_UNAVAILABLE,
      true,
    ],
  ])('insert > server answers %s > AlprError %s', async (_name, failure, code, retriable) => {
    const { client } = recordingClient({ fail: failure });
    const err = await createServerEngine(options, client)
      .insertJsonEachRow('reads', [{}])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AlprError);
    expect(err).toMatchObject({
      code,
      retriable,
      context: { op: 'insert', table: 'reads', engine: 'server' },
    });
  });

  it('close > twice > closes the client once', async () => {
    const { client, calls } = recordingClient();
    const engine = createServerEngine(options, client);
    await engine.close();
    await engine.close();
    expect(calls.filter((c) => c.method === 'close')).toHaveLength(1);
  });

  it('database name > needs quoting > CONFIG_INVALID before any request', () => {
    const { client } = recordingClient();
    expect(() => createServerEngine({ ...options, database: 'alpr-prod' }, client)).toThrow(
      expect.objectContaining({ code: ErrorCodes.CONFIG_INVALID }),
    );
  });
});

describe('serverOptionsFrom', () => {
  it('configuration > server settings > url, user, password and database carried over', () => {
    const config = loadConfig({
      ALPR_CLICKHOUSE_URL: 'http://ch:8123',
      ALPR_CLICKHOUSE_USER: 'alpr',
      ALPR_CLICKHOUSE_PASSWORD: 'pw',
      ALPR_CLICKHOUSE_DATABASE: 'alpr_prod',
    });
    expect(serverOptionsFrom(config, silentLogger)).toMatchObject({
      url: 'http://ch:8123',
      username: 'alpr',
      password: 'pw',
      database: 'alpr_prod',
    });
  });
});

describe('redactUrl', () => {
  it.each([
    ['http://user:secret@ch:8123/', 'http://ch:8123/'],
    ['https://ch.example', 'https://ch.example/'],
    ['not a url', '(unparsable url)'],
  ])('url %s > logged > %s', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });
});
