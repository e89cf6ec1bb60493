import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../lib/errors.ts';
import { metrics } from '../lib/metrics.ts';
import type { ClickHouseEngine } from './engine.ts';
import { insertReads, MAX_ROWS_PER_INSERT, toReadRow } from './writers.ts';
import { sampleTagged } from './fixtures.ts';

const DAY = 86_400_000;

/** An engine that keeps inserts in memory: enough to observe what the writer sends. */
function memoryEngine() {
  const inserts: { table: string; rows: readonly object[] }[] = [];
  const engine: ClickHouseEngine = {
    kind: 'chdb',
    database: 'mem',
    exec: async () => undefined,
    query: async () => [],
    insertJsonEachRow: async (table, rows) => {
      inserts.push({ table, rows });
    },
    close: async () => undefined,
  };
  return { engine, inserts };
}

async function batchRowsCount(): Promise<number> {
  const m = await metrics.sinkBatchRows.get();
  const count = m.values.find(
    (v) => v.metricName?.endsWith('_count') && v.labels.table === 'reads',
  );
  return count?.value ?? 0;
}

describe('insertReads', () => {
  const now = Date.UTC(2026, 5, 1);

  it('batch > one row with 91 days > RETENTION_OVER_LIMIT and nothing written', async () => {
    const { engine, inserts } = memoryEngine();
    const good = toReadRow(sampleTagged({ captured_at_ms: now - DAY }), now);
    const bad = { ...good, read_id: 'bad', retention_days: 91 };
    const err = await insertReads(engine, [good, bad], { nowMs: now }).catch((e) => e);
    expect(err).toMatchObject({
      code: ErrorCodes.RETENTION_OVER_LIMIT,
      context: { read_id: 'bad' },
    });
    expect(inserts).toEqual([]);
  });

  it('batch > a read already past retention > only the live read is written, the other counted and logged', async () => {
    const { engine, inserts } = memoryEngine();
    const live = toReadRow(sampleTagged({ read_id: 'live', captured_at_ms: now - DAY }), now);
    const gone = toReadRow(sampleTagged({ read_id: 'gone', captured_at_ms: now - 31 * DAY }), now);
    const expiredBefore = (await metrics.readsExpiredOnArrival.get()).values[0]?.value ?? 0;
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (l: string) => lines.push(l) });
    await insertReads(engine, [live, gone], { nowMs: now, logger });
    const written = inserts.flatMap((i) => i.rows.map((r) => (r as { read_id: string }).read_id));
    expect(written).toEqual(['live']);
    expect((await metrics.readsExpiredOnArrival.get()).values[0]?.value).toBe(expiredBefore + 1);
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ level: 30, table: 'reads', expired: 1 }),
    ]);
  });

  it('batch > larger than one insert > split into chunks of MAX_ROWS_PER_INSERT', async () => {
    const { engine, inserts } = memoryEngine();
    const row = toReadRow(sampleTagged({ captured_at_ms: now - DAY }), now);
    const rows = Array.from({ length: MAX_ROWS_PER_INSERT + 5 }, (_, i) => ({
      ...row,
      read_id: `r${i}`,
    }));
    const before = await batchRowsCount();
    await insertReads(engine, rows, { nowMs: now });
    expect(inserts.map((i) => [i.table, i.rows.length])).toEqual([
      ['reads', MAX_ROWS_PER_INSERT],
      ['reads', 5],
    ]);
    expect((await batchRowsCount()) - before).toBe(2);
  });

  it('batch > empty > no insert', async () => {
    const { engine, inserts } = memoryEngine();
    await insertReads(engine, [], { nowMs: now });
    expect(inserts).toEqual([]);
  });
});
