/**
 * ClickHouseEngine on a ClickHouse server, over HTTP with @clickhouse/client
 * 1.23 (https://clickhouse.com/docs/integrations/javascript).
 *
 * - exec   -> client.command({ query, query_params })
 * - query  -> client.query({ query, query_params, format: 'JSONEachRow' }).json()
 * - insert -> client.insert({ table: 'db.table', values, format: 'JSONEachRow' })
 *
 * The client gets no default database: the database may not exist before the
 * migrations create it, and every statement names `db.table` anyway.
 * Needs ClickHouse 24.8 or later (deduplicate_merge_projection_mode in
 * schemas/clickhouse/reads.sql). For a cluster the DDL would need
 * Replicated* engines and ON CLUSTER; this engine targets one server.
 *
 * No server runs on the development machines: this file is covered by unit
 * tests of the calls it makes (server.test.ts), not by integration tests.
 */
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import type { Config } from '../lib/config.ts';
import type { Logger } from '../lib/log.ts';
import {
  checkIdentifier,
  hasParams,
  qualified,
  type ClickHouseEngine,
  type QueryParams,
} from './engine.ts';
import { toStoreError } from './errors.ts';

/** The part of @clickhouse/client this engine uses; tests pass a recording stand-in. */
export interface ServerClient {
  command(p: { query: string; query_params?: QueryParams }): Promise<unknown>;
  query(p: {
    query: string;
    query_params?: QueryParams;
    format: 'JSONEachRow';
  }): Promise<{ json<T>(): Promise<T[]> }>;
  insert(p: { table: string; values: readonly object[]; format: 'JSONEachRow' }): Promise<unknown>;
  close(): Promise<void>;
}

export interface ServerEngineOptions {
  url: string;
  username: string;
  password: string;
  database: string;
  logger: Logger;
  /** Per request; a query past it fails as retriable STORE_UNAVAILABLE. */
  requestTimeoutMs?: number;
}

// A 90-day area query over a busy deployment can scan for tens of seconds;
// the client's own default (30 s) would cut it off.
const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;

/** Options for createClient, from the product's configuration. */
export function serverOptionsFrom(config: Config, logger: Logger): ServerEngineOptions {
  return {
    url: config.clickhouseUrl,
    username: config.clickhouseUser,
    password: config.clickhousePassword,
    database: config.clickhouseDatabase,
    logger,
  };
}

function clientFor(opts: ServerEngineOptions): ServerClient {
  const client: ClickHouseClient = createClient({
    url: opts.url,
    username: opts.username,
    password: opts.password,
    application: 'alpr-custodian',
    request_timeout: opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
  });
  return {
    command: (p) => client.command(p),
    query: (p) => client.query(p),
    insert: (p) => client.insert({ ...p, values: [...p.values] }),
    close: () => client.close(),
  };
}

class ServerEngine implements ClickHouseEngine {
  readonly kind = 'server' as const;
  readonly database: string;
  private closed = false;

  constructor(
    private readonly client: ServerClient,
    database: string,
  ) {
    this.database = checkIdentifier(database, 'ALPR_CLICKHOUSE_DATABASE');
  }

  private fail(e: unknown, op: string, table?: string): never {
    throw toStoreError(e, { op, engine: 'server', table });
  }

  async exec(sql: string, params?: QueryParams): Promise<void> {
    try {
      const p = hasParams(params) ? { query: sql, query_params: params } : { query: sql };
      await this.client.command(p);
    } catch (e) {
      this.fail(e, 'exec');
    }
  }

  async query<T>(sql: string, params?: QueryParams): Promise<T[]> {
    try {
      const rs = await this.client.query({
        query: sql,
        format: 'JSONEachRow',
        ...(hasParams(params) ? { query_params: params } : {}),
      });
      return await rs.json<T>();
    } catch (e) {
      this.fail(e, 'query');
    }
  }

  async insertJsonEachRow(table: string, rows: readonly object[]): Promise<void> {
    const target = qualified(this.database, table);
    if (rows.length === 0) return;
    try {
      await this.client.insert({ table: target, values: rows, format: 'JSONEachRow' });
    } catch (e) {
      this.fail(e, 'insert', table);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.close();
  }
}

/** Engine on a ClickHouse server; `client` replaces the HTTP client in unit tests. */
export function createServerEngine(
  opts: ServerEngineOptions,
  client?: ServerClient,
): ClickHouseEngine {
  opts.logger
    .child({ component: 'store.server' })
    .debug({ url: redactUrl(opts.url), database: opts.database }, 'server engine configured');
  return new ServerEngine(client ?? clientFor(opts), opts.database);
}

/** The URL without credentials, for logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return '(unparsable url)';
  }
}
