/**
 * Loads one hotlist file onto the compacted hotlist topic.
 *
 *   tsx hotlists/cli.ts load --format ncic --list ncic-state --file path
 *       [--mode snapshot|incremental] [--dry-run] [--as-of ISO-time]
 *       [--time-zone IANA-zone] [--topic name] [--allow-empty]
 *       [--max-rejected percent]
 *
 * Prints the rows accepted, every rejected row (line, code, reason) and
 * every skipped row (line, reason), then publishes unless --dry-run.
 * Snapshot (the default) treats the file as the whole list: entries of the
 * list on the topic but not in the file are removed. A snapshot with no
 * accepted row would remove the whole list, so it is refused unless
 * --allow-empty. A snapshot in which more than --max-rejected percent of the
 * data rows were rejected (default 5) is refused too: a garbled extract would
 * otherwise remove every entry it failed to parse. Brokers and client id come from ALPR_* settings
 * (lib/config.ts). --as-of evaluates expiry dates at another time (replays);
 * --time-zone is the zone of the file's dates, default ALPR_DEFAULT_TIME_ZONE.
 *
 * Exit status: 0 done, 1 failed (file, broker, refused snapshot), 2 usage.
 * Nothing printed here quotes a plate: reasons are plate-free by design.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Kafka } from 'kafkajs';
import { pino } from 'pino';
import { loadConfig, type Config } from '../lib/config.ts';
import { isAlprError } from '../lib/errors.ts';
import type { Logger } from '../lib/log.ts';
import { ensureTopics } from '../infra/topics.ts';
import { createKafka } from '../topology/kafka.ts';
import { createRegistryClient, type Client } from '../schemas/registry.ts';
import { createSerde } from '../schemas/serdes.ts';
import { topics } from '../topology/topics.ts';
import { readCompactedHotlists } from './compacted.ts';
import { parseHotlist } from './parse.ts';
import { publishHotlist, type PublishMode } from './publish.ts';
import { HOTLIST_FORMATS, type HotlistFormat, type ParseResult } from './types.ts';

export const USAGE =
  'usage: tsx hotlists/cli.ts load --format <' +
  HOTLIST_FORMATS.join('|') +
  '> --list <list-id> --file <path>\n' +
  '         [--mode snapshot|incremental] [--dry-run] [--as-of <ISO time>]\n' +
  '         [--time-zone <IANA zone>] [--topic <name>] [--allow-empty]\n' +
  '         [--max-rejected <percent, default 5>]';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
  /** Kafka client factory; default createKafka from topology/kafka.ts. */
  kafka?: (config: Config, logger: Logger) => Kafka;
  /** Schema registry client factory; default createRegistryClient. */
  registry?: (config: Config) => Client;
  logger?: Logger;
}

interface LoadArgs {
  format: HotlistFormat;
  list: string;
  file: string;
  mode: PublishMode;
  dryRun: boolean;
  now: number;
  timeZone: string | undefined;
  topic: string;
  allowEmpty: boolean;
  /** Highest share of rejected data rows, in percent, a snapshot may have. */
  maxRejectedPercent: number;
}

class UsageError extends Error {}

function parseLoadArgs(argv: string[]): LoadArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        format: { type: 'string' },
        list: { type: 'string' },
        file: { type: 'string' },
        mode: { type: 'string', default: 'snapshot' },
        'dry-run': { type: 'boolean', default: false },
        'as-of': { type: 'string' },
        'time-zone': { type: 'string' },
        topic: { type: 'string', default: topics.hotlists.name },
        'allow-empty': { type: 'boolean', default: false },
        'max-rejected': { type: 'string', default: '5' },
      },
    }).values;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { format, list, file, mode } = parsed;
  if (!format || !HOTLIST_FORMATS.includes(format as HotlistFormat)) {
    throw new UsageError(`--format must be one of ${HOTLIST_FORMATS.join(', ')}`);
  }
  if (!list) throw new UsageError('--list <list-id> is required');
  if (!file) throw new UsageError('--file <path> is required');
  if (mode !== 'snapshot' && mode !== 'incremental') {
    throw new UsageError('--mode must be snapshot or incremental');
  }
  const asOf = parsed['as-of'];
  const now = asOf === undefined ? Date.now() : Date.parse(asOf);
  if (!Number.isFinite(now)) throw new UsageError('--as-of must be an ISO 8601 time');
  const maxRejected = Number(parsed['max-rejected']);
  if (!/^\d+(\.\d+)?$/.test(parsed['max-rejected'] ?? '') || maxRejected > 100) {
    throw new UsageError('--max-rejected must be a percentage from 0 to 100');
  }
  return {
    format: format as HotlistFormat,
    list,
    file,
    mode,
    dryRun: parsed['dry-run'] ?? false,
    now,
    timeZone: parsed['time-zone'],
    topic: parsed.topic ?? topics.hotlists.name,
    allowEmpty: parsed['allow-empty'] ?? false,
    maxRejectedPercent: maxRejected,
  };
}

function report(io: CliIo, args: LoadArgs, r: ParseResult): void {
  io.out(
    `hotlist ${args.list} (${args.format}): ${r.entries.length} accepted, ` +
      `${r.rejected.length} rejected, ${r.skipped.length} skipped`,
  );
  for (const x of r.rejected) io.out(`  rejected line ${x.line}: ${x.code}: ${x.reason}`);
  for (const x of r.skipped) io.out(`  skipped line ${x.line}: ${x.reason}`);
}

async function publish(io: CliIo, args: LoadArgs, r: ParseResult, config: Config): Promise<void> {
  // A command's own summary goes to stdout; client chatter only when asked
  // for with ALPR_LOG_LEVEL.
  const level = process.env.ALPR_LOG_LEVEL ? config.logLevel : 'warn';
  const logger = io.logger ?? pino({ level }, pino.destination(2));
  const kafka = (io.kafka ?? createKafka)(config, logger);
  await ensureTopics(kafka, [{ ...topics.hotlists, name: args.topic }], logger);
  const client = (io.registry ?? createRegistryClient)(config);
  const serde = await createSerde(client, 'hotlistEntry', { topic: args.topic, logger });
  const snapshot = args.mode === 'snapshot';
  const current = snapshot
    ? await readCompactedHotlists(kafka, serde, args.topic, { logger })
    : undefined;
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    const list = { listId: args.list, entries: r.entries };
    const res = await publishHotlist(producer, serde, list, args.mode, current, {
      topic: args.topic,
    });
    const what = res.snapshotId ? `snapshot ${res.snapshotId}` : 'incremental update';
    const counts = `${res.upserts} upserts, ${res.tombstones} removals`;
    io.out(`published ${what}: ${counts} to ${args.topic}`);
  } finally {
    await producer.disconnect();
  }
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'load') {
    io.err(command === undefined ? 'missing command' : `unknown command: ${command}`);
    io.err(USAGE);
    return 2;
  }
  let args: LoadArgs;
  let config: Config;
  try {
    args = parseLoadArgs(rest);
    config = loadConfig(io.env);
  } catch (e) {
    io.err(e instanceof UsageError ? e.message : describe(e));
    if (e instanceof UsageError) io.err(USAGE);
    return e instanceof UsageError ? 2 : 1;
  }
  try {
    const text = readFileSync(args.file, 'utf8');
    const result = parseHotlist(text, {
      format: args.format,
      listId: args.list,
      now: args.now,
      timeZone: args.timeZone ?? config.defaultTimeZone,
    });
    report(io, args, result);
    if (args.dryRun) {
      io.out('dry run: nothing published');
      return 0;
    }
    if (args.mode === 'snapshot' && result.entries.length === 0 && !args.allowEmpty) {
      io.err('refusing an empty snapshot: it would remove the whole list (use --allow-empty)');
      return 1;
    }
    const rows = result.entries.length + result.rejected.length;
    const rejectedPercent = rows === 0 ? 0 : (100 * result.rejected.length) / rows;
    if (args.mode === 'snapshot' && rejectedPercent > args.maxRejectedPercent) {
      io.err(
        `refusing the snapshot: ${result.rejected.length} of ${rows} data rows rejected ` +
          `(${rejectedPercent.toFixed(1)}%, over --max-rejected ${args.maxRejectedPercent}); ` +
          'publishing it would remove the entries of every rejected row. ' +
          'Fix the file, or raise --max-rejected to accept the loss.',
      );
      return 1;
    }
    await publish(io, args, result, config);
    return 0;
  } catch (e) {
    io.err(describe(e));
    return 1;
  }
}

function describe(e: unknown): string {
  if (isAlprError(e)) return `${e.code}: ${e.message} ${JSON.stringify(e.context)}`;
  return e instanceof Error ? e.message : String(e);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const io: CliIo = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
  };
  runCli(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
