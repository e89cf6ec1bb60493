/**
 * The one seam between the product and ClickHouse. Two implementations run
 * the same SQL: store/chdb.ts (the engine in-process) and store/server.ts
 * (a ClickHouse server over HTTP).
 *
 * Values never enter SQL text: statements use server-side parameters,
 * `{name:Type}` (e.g. `WHERE camera_id = {camera:String}`), bound from
 * `params`. Only identifiers the store itself controls (the database name,
 * checked by `checkIdentifier`, and its own table names) are interpolated.
 */
import { AlprError, ErrorCodes } from '../lib/errors.ts';

/** Values for `{name:Type}` placeholders; numbers, strings, booleans, arrays, null. */
export type QueryParams = Record<string, unknown>;

export interface ClickHouseEngine {
  /** 'chdb' (embedded) or 'server'. */
  readonly kind: 'chdb' | 'server';
  /** Database holding the product's tables; already checked as an identifier. */
  readonly database: string;
  /** Run a statement that returns no rows (DDL, ALTER, OPTIMIZE, SYSTEM). */
  exec(sql: string, params?: QueryParams): Promise<void>;
  /** Run a SELECT; rows come back as JSON objects (JSONEachRow). */
  query<T>(sql: string, params?: QueryParams): Promise<T[]>;
  /** Insert rows as JSONEachRow into `table` (unqualified, in `database`). */
  insertJsonEachRow(table: string, rows: readonly object[]): Promise<void>;
  /** Wait for operations in flight, then release the engine. Idempotent. */
  close(): Promise<void>;
}

// ClickHouse's own rule for unquoted identifiers; 64 bytes keeps names portable.
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** Refuse a database or table name that would need quoting in SQL. */
export function checkIdentifier(name: string, key: string): string {
  if (!IDENTIFIER.test(name)) {
    throw new AlprError(
      ErrorCodes.CONFIG_INVALID,
      `${key}=${JSON.stringify(name)} is not a plain identifier; use letters, digits and _`,
      { context: { key, value: name } },
    );
  }
  return name;
}

/** `db.table`, both checked. */
export function qualified(database: string, table: string): string {
  return `${checkIdentifier(database, 'database')}.${checkIdentifier(table, 'table')}`;
}

/** True when `params` has at least one key (chDB binds only then). */
export function hasParams(params: QueryParams | undefined): params is QueryParams {
  return params !== undefined && Object.keys(params).length > 0;
}
