/**
 * Puts vendor payloads on alpr.reads.raw from the command line.
 *
 *   npx tsx feed/cli.ts replay [--vendor V] [--camera ID] [--redate] FILE...
 *       each file as one raw record, bytes untouched; with --redate every
 *       time in it is moved so the newest is 15 hours ago (feed/redate.ts):
 *       dated samples older than the 90-day ceiling are otherwise
 *       dead-lettered as CAPTURE_TIME_TOO_OLD
 *   npx tsx feed/cli.ts synthetic --rate N [--total N] [--cameras N] [--seed N]
 *       a synthetic feed (feed/synthetic.ts) at N reads per second; no
 *       hotlisted plates unless the demo supplies them
 *
 * Brokers come from ALPR_KAFKA_BROKERS (README "Configuration").
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../lib/config.ts';
import { isAlprError } from '../lib/errors.ts';
import { createLogger } from '../lib/log.ts';
import { createKafka } from '../topology/kafka.ts';
import { produceAtRate, replayFiles } from './produce.ts';
import { redate } from './redate.ts';
import { createCameraFleet, createFeed } from './synthetic.ts';

const USAGE = `usage:
  feed/cli.ts replay [--vendor openalpr|platerecognizer|frigate] [--camera ID] [--redate] FILE...
  feed/cli.ts synthetic --rate N [--total N] [--cameras N] [--seed N]`;

class UsageError extends Error {}

function positive(name: string, raw: string | undefined, fallback?: number): number {
  if (raw === undefined) {
    if (fallback === undefined) throw new UsageError(`--${name} is required`);
    return fallback;
  }
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0)
    throw new UsageError(`--${name} must be a positive whole number, got "${raw}"`);
  return n;
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      vendor: { type: 'string' },
      camera: { type: 'string' },
      rate: { type: 'string' },
      total: { type: 'string' },
      cameras: { type: 'string' },
      seed: { type: 'string' },
      redate: { type: 'boolean', default: false },
    },
  });
  if (command !== 'replay' && command !== 'synthetic')
    throw new UsageError(`unknown command "${command ?? ''}"`);
  if (command === 'replay') {
    if (positionals.length === 0) throw new UsageError('replay needs at least one FILE');
    const missing = positionals.filter((f) => !existsSync(f));
    if (missing.length > 0) throw new UsageError(`no such file: ${missing.join(', ')}`);
  }
  const rate = command === 'synthetic' ? positive('rate', values.rate) : 0;
  const config = loadConfig();
  const logger = createLogger('warn');
  const producer = createKafka(config, logger).producer();
  await producer.connect();
  try {
    if (command === 'replay') {
      // 15 h back, as in the demo: a zone-less local time read in any zone
      // then still lands before receipt.
      const to = Date.now() - 15 * 3600_000;
      const sent = await replayFiles(producer, positionals, {
        vendor: values.vendor,
        cameraId: values.camera,
        ...(values.redate ? { transform: (b: Buffer) => redate(b, to) } : {}),
      });
      process.stdout.write(`sent ${sent} payload(s) to alpr.reads.raw\n`);
      return;
    }
    const total = values.total === undefined ? undefined : positive('total', values.total);
    const cameras = createCameraFleet(positive('cameras', values.cameras, 300));
    const feed = createFeed({ cameras, hotPlates: [], seed: positive('seed', values.seed, 11) });
    const running = produceAtRate(producer, feed, {
      rate,
      total,
      logger,
      onProgress: (n) => process.stdout.write(`\rsent ${n}`),
    });
    process.once('SIGINT', () => void running.stop());
    const sent = await running.done;
    process.stdout.write(`\nsent ${sent} synthetic read(s) to alpr.reads.raw\n`);
  } finally {
    await producer.disconnect();
  }
}

main(process.argv.slice(2)).catch((err) => {
  if (
    err instanceof UsageError ||
    (err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
  ) {
    process.stderr.write(`${err.message}\n${USAGE}\n`);
    process.exit(2);
  }
  process.stderr.write(
    `${isAlprError(err) ? `${err.code}: ` : ''}${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
