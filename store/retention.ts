/**
 * Apply retention now, instead of waiting for ClickHouse's TTL merges (which
 * run at most every merge_with_ttl_timeout, 4 h by default). For tests and
 * the admin CLI.
 *
 * - ALTER TABLE ... MATERIALIZE TTL drops every part whose rows have all
 *   expired (ttl_only_drop_parts = 1; parts are per expiry day, see
 *   schemas/clickhouse/reads.sql). Reads of a part whose day is not over
 *   stay on disk, never returned by a query, until the day's last read goes.
 * - `exact: true` also deletes those rows (ALTER TABLE ... DELETE), which
 *   rewrites the parts holding them: minutes on a large table, so it is an
 *   explicit choice, not the default.
 * mutations_sync = 2 makes each statement return only when it is done.
 */
import type { ClickHouseEngine } from './engine.ts';

export interface RetentionReport {
  /** Expired reads physically removed by this call. */
  readsRemoved: number;
  /** Expired reads still on disk (in parts with unexpired reads, unless exact). */
  readsExpiredRemaining: number;
  hitsRemoved: number;
  hitsExpiredRemaining: number;
}

export interface RetentionOptions {
  exact?: boolean;
}

// Hits live 90 days after capture (schemas/clickhouse/hits.sql).
const EXPIRED = {
  reads: 'expires_at <= now64(3)',
  hits: 'captured_at + toIntervalDay(90) <= now64(3)',
} as const;

type Table = keyof typeof EXPIRED;

async function countExpired(engine: ClickHouseEngine, table: Table): Promise<number> {
  const rows = await engine.query<{ n: number | string }>(
    `SELECT count() AS n FROM ${engine.database}.${table} WHERE ${EXPIRED[table]}`,
  );
  return Number(rows[0]?.n ?? 0);
}

async function applyTo(
  engine: ClickHouseEngine,
  table: Table,
  exact: boolean,
): Promise<[removed: number, remaining: number]> {
  const before = await countExpired(engine, table);
  const target = `${engine.database}.${table}`;
  await engine.exec(`ALTER TABLE ${target} MATERIALIZE TTL SETTINGS mutations_sync = 2`);
  if (exact) {
    const where = EXPIRED[table];
    await engine.exec(`ALTER TABLE ${target} DELETE WHERE ${where} SETTINGS mutations_sync = 2`);
  }
  const after = await countExpired(engine, table);
  // rows can expire between the two counts; never report a negative removal
  return [Math.max(0, before - after), after];
}

export async function applyRetention(
  engine: ClickHouseEngine,
  opts: RetentionOptions = {},
): Promise<RetentionReport> {
  const exact = opts.exact ?? false;
  const [readsRemoved, readsExpiredRemaining] = await applyTo(engine, 'reads', exact);
  const [hitsRemoved, hitsExpiredRemaining] = await applyTo(engine, 'hits', exact);
  return { readsRemoved, readsExpiredRemaining, hitsRemoved, hitsExpiredRemaining };
}
