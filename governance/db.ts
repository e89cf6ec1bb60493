/**
 * The governance store: accounts, credentials, sessions, training, the
 * purpose catalogue, the review queue and exports. One small interface over
 * two real PostgreSQL engines: PGlite (Postgres compiled to WebAssembly,
 * in-process, the embedded default) and a PostgreSQL server through `pg`
 * (ALPR_POSTGRES_URL). The same SQL runs on both.
 *
 * Times are stored as epoch milliseconds in BIGINT columns: `pg` returns
 * BIGINT as a string and PGlite as a number, so row mappers always apply
 * Number() (exact up to 2^53 ms, ~285,000 years).
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { AlprError, ErrorCodes } from '../lib/errors.ts';

export interface Db {
  readonly kind: 'pglite' | 'postgres';
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs fn in one transaction; rolls back if it throws. */
  tx<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

function failed(cause: unknown, sql: string): AlprError {
  // Keep the statement's first words only: parameters may hold personal data.
  const statement = sql.trim().split(/\s+/).slice(0, 3).join(' ');
  return new AlprError(ErrorCodes.GOVERNANCE_STORE_FAILED, 'governance store statement failed', {
    cause,
    context: { statement, pg_code: (cause as { code?: string })?.code ?? null },
  });
}

interface PgliteLike {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(sql: string): Promise<unknown>;
}

function pgliteDb(handle: PgliteLike, root: PGlite): Db {
  const db: Db = {
    kind: 'pglite',
    async query<T>(sql: string, params: unknown[] = []) {
      try {
        return (await handle.query<T>(sql, params)).rows;
      } catch (e) {
        throw failed(e, sql);
      }
    },
    async exec(sql) {
      try {
        await handle.exec(sql);
      } catch (e) {
        throw failed(e, sql);
      }
    },
    async tx(fn) {
      if (handle !== root) return fn(db);
      return root.transaction((t) => fn(pgliteDb(t as unknown as PgliteLike, root)));
    },
    close: () => root.close(),
  };
  return db;
}

/** Embedded engine; `path` null keeps everything in memory (unit tests). */
export async function openPglite(path: string | null): Promise<Db> {
  if (path) mkdirSync(path, { recursive: true });
  const root = path ? new PGlite(path) : new PGlite();
  await root.waitReady;
  return pgliteDb(root as unknown as PgliteLike, root);
}

function clientDb(client: pg.PoolClient): Db {
  const db: Db = {
    kind: 'postgres',
    async query<T>(sql: string, params: unknown[] = []) {
      try {
        return (await client.query(sql, params)).rows as T[];
      } catch (e) {
        throw failed(e, sql);
      }
    },
    async exec(sql) {
      await db.query(sql);
    },
    tx: (fn) => fn(db),
    close: async () => undefined,
  };
  return db;
}

/**
 * Server engine. `schema` (tests) puts every table in its own schema so
 * that test files can share one database and run in parallel.
 */
export async function openPostgres(url: string, opts: { schema?: string } = {}): Promise<Db> {
  const schema = opts.schema;
  if (schema && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new AlprError(ErrorCodes.CONFIG_INVALID, 'schema name must be a plain identifier', {
      context: { schema },
    });
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 5,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  pool.on('error', () => undefined); // an idle client's error surfaces on its next query
  const db: Db = {
    kind: 'postgres',
    async query<T>(sql: string, params: unknown[] = []) {
      try {
        return (await pool.query(sql, params)).rows as T[];
      } catch (e) {
        throw failed(e, sql);
      }
    },
    async exec(sql) {
      await db.query(sql);
    },
    async tx(fn) {
      const client = await pool.connect().catch((e) => {
        throw failed(e, 'BEGIN');
      });
      try {
        await client.query('BEGIN');
        const out = await fn(clientDb(client));
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
  if (schema) await db.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  return db;
}
