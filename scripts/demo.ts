/**
 * The main job on the embedded defaults, from a fresh clone:
 *
 *   npm ci && npm run demo            (Ctrl-C to stop; --duration N to stop after N s)
 *
 * Starts the local Kafka broker (infra/kafka/start.sh) and the local schema
 * registry (infra/registry/start.sh, unless ALPR_SCHEMA_REGISTRY_URL names
 * another one), creates the topics,
 * loads the sample hotlists plus a generated one, starts the pipeline and
 * the gateway in this process on the embedded ClickHouse engine, replays the
 * vendor samples (and a few malformed payloads, to show the dead-letter
 * path), then streams a synthetic statewide feed. It prints where to look
 * and runs one audited query and one refused one. A second run resumes from
 * the committed offsets and the same data directories.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { loadConfig } from '../lib/config.ts';
import { createKafkaAuditLog } from '../gateway/audit.ts';
import { demoLogin, seedDemoAgency } from '../governance/demo-agency.ts';
import { parseHotlist } from '../hotlists/index.ts';
import { publishHotlist } from '../hotlists/publish.ts';
import { readCompactedHotlists } from '../hotlists/compacted.ts';
import { createCameraFleet, createFeed } from '../feed/synthetic.ts';
import { produceAtRate, replayFiles } from '../feed/produce.ts';
import { redate } from '../feed/redate.ts';
import { createKafka } from '../topology/kafka.ts';
import { createRegistryClient } from '../schemas/registry.ts';
import { createSerde } from '../schemas/serdes.ts';
import { ensureTopics } from '../infra/topics.ts';
import { startApp } from '../topology/app.ts';
import { topics } from '../topology/topics.ts';
import { demoHotlist, demoWildcardHotlist } from './demo-hotlist.ts';

const root = new URL('..', import.meta.url).pathname;
const demoDir = join(root, '.data', 'demo');
const say = (s: string) => process.stdout.write(`${s}\n`);

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string' },
    rate: { type: 'string', default: '200' },
    'keep-kafka': { type: 'boolean', default: false },
  },
});

function writeCamerasFile(): { file: string; fleet: ReturnType<typeof createCameraFleet> } {
  const base = JSON.parse(readFileSync(join(root, 'config', 'cameras.json'), 'utf8')) as {
    cameras: unknown[];
  };
  const fleet = createCameraFleet(300);
  const file = join(demoDir, 'cameras.json');
  writeFileSync(file, JSON.stringify({ cameras: [...base.cameras, ...fleet] }, null, 2));
  return { file, fleet };
}

async function main(): Promise<void> {
  mkdirSync(demoDir, { recursive: true });
  say('alpr-custodian demo: starting the local Kafka broker (first run downloads its jars)...');
  const kafkaStart = spawnSync('bash', [join(root, 'infra/kafka/start.sh')], { stdio: 'inherit' });
  if (kafkaStart.status !== 0)
    throw new Error('the Kafka broker did not start; see .cache/kafka/ logs');
  // An explicitly configured registry is used as it is; otherwise the local one.
  const localRegistry = !process.env.ALPR_SCHEMA_REGISTRY_URL;
  if (localRegistry) {
    say('Starting the local schema registry (first run downloads Apicurio Registry)...');
    const regStart = spawnSync('bash', [join(root, 'infra/registry/start.sh')], {
      stdio: 'inherit',
    });
    if (regStart.status !== 0)
      throw new Error('the schema registry did not start; see .cache/registry/ logs');
  }

  const { file: camerasFile, fleet } = writeCamerasFile();
  process.env.ALPR_CAMERAS_FILE ??= camerasFile;
  process.env.ALPR_CHDB_PATH ??= join(root, '.data', 'chdb');
  process.env.ALPR_IMAGE_STORE ??= join(root, '.data', 'images');
  const config = loadConfig();
  const logFile = join(demoDir, 'pipeline.log');
  const logger = pino({ level: config.logLevel }, pino.destination({ dest: logFile, sync: false }));

  const kafka = createKafka(config, logger);
  await ensureTopics(kafka, Object.values(topics), logger);

  // Hotlists: the sample files, then a generated list whose plates the
  // synthetic feed will pass by at the configured hit rate.
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const hotlistSerde = await createSerde(createRegistryClient(config), 'hotlistEntry', { logger });
  const current = await readCompactedHotlists(kafka, hotlistSerde, topics.hotlists.name, {
    logger,
  });
  const fixtures = join(root, 'hotlists', 'fixtures');
  const lists = [
    { file: join(fixtures, 'ncic-fixed-width.txt'), format: 'ncic', listId: 'ncic-sample' },
    { file: join(fixtures, 'rekor-alert-list.csv'), format: 'rekor-csv', listId: 'rekor-sample' },
    { file: join(fixtures, 'genetec-hotlist.txt'), format: 'genetec', listId: 'genetec-sample' },
    {
      file: join(fixtures, 'genetec-wildcard-hotlist.txt'),
      format: 'genetec-wildcard',
      listId: 'genetec-wild',
    },
  ] as const;
  say('\nHotlists:');
  const hotPlates: { plate: string; region: string | null }[] = [];
  for (const l of lists) {
    const parsed = parseHotlist(readFileSync(l.file, 'utf8'), {
      format: l.format,
      listId: l.listId,
      now: Date.now(),
    });
    const res = await publishHotlist(
      producer,
      hotlistSerde,
      { listId: l.listId, entries: parsed.entries },
      'snapshot',
      current,
    );
    say(
      `  ${l.listId.padEnd(15)} ${String(res.upserts).padStart(5)} entries, ${parsed.rejected.length} rejected, ` +
        `${parsed.skipped.length} skipped${parsed.skipped[0] ? ` (e.g. line ${parsed.skipped[0].line}: ${parsed.skipped[0].reason})` : ''}`,
    );
    for (const e of parsed.entries)
      if (!e.wildcard) hotPlates.push({ plate: e.plate_display, region: e.region_iso });
  }
  const generated = demoHotlist(2000, Date.now());
  const wild = demoWildcardHotlist(generated.slice(0, 20), Date.now());
  const wildRes = await publishHotlist(
    producer,
    hotlistSerde,
    { listId: 'state-wildcard', entries: wild },
    'snapshot',
    current,
  );
  say(
    `  ${'state-wildcard'.padEnd(15)} ${String(wildRes.upserts).padStart(5)} entries (generated: partial plates with *)`,
  );
  const gen = await publishHotlist(
    producer,
    hotlistSerde,
    { listId: 'state-stolen', entries: generated },
    'snapshot',
    current,
  );
  say(
    `  ${'state-stolen'.padEnd(15)} ${String(gen.upserts).padStart(5)} entries (generated for the demo)`,
  );
  for (const e of generated) hotPlates.push({ plate: e.plate_display, region: e.region_iso });

  // Accounts: a chief executive, an administrator, a trained and an untrained analyst.
  const auditSerde = await createSerde(createRegistryClient(config), 'auditEvent', { logger });
  const agency = await seedDemoAgency(config, createKafkaAuditLog(producer, auditSerde), demoDir);

  say('\nStarting the pipeline (normalize, match+tag, ClickHouse sinks, gateway)...');
  const app = await startApp(config, logger);

  const sampleDir = join(root, 'processors', 'normalize', 'fixtures');
  const samples = readdirSync(sampleDir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => join(sampleDir, f));
  // The samples are dated 2024-2025, past the 90-day ceiling: they are moved
  // to the last day (15 h back, so a zone-less local time cannot land in the
  // future in any zone) to flow end to end like live reads.
  const recent = Date.now() - 15 * 3600_000;
  await replayFiles(producer, samples, {
    source: 'demo-samples',
    transform: (b) => redate(b, recent),
  });
  await producer.send({
    topic: topics.readsRaw.name,
    messages: [
      {
        value: Buffer.from('{"results": [ {"plate": "KTR4821"'),
        headers: { 'alpr-source': 'demo-bad-input' },
      },
      { value: Buffer.from('{"hello": "world"}'), headers: { 'alpr-source': 'demo-bad-input' } },
    ],
  });
  say(
    `Replayed ${samples.length} vendor samples (re-dated to the last day) and 2 malformed payloads ` +
      `(they go to ${topics.readsDlq.name}).`,
  );

  const rate = Number(args.rate);
  const synthetic = createFeed({ cameras: fleet, hotPlates, seed: Date.now() % 100000 });
  // Remember hotlisted plates as they are sent: the example query asks for
  // one sent a few seconds earlier, so that it has been stored by then.
  const hotSent: { plate: string; at: number }[] = [];
  const feed = {
    next(now: number) {
      const p = synthetic.next(now);
      if (p.hotlisted) hotSent.push({ plate: p.plate, at: now });
      return p;
    },
  };
  const storedHotPlate = () =>
    hotSent.filter((h) => h.at <= Date.now() - 5000).at(-1)?.plate ??
    hotPlates[0]?.plate ??
    'KTR4821';
  const running = produceAtRate(producer, feed, { rate, logger });
  say(`Streaming a synthetic feed: ${fleet.length} cameras, ${rate} reads/s, ~0.5% hotlisted.\n`);

  const base = app.gatewayUrl!;
  const tokens = { analyst: await demoLogin(base, agency.analyst) };
  say('Where to look:');
  say(`  gateway       ${base}   (OpenAPI: ${base}/openapi.json)`);
  say(`  metrics       ${base}/metrics`);
  say(`  logs          ${logFile}`);
  say(
    `  accounts      chief r.okafor, admin d.brennan, analyst a.rivera, untrained ${agency.untrained}`,
  );
  say(`                (passwords and TOTP secrets in ${agency.file})`);
  say(`  analyst token ${tokens.analyst}   (a.rivera's session: 8 h, ends after 30 min idle)`);

  const stats = setInterval(() => {
    void app
      .stats()
      .then((s) =>
        say(
          `  reads stored ${s.reads}, hits ${s.hits}, audit events ${s.audit}, dead letters ${s.deadLetters}`,
        ),
      );
  }, 5000);

  // One allowed and one refused query, each leaving one audit event.
  setTimeout(() => void exampleQueries(base, tokens.analyst, storedHotPlate()), 12_000);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    clearInterval(stats);
    say('\nStopping: feed, pipeline (flushing buffered rows), broker...');
    await running.stop();
    await producer.disconnect();
    await app.stop();
    if (!args['keep-kafka']) {
      spawnSync('bash', [join(root, 'infra/kafka/stop.sh')], { stdio: 'inherit' });
      if (localRegistry)
        spawnSync('bash', [join(root, 'infra/registry/stop.sh')], { stdio: 'inherit' });
    }
    say('Stopped. Run `npm run demo` again to resume where this left off.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  if (args.duration) setTimeout(() => void stop(), Number(args.duration) * 1000);
}

async function exampleQueries(base: string, token: string, plate: string): Promise<void> {
  const window = {
    from: new Date(Date.now() - 30 * 864e5).toISOString(),
    to: new Date(Date.now() + 864e5).toISOString(),
  };
  const call = async (body: object) => {
    const res = await fetch(`${base}/v1/reads/by-plate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  const ok = await call({
    purpose: 'stolen_vehicle',
    case_number: '2026-CR-001234',
    plate,
    ...window,
  });
  say(
    `\nExample query (purpose stolen_vehicle, case 2026-CR-001234, a hotlisted plate): HTTP ${ok.status}, ` +
      `${ok.body.row_count ?? 0} rows, audit event ${ok.body.audit_event_id}`,
  );
  const refused = await call({
    purpose: 'immigration_enforcement',
    case_number: '2026-CR-001234',
    plate,
    ...window,
  });
  say(
    `Example refusal (purpose immigration_enforcement): HTTP ${refused.status} ${refused.body.error?.code}, ` +
      `audit event ${refused.body.error?.audit_event_id}`,
  );
  say(`Try it:  curl -s ${base}/v1/reads/by-plate -H "authorization: Bearer ${token}" \\`);
  say(
    `           -H 'content-type: application/json' -d '${JSON.stringify({
      purpose: 'stolen_vehicle',
      case_number: '2026-CR-001234',
      plate,
      ...window,
    })}'\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
