/**
 * Creates the database and the tables of schemas/clickhouse/*.sql, each
 * idempotently (CREATE ... IF NOT EXISTS), on either engine. Each .sql file
 * holds one statement, with `{db}` where the database name goes.
 *
 * Known limit: an existing table is left as it is; a column added to a .sql
 * file later needs its own ALTER TABLE ... ADD COLUMN IF NOT EXISTS step.
 */
import { readFileSync } from 'node:fs';
import type { ClickHouseEngine } from './engine.ts';
import { checkIdentifier } from './engine.ts';

const DDL_DIR = new URL('../schemas/clickhouse/', import.meta.url);

/** Tables in creation order; each has schemas/clickhouse/<name>.sql. */
export const TABLES = ['reads', 'hits', 'audit_events'] as const;
export type TableName = (typeof TABLES)[number];

/** The DDL text of one table with `{db}` replaced and the trailing `;` dropped. */
export function renderDdl(text: string, database: string): string {
  const db = checkIdentifier(database, 'database');
  return text.replaceAll('{db}', db).trim().replace(/;$/, '');
}

export function tableDdl(table: TableName, database: string): string {
  return renderDdl(readFileSync(new URL(`${table}.sql`, DDL_DIR), 'utf8'), database);
}

export async function migrate(engine: ClickHouseEngine): Promise<void> {
  const db = checkIdentifier(engine.database, 'database');
  await engine.exec(`CREATE DATABASE IF NOT EXISTS ${db}`);
  for (const table of TABLES) await engine.exec(tableDdl(table, engine.database));
}
