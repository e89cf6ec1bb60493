/**
 * The whole pipeline in one process: normalize, match+tag, the ClickHouse
 * sinks and the access gateway. In embedded mode this is required: one
 * process owns the chDB data directory, so the sinks and the gateway share
 * it. Against a ClickHouse server, roles can run as separate processes and
 * scale out by consumer group.
 */
import type { Kafka } from 'kafkajs';
import type { Config } from '../lib/config.ts';
import type { Logger } from '../lib/log.ts';
import { createRegistryClient } from '../schemas/registry.ts';
import { createSerdes, type Serdes } from '../schemas/serdes.ts';
import { loadCameraRegistry } from '../lib/cameras.ts';
import { createImageStore } from '../lib/image-store.ts';
import { createNormalizer } from '../processors/normalize/index.ts';
import { createMatcher } from '../processors/match/index.ts';
import { createTagger } from '../processors/tag/index.ts';
import { openStore, type ClickHouseEngine } from '../store/index.ts';
import { metrics } from '../lib/metrics.ts';
import { insertAuditEvents, insertHits, insertReads, toReadRow } from '../store/writers.ts';
import { buildGateway } from '../gateway/server.ts';
import { createKafkaAuditLog } from '../gateway/audit.ts';
import { loadDirectory } from '../gateway/identity.ts';
import { loadPurposes } from '../gateway/purposes.ts';
import { storeQueries } from '../gateway/store-queries.ts';
import { clickhouseAuditTrail } from '../gateway/audit-trail.ts';
import { openGovernance } from '../governance/index.ts';
import { currentCatalogue } from '../governance/catalogue.ts';
import { httpCaseLookup } from '../governance/case-lookup.ts';
import { loadExportKey } from '../governance/exports.ts';
import { startGovernanceSweeper } from '../governance/sweeper.ts';
import { ensureTopics } from '../infra/topics.ts';
import { createKafka } from './kafka.ts';
import { runnerFactory } from './runners.ts';
import { followHotlists, type HotlistFollower } from './hotlist-follower.ts';
import { watchLag, type LagWatch } from './lag.ts';
import { startMetricsServer } from './metrics-server.ts';
import { avroSink, decodeRecord, matchTagProcessor, normalizeProcessor } from './pipeline.ts';
import type { Runner } from './processor.ts';
import { groups, topics } from './topics.ts';

export const ROLES = ['normalize', 'match-tag', 'store', 'gateway'] as const;
export type Role = (typeof ROLES)[number];

export interface AppStats {
  reads: number;
  hits: number;
  audit: number;
  deadLetters: number;
}

export interface App {
  kafka: Kafka;
  /** Serdes of the Avro topics, their schemas registered at start. */
  serdes: Serdes;
  /** Base URL of the gateway when the gateway role runs. */
  gatewayUrl: string | null;
  /** Where Prometheus scrapes this process. */
  metricsUrl: string;
  /** Row counts in the store and dead letters counted by this process. */
  stats(): Promise<AppStats>;
  stop(): Promise<void>;
}

export async function startApp(
  config: Config,
  logger: Logger,
  roles: readonly Role[] = ROLES,
): Promise<App> {
  const kafka = createKafka(config, logger);
  const runtime = runnerFactory(config, kafka);
  await ensureTopics(kafka, Object.values(topics), logger);
  // Registration fails start-up on an incompatible schema (SCHEMA_INCOMPATIBLE)
  // and waits up to 60 s for an unreachable registry.
  const serdes = await createSerdes(createRegistryClient(config), {
    logger: logger.child({ component: 'schemas' }),
  });
  const deadLetters = serdes.deadLetter;
  const runners: Runner[] = [];
  const closers: (() => Promise<void>)[] = [];
  let gatewayUrl: string | null = null;
  let metricsUrl: string | null = null;
  let store: ClickHouseEngine | null = null;
  const has = (r: Role) => roles.includes(r);

  try {
    if (has('normalize')) {
      const normalizer = createNormalizer({
        cameras: loadCameraRegistry(config.camerasFile),
        images: createImageStore(config.imageStore),
        agencyId: config.agencyId,
        defaultTimeZone: config.defaultTimeZone,
        maxMessageBytes: config.maxMessageBytes,
        futureSkewMs: config.futureSkewSeconds * 1000,
      });
      runners.push(
        runtime.processor({
          groupId: groups.normalize,
          topics: [topics.readsRaw.name],
          processor: normalizeProcessor(normalizer, serdes),
          deadLetters,
          logger: logger.child({ component: 'normalize' }),
        }),
      );
    }
    if (has('match-tag')) {
      const matcher = createMatcher();
      const follower: HotlistFollower = await followHotlists(
        kafka,
        matcher,
        serdes.hotlistEntry,
        logger.child({ component: 'hotlists' }),
      );
      closers.push(() => follower.stop());
      await follower.ready;
      const hotlistLog = logger.child({ component: 'hotlists' });
      const compaction = setInterval(() => {
        const t0 = Date.now();
        matcher.compact().then(
          (dropped) => hotlistLog.info({ dropped, ms: Date.now() - t0 }, 'hotlist index compacted'),
          (err: unknown) => hotlistLog.warn({ err }, 'hotlist compaction failed'),
        );
      }, config.hotlistCompactMinutes * 60_000);
      compaction.unref();
      closers.push(async () => clearInterval(compaction));
      const tagger = createTagger({
        nonHitRetentionDays: config.nonHitRetentionDays,
        hitRetentionDays: config.hitRetentionDays,
      });
      runners.push(
        runtime.processor({
          groupId: groups.matchTag,
          topics: [topics.reads.name],
          processor: matchTagProcessor(matcher, tagger, serdes),
          deadLetters,
          logger: logger.child({ component: 'match-tag' }),
        }),
      );
    }
    const needsStore = has('store') || has('gateway');
    const opened = needsStore
      ? await openStore(config, logger.child({ component: 'store' }))
      : null;
    store = opened;
    if (opened) closers.push(() => opened.close());
    if (opened && has('store')) {
      const store = opened;
      const sinkOpts = {
        batchRows: config.sinkBatchRows,
        flushMs: config.sinkFlushMs,
        deadLetters,
      };
      const log = logger.child({ component: 'sink' });
      runners.push(
        runtime.sink({
          ...sinkOpts,
          groupId: groups.storeReads,
          topics: [topics.readsTagged.name],
          logger: log,
          // Rows are built at decode time so that one read the table would
          // refuse (retention outside 1..90, a value a column cannot hold)
          // is dead-lettered alone instead of failing every batch after it.
          sink: {
            name: 'store-reads',
            decode: async (rec) =>
              toReadRow(await decodeRecord(serdes.taggedRead, rec), Date.now()),
            write: (rows) => insertReads(store, rows),
          },
        }),
        runtime.sink({
          ...sinkOpts,
          groupId: groups.storeHits,
          topics: [topics.hits.name],
          logger: log,
          sink: avroSink('store-hits', serdes.hit, (items) => insertHits(store, items)),
        }),
        runtime.sink({
          ...sinkOpts,
          groupId: groups.storeAudit,
          topics: [topics.auditAccess.name],
          logger: log,
          sink: avroSink('store-audit', serdes.auditEvent, (items) =>
            insertAuditEvents(store, items),
          ),
        }),
      );
    }
    for (const r of runners) await r.start();

    const lag: LagWatch = await watchLag(
      kafka,
      [
        { group: groups.normalize, topic: topics.readsRaw.name },
        { group: groups.matchTag, topic: topics.reads.name },
        { group: groups.storeReads, topic: topics.readsTagged.name },
      ],
      logger.child({ component: 'lag' }),
    );
    closers.push(() => lag.stop());

    if (opened && has('gateway')) {
      const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      closers.push(() => producer.disconnect());
      const audit = createKafkaAuditLog(producer, serdes.auditEvent);
      const gov = await openGovernance(config, audit);
      closers.push(() => gov.db.close());
      const sweeper = startGovernanceSweeper(
        gov,
        config.exportDir,
        logger.child({ component: 'governance' }),
      );
      closers.unshift(async () => sweeper.stop());
      const app = await buildGateway({
        logger,
        // ALPR_USERS_FILE is a development stand-in; sessions are the default.
        ...(config.usersFile ? { directory: loadDirectory(config.usersFile) } : {}),
        purposes: (await currentCatalogue(gov.db)) ?? loadPurposes(config.purposesFile),
        caseNumberPattern: config.caseNumberPattern,
        audit,
        queries: storeQueries(opened),
        governance: {
          ctx: gov,
          exports: {
            dir: config.exportDir,
            key: loadExportKey(config.exportKeyFile),
            retentionDays: config.exportRetentionDays,
          },
          images: createImageStore(config.imageStore),
          caseLookup: config.caseLookupUrl ? httpCaseLookup(config.caseLookupUrl) : null,
          auditTrail: clickhouseAuditTrail(opened),
        },
      });
      await app.listen({ host: config.gatewayHost, port: config.gatewayPort });
      const addr = app.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : config.gatewayPort;
      gatewayUrl = `http://${config.gatewayHost}:${port}`;
      closers.unshift(() => app.close());
    } else {
      const m = await startMetricsServer(config.gatewayHost, config.metricsPort);
      metricsUrl = m.url;
      closers.unshift(() => m.close());
    }
  } catch (err) {
    await stopAll(runners, closers, logger);
    throw err;
  }

  return {
    kafka,
    serdes,
    gatewayUrl,
    metricsUrl: metricsUrl ?? `${gatewayUrl}/metrics`,
    stats: () => stats(store),
    stop: () => stopAll(runners, closers, logger),
  };
}

async function stats(store: ClickHouseEngine | null): Promise<AppStats> {
  const dead = await metrics.deadLetters.get();
  const deadLetters = dead.values.reduce((n, v) => n + v.value, 0);
  if (!store) return { reads: 0, hits: 0, audit: 0, deadLetters };
  const db = store.database;
  const [row] = await store.query<{ reads: string; hits: string; audit: string }>(
    `SELECT (SELECT count() FROM ${db}.reads FINAL WHERE expires_at > now64(3)) AS reads,
            (SELECT count() FROM ${db}.hits FINAL) AS hits,
            (SELECT count() FROM ${db}.audit_events) AS audit`,
  );
  return {
    reads: Number(row?.reads ?? 0),
    hits: Number(row?.hits ?? 0),
    audit: Number(row?.audit ?? 0),
    deadLetters,
  };
}

async function stopAll(
  runners: Runner[],
  closers: (() => Promise<void>)[],
  logger: Logger,
): Promise<void> {
  // Runners stop before any closer: a sink's final flush needs the store.
  // The closers then run gateway first, store before the Kafka clients.
  for (const r of runners) {
    await r.stop().catch((err) => logger.error({ err }, 'runner did not stop cleanly'));
  }
  for (const c of closers) {
    await c().catch((err) => logger.error({ err }, 'close failed'));
  }
}
