/**
 * Inserts into the reads, hits and audit_events tables, JSONEachRow, in
 * chunks of at most 10,000 rows. ClickHouse wants few, large inserts: each
 * one writes a part per partition it touches, and once a partition holds
 * 3000 active parts (parts_to_throw_insert) inserts fail with TOO_MANY_PARTS.
 * A read is ~0.9 KB of JSON, so a chunk is a request of ~9 MB. A chunk that
 * fails leaves the earlier ones stored; the caller retries the batch, and
 * replayed rows collapse (reads and hits by id, see schemas/clickhouse/).
 */
import { AlprError, ErrorCodes } from '../lib/errors.ts';
import { silentLogger, type Logger } from '../lib/log.ts';
import { metrics } from '../lib/metrics.ts';
import type { AuditEvent, Hit } from '../schemas/types.ts';
import type { ClickHouseEngine } from './engine.ts';
import {
  checkRetentionDays,
  expiresAtMs,
  fromDateTime64,
  toAuditRow,
  toHitRow,
  type ReadRow,
} from './rows.ts';

export {
  toAuditRow,
  toHitRow,
  toReadRow,
  type AuditRow,
  type HitRow,
  type ReadRow,
} from './rows.ts';

export const MAX_ROWS_PER_INSERT = 10_000;

export interface WriteOptions {
  /** Clock for stored_at and for dropping expired reads; defaults to Date.now(). */
  nowMs?: number;
  logger?: Logger;
}

async function insertChunked(
  engine: ClickHouseEngine,
  table: string,
  rows: readonly object[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += MAX_ROWS_PER_INSERT) {
    const chunk = rows.slice(i, i + MAX_ROWS_PER_INSERT);
    const stop = metrics.sinkInsertSeconds.startTimer({ table });
    await engine.insertJsonEachRow(table, chunk);
    stop();
    metrics.sinkBatchRows.observe({ table }, chunk.length);
  }
}

/**
 * Insert reads (rows from toReadRow). The whole batch is refused with
 * RETENTION_OVER_LIMIT, before anything is written, if any row's
 * retention_days is outside 1..90. Reads already past their retention are
 * not written at all: storing them would keep data the policy says is gone.
 */
export async function insertReads(
  engine: ClickHouseEngine,
  rows: readonly ReadRow[],
  opts: WriteOptions = {},
): Promise<void> {
  const now = opts.nowMs ?? Date.now();
  const live: ReadRow[] = [];
  const capturedMs: number[] = [];
  for (const row of rows) {
    checkRetentionDays(row.retention_days, row.read_id);
    const captured = fromDateTime64(row.captured_at);
    if (Number.isNaN(captured)) {
      throw new AlprError(ErrorCodes.INVALID_TIMESTAMP, 'captured_at is not DateTime64 text', {
        context: { read_id: row.read_id, field: 'captured_at' },
      });
    }
    if (expiresAtMs(captured, row.retention_days) <= now) continue;
    live.push(row);
    capturedMs.push(captured);
  }
  const expired = rows.length - live.length;
  if (expired > 0) {
    metrics.readsExpiredOnArrival.inc(expired);
    const logger = opts.logger ?? silentLogger;
    // Counted and said, not dead-lettered: a dead letter would keep the very
    // data whose retention has passed.
    logger.info(
      { table: 'reads', expired, metric: 'alpr_reads_expired_on_arrival_total' },
      'reads already past their retention when they reached the store: not stored',
    );
  }
  await insertChunked(engine, 'reads', live);
  const storedAt = Date.now();
  for (const captured of capturedMs) metrics.captureToStored.observe((storedAt - captured) / 1000);
}

/** Insert hits; stored_at is the write time. */
export async function insertHits(
  engine: ClickHouseEngine,
  hits: readonly Hit[],
  opts: WriteOptions = {},
): Promise<void> {
  const now = opts.nowMs ?? Date.now();
  await insertChunked(
    engine,
    'hits',
    hits.map((h) => toHitRow(h, now)),
  );
}

/** Insert audit events; stored_at is the write time. */
export async function insertAuditEvents(
  engine: ClickHouseEngine,
  events: readonly AuditEvent[],
  opts: WriteOptions = {},
): Promise<void> {
  const now = opts.nowMs ?? Date.now();
  await insertChunked(
    engine,
    'audit_events',
    events.map((e) => toAuditRow(e, now)),
  );
}
