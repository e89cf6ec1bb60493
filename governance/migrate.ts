/**
 * Versioned migrations: governance/migrations/NNN_name.sql, applied in
 * order, each in its own transaction with its row in schema_migrations, so
 * applying twice (or from two processes: an advisory lock serialises them)
 * changes nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AlprError, ErrorCodes } from '../lib/errors.ts';
import type { Db } from './db.ts';

const DIR = new URL('./migrations/', import.meta.url).pathname;
// Arbitrary constant naming this product's migration lock (pg advisory locks are bigint keys).
const LOCK_KEY = 4_711_2026;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function listMigrations(dir = DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => {
      const m = /^(\d{3})_([a-z0-9_]+)\.sql$/.exec(f);
      if (!m) {
        throw new AlprError(ErrorCodes.CONFIG_INVALID, `migration file ${f} is not NNN_name.sql`, {
          context: { file: f },
        });
      }
      return { version: Number(m[1]), name: m[2]!, sql: readFileSync(join(dir, f), 'utf8') };
    });
}

/** Applies missing migrations; returns the versions applied now. */
export async function migrate(db: Db, migrations = listMigrations()): Promise<number[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at_ms BIGINT NOT NULL)`);
  const applied: number[] = [];
  for (const m of migrations) {
    const done = await db.tx(async (t) => {
      await t.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
      const rows = await t.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version]);
      if (rows.length > 0) return false;
      await t.exec(m.sql);
      await t.query(
        'INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES ($1, $2, $3)',
        [m.version, m.name, Date.now()],
      );
      return true;
    });
    if (done) applied.push(m.version);
  }
  return applied;
}
