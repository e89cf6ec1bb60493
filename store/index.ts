/**
 * The ClickHouse store: where reads, hits and the audit mirror are kept.
 * `openStore` picks the engine from configuration (a server when
 * ALPR_CLICKHOUSE_URL is set, else the embedded chDB engine at
 * ALPR_CHDB_PATH), creates the database and tables, and returns the engine
 * that the writers and queries below take.
 */
import type { Config } from '../lib/config.ts';
import type { Logger } from '../lib/log.ts';
import type { ClickHouseEngine } from './engine.ts';
import { migrate } from './migrate.ts';
import { createServerEngine, redactUrl, serverOptionsFrom } from './server.ts';

export type { ClickHouseEngine, QueryParams } from './engine.ts';
export { migrate, TABLES, type TableName } from './migrate.ts';
export { toStoreError } from './errors.ts';
export * from './writers.ts';
export * from './queries.ts';
export * from './query-params.ts';
export { applyRetention, type RetentionReport, type RetentionOptions } from './retention.ts';

export async function openStore(config: Config, logger: Logger): Promise<ClickHouseEngine> {
  // chDB is loaded only when used: a server deployment needs no native addon.
  const engine =
    config.clickhouseUrl !== ''
      ? createServerEngine(serverOptionsFrom(config, logger))
      : (await import('./chdb.ts')).createChdbEngine({
          path: config.chdbPath,
          database: config.clickhouseDatabase,
          logger,
        });
  try {
    await migrate(engine);
  } catch (e) {
    await engine.close().catch(() => undefined);
    throw e;
  }
  logger.info(
    {
      engine: engine.kind,
      database: engine.database,
      location: engine.kind === 'server' ? redactUrl(config.clickhouseUrl) : config.chdbPath,
    },
    'store ready',
  );
  return engine;
}
