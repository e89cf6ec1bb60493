import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../lib/errors.ts';
import type { AuditEvent, Hit } from '../schemas/types.ts';
import { renderDdl, tableDdl, TABLES } from './migrate.ts';
import { toAuditRow, toHitRow, toReadRow } from './rows.ts';
import { sampleTagged } from './fixtures.ts';

/** Column names of a CREATE TABLE, except MATERIALIZED/ALIAS ones and index/projection lines. */
function insertableColumns(ddl: string): string[] {
  const stmt = ddl.replace(/^--.*$/gm, '');
  const open = stmt.indexOf('(', stmt.indexOf('CREATE TABLE'));
  const body = stmt.slice(open + 1, stmt.lastIndexOf(')\nENGINE'));
  return body
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^[a-z_][a-z0-9_]* /.test(l) && !/^(CONSTRAINT|PROJECTION|INDEX) /i.test(l))
    .filter((l) => !/ (MATERIALIZED|ALIAS) /.test(l))
    .map((l) => l.split(' ')[0]!);
}

const hit: Hit = {
  hit_id: 'h',
  read_id: 'r',
  list_id: 'l',
  entry_key: 'k',
  match_kind: 'exact',
  category: 'c',
  purpose: 'p',
  priority: 1,
  read_plate: 'A1',
  entry_plate: 'A1',
  read_region: null,
  entry_region: null,
  camera_id: 'cam',
  agency_id: 'ag',
  captured_at_ms: 0,
  matched_at_ms: 0,
};
const event: AuditEvent = {
  event_id: 'e',
  at_ms: 0,
  action: 'query.plate',
  outcome: 'allowed',
  refusal_code: null,
  user_id: null,
  purpose: null,
  case_number: null,
  notes: null,
  parameters: '{}',
  row_count: null,
  client_ip: null,
};

describe('DDL', () => {
  it.each([
    ['reads', Object.keys(toReadRow(sampleTagged(), 0))],
    ['hits', Object.keys(toHitRow(hit, 0))],
    ['audit_events', Object.keys(toAuditRow(event, 0))],
  ] as const)("table %s > columns of the .sql file > exactly the writer's keys", (table, keys) => {
    expect(insertableColumns(tableDdl(table, 'alpr')).sort()).toEqual([...keys].sort());
  });

  it.each(TABLES)('table %s > rendered > names the database, no placeholder left', (table) => {
    const sql = tableDdl(table, 'alpr_x');
    expect(sql).toContain(`CREATE TABLE IF NOT EXISTS alpr_x.${table}`);
    expect(sql).not.toContain('{db}');
    expect(sql.endsWith(';')).toBe(false);
  });

  it('table reads > expiry > an ALIAS of capture time plus retention', () => {
    expect(tableDdl('reads', 'a')).toContain(
      "expires_at DateTime64(3, 'UTC') ALIAS captured_at + toIntervalDay(retention_days)",
    );
  });

  it('table audit_events > retention > declares no TTL', () => {
    const statement = tableDdl('audit_events', 'a').replace(/^--.*$/gm, '');
    expect(statement).not.toMatch(/\bTTL\b/);
  });

  it.each(['alpr-prod', '1alpr', 'a b', 'x;DROP', ''])(
    'database %j > not an identifier > CONFIG_INVALID',
    (db) => {
      expect(() => renderDdl('CREATE DATABASE {db}', db)).toThrow(
        expect.objectContaining({ code: ErrorCodes.CONFIG_INVALID }),
      );
    },
  );
});
