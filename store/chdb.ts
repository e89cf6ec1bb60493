/**
 * ClickHouseEngine on chDB, the ClickHouse engine inside this process
 * (npm `chdb` 3.4, libchdb 26.7).
 *
 * chDB facts this file is built on, checked against 3.4.0:
 * - One data directory per process. A second Session at another path throws
 *   ChdbConnectionError (-> STORE_UNAVAILABLE); Sessions at the same path
 *   share one connection and coexist. So the sink and the gateway share a
 *   process in embedded mode, and tests share one directory per process with
 *   a database each.
 * - The async calls (queryAsync, queryBindAsync, insert) run on the libuv
 *   pool, leaving the event loop free. Concurrent calls on one Session are
 *   safe and the engine runs them one at a time anyway: four 30M-row scans
 *   issued together took 4.2x one. Operations are therefore queued here in
 *   order, which costs nothing and gives close() one point to wait on:
 *   closing a connection under a running operation is refused by chDB.
 */
import { Session, drainPending } from 'chdb';
import type { Logger } from '../lib/log.ts';
import {
  checkIdentifier,
  hasParams,
  qualified,
  type ClickHouseEngine,
  type QueryParams,
} from './engine.ts';
import { toStoreError } from './errors.ts';

export interface ChdbEngineOptions {
  /** Data directory; created when missing. */
  path: string;
  database: string;
  logger: Logger;
}

/** Parse JSONEachRow output: one object a line, no trailing comma. */
export function parseJsonEachRow<T>(text: string): T[] {
  const rows: T[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() !== '') rows.push(JSON.parse(line) as T);
  }
  return rows;
}

/** Serialise rows as JSONEachRow: one JSON object a line. */
export function toJsonEachRow(rows: readonly object[]): string {
  let out = '';
  for (const row of rows) out += JSON.stringify(row) + '\n';
  return out;
}

class ChdbEngine implements ClickHouseEngine {
  readonly kind = 'chdb' as const;
  readonly database: string;
  private readonly session: Session;
  private readonly logger: Logger;
  private tail: Promise<unknown> = Promise.resolve();
  private closing: Promise<void> | null = null;

  constructor(opts: ChdbEngineOptions) {
    this.database = checkIdentifier(opts.database, 'ALPR_CLICKHOUSE_DATABASE');
    this.logger = opts.logger.child({ component: 'store.chdb' });
    try {
      this.session = new Session(opts.path);
    } catch (e) {
      throw toStoreError(e, { op: 'connect', engine: 'chdb' });
    }
    this.logger.debug({ path: opts.path, database: this.database }, 'embedded engine opened');
  }

  private run<T>(op: string, table: string | undefined, fn: () => Promise<T>): Promise<T> {
    if (this.closing) {
      return Promise.reject(toStoreError(new ClosedEngineError(), { op, engine: 'chdb', table }));
    }
    const p = this.tail.then(fn).catch((e: unknown) => {
      throw toStoreError(e, { op, engine: 'chdb', table });
    });
    this.tail = p.catch(() => undefined);
    return p;
  }

  exec(sql: string, params?: QueryParams): Promise<void> {
    return this.run('exec', undefined, async () => {
      if (hasParams(params)) await this.session.queryBindAsync(sql, params);
      else await this.session.queryAsync(sql);
    });
  }

  query<T>(sql: string, params?: QueryParams): Promise<T[]> {
    return this.run('query', undefined, async () => {
      const opts = { format: 'JSONEachRow' };
      const result = hasParams(params)
        ? await this.session.queryBindAsync(sql, params, opts)
        : await this.session.queryAsync(sql, opts);
      return parseJsonEachRow<T>(result.text());
    });
  }

  async insertJsonEachRow(table: string, rows: readonly object[]): Promise<void> {
    const target = qualified(this.database, table);
    if (rows.length === 0) return;
    return this.run('insert', table, async () => {
      const values = Buffer.from(toJsonEachRow(rows), 'utf8');
      await this.session.insert({ table: target, values, format: 'JSONEachRow' });
    });
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.tail;
      this.session.close();
      // close() can return before the native connection is gone; opening a
      // Session at another path is refused until it is.
      await drainPending();
      this.logger.debug({ database: this.database }, 'embedded engine closed');
    })();
    return this.closing;
  }
}

/** Carries chDB's code for "operation on a closed session" into toStoreError. */
class ClosedEngineError extends Error {
  readonly code = 'CHDB_CLOSED';
  constructor() {
    super('the engine is closed');
  }
}

/** Open the embedded engine at `path`. Throws STORE_UNAVAILABLE if another directory is open. */
export function createChdbEngine(opts: ChdbEngineOptions): ClickHouseEngine {
  return new ChdbEngine(opts);
}
