/**
 * The main job end to end on the real local broker and the embedded
 * ClickHouse engine: raw vendor payloads in, reads queryable through the
 * gateway with one audit event per query, hits from a published hotlist,
 * dead letters for malformed input (and for records without the wire-format
 * header or with a schema id the registry never issued), and no duplicates
 * after a replay. Every Avro topic is read through the app's serdes, i.e.
 * the Confluent wire format against the real local schema registry.
 * Plates are random per run, so earlier data on the shared topics never
 * satisfies an assertion.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../lib/config.ts';
import { silentLogger } from '../lib/log.ts';
import { codecs } from '../schemas/avro.ts';
import type { TopicSerde } from '../schemas/serdes.ts';
import { sampleRead } from '../store/fixtures.ts';
import { hashToken } from '../gateway/identity.ts';
import { parseHotlist } from '../hotlists/index.ts';
import { publishHotlist } from '../hotlists/publish.ts';
import { cleanupKafka, consumeUntil, produceMessages } from '../test/support/kafka.ts';
import { startApp, type App } from './app.ts';
import { topics } from './topics.ts';

const TOKEN = randomBytes(24).toString('base64url');
const dir = mkdtempSync(join(tmpdir(), 'alpr-app-'));
let app: App;

function plate(): string {
  const L = 'ABCDEFGHJKLMNPRTUVWXY';
  const l = () => L[randomInt(L.length)]!;
  return `${l()}${l()}${l()}${randomInt(1000, 9999)}`;
}

/** A Plate Recognizer Snapshot result for camera-1, captured `agoMs` ago. */
function snapshot(p: string, agoMs = 1000): Buffer {
  const sample = JSON.parse(
    readFileSync(
      new URL(
        '../processors/normalize/fixtures/platerecognizer-snapshot-cloud.json',
        import.meta.url,
      ),
      'utf8',
    ),
  );
  sample.camera_id = 'camera-1';
  sample.timestamp = new Date(Date.now() - agoMs).toISOString();
  sample.filename = `${p}.jpg`;
  sample.results[0].plate = p.toLowerCase();
  sample.results[0].region.code = 'us-il';
  sample.results[0].candidates = [{ score: 0.9, plate: p.toLowerCase() }];
  return Buffer.from(JSON.stringify(sample));
}

async function query(p: string) {
  const res = await fetch(`${app.gatewayUrl}/v1/reads/by-plate`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      purpose: 'stolen_vehicle',
      case_number: '2026-CR-000042',
      notes: 'integration test',
      plate: p,
      from: new Date(Date.now() - 864e5).toISOString(),
      to: new Date(Date.now() + 864e5).toISOString(),
    }),
  });
  type Row = {
    read_id: string;
    plate_display: string;
    purpose: string;
    retention_days: number;
    hit_lists: string[];
  };
  return (await res.json()) as { rows: Row[]; audit_event_id: string };
}

/** The decoded value, or null for records of other runs or formats. */
async function decoded<T>(serde: TopicSerde<T>, value: Buffer | null): Promise<T | null> {
  return value ? serde.decode(value).catch(() => null) : null;
}

async function until<T>(
  fn: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 300));
  }
}

// Both Kafka runtimes drive the same pipeline; each gets the whole suite.
describe.each(['rdkafka', 'kafkajs'])('main job end to end (%s runtime)', (runtime) => {
  beforeAll(async () => {
    const users = join(dir, 'users.json');
    writeFileSync(
      users,
      JSON.stringify({
        users: [
          {
            user_id: 'it.analyst',
            name: 'Test Analyst',
            agency_id: 'demo-agency',
            roles: ['analyst'],
            token_sha256: hashToken(TOKEN),
          },
        ],
      }),
    );
    const config = loadConfig({
      ALPR_KAFKA_BROKERS: process.env.ALPR_KAFKA_BROKERS ?? '127.0.0.1:9092',
      // the registry that npm test started or was pointed at
      ...(process.env.ALPR_SCHEMA_REGISTRY_URL
        ? { ALPR_SCHEMA_REGISTRY_URL: process.env.ALPR_SCHEMA_REGISTRY_URL }
        : {}),
      ALPR_CHDB_PATH: join(dir, 'chdb'),
      ALPR_IMAGE_STORE: join(dir, 'images'),
      ALPR_USERS_FILE: users,
      ALPR_GATEWAY_PORT: '0',
      ALPR_SINK_FLUSH_MS: '200',
      ALPR_KAFKA_RUNTIME: runtime,
    });
    app = await startApp(config, silentLogger);
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
  });

  it('raw read > normalized, tagged and stored > queryable through the gateway with one audit event on the topic', async () => {
    const p = plate();
    await produceMessages(topics.readsRaw.name, [
      { value: snapshot(p), headers: { 'alpr-source': 'it' } },
    ]);
    const result = await until(
      () => query(p),
      (r) => r.rows.length > 0,
    );
    expect(result.rows).toHaveLength(1);
    expect(result.rows[0]!.plate_display).toBe(p);
    const audit = await consumeUntil(topics.auditAccess.name, async (m) => {
      const e = await decoded(app.serdes.auditEvent, m.value);
      return e?.event_id === result.audit_event_id;
    });
    expect(audit.value![0]).toBe(0);
    expect(audit.value!.readInt32BE(1)).toBe(app.serdes.auditEvent.schemaId);
    expect(await app.serdes.auditEvent.decode(audit.value!)).toMatchObject({
      user_id: 'it.analyst',
      action: 'query.plate',
      outcome: 'allowed',
      purpose: 'stolen_vehicle',
      case_number: '2026-CR-000042',
      notes: 'integration test',
      row_count: 1,
    });
  });

  it('hotlist entry > read of that plate > hit on the hits topic and the read kept under the list purpose', async () => {
    const p = plate();
    const today = new Date().toISOString().slice(0, 10);
    const next = new Date(Date.now() + 30 * 864e5).toISOString().slice(0, 10);
    const listId = `it-${randomBytes(3).toString('hex')}`;
    const { entries } = parseHotlist(`Stolen;IL;${p};${today};${next}`, {
      format: 'genetec',
      listId,
      now: Date.now(),
    });
    expect(entries).toHaveLength(1);
    const producer = (await import('../test/support/kafka.ts')).testKafka().producer();
    await producer.connect();
    await publishHotlist(producer, app.serdes.hotlistEntry, { listId, entries }, 'incremental');
    await producer.disconnect();
    // The matcher follows the compacted topic a moment behind; the same
    // payload is sent again until the hit shows (a replay is harmless).
    const isOurs = async (m: { value: Buffer | null }) =>
      (await decoded(app.serdes.hit, m.value))?.list_id === listId;
    let hit;
    for (let attempt = 0; !hit && attempt < 5; attempt++) {
      await produceMessages(topics.readsRaw.name, [
        { value: snapshot(p), headers: { 'alpr-source': 'it' } },
      ]);
      hit = await consumeUntil(topics.hits.name, isOurs, 6000).catch(() => undefined);
    }
    expect(hit).toBeDefined();
    expect(await app.serdes.hit.decode(hit!.value!)).toMatchObject({
      match_kind: 'exact',
      purpose: 'stolen_vehicle',
      read_plate: p,
    });
    const stored = await until(
      () => query(p),
      (r) => r.rows.length > 0,
    );
    expect(stored.rows[0]).toMatchObject({
      purpose: 'stolen_vehicle',
      retention_days: 90,
      hit_lists: [listId],
    });
  });

  it.each([
    ['truncated JSON', '{"results": [ {"plate": "', 'MALFORMED_JSON'],
    ['unknown vendor shape', '{"vendor": "acme", "plates": []}', 'UNKNOWN_VENDOR_SHAPE'],
    [
      'missing plate',
      '{"results":[{"score":0.9,"region":{"code":"us-il"}}],"timestamp":"2026-01-01T00:00:00Z","camera_id":"camera-1"}',
      'MISSING_PLATE',
    ],
  ])(
    'malformed input > %s > dead letter with its code and the original bytes',
    async (_name, payload, code) => {
      const marker = randomBytes(6).toString('hex');
      await produceMessages(topics.readsRaw.name, [
        { value: Buffer.from(payload), headers: { 'alpr-it-marker': marker } },
      ]);
      const dl = await consumeUntil(topics.readsDlq.name, async (m) => {
        const d = await decoded(app.serdes.deadLetter, m.value);
        return d?.source_headers['alpr-it-marker'] === marker;
      });
      const d = (await app.serdes.deadLetter.decode(dl.value!))!;
      expect(d.code).toBe(code);
      expect(d.processor).toBe('normalize');
      expect(d.original.toString()).toBe(payload);
    },
  );

  it.each([
    ['plain Avro without the wire-format header', 'UNDECODABLE_RECORD', -1],
    ['a schema id the registry never issued', 'UNKNOWN_SCHEMA_ID', 2_000_000_000],
  ])('canonical read > %s > dead letter %s with the original bytes', async (_name, code, id) => {
    const marker = randomBytes(6).toString('hex');
    const body = codecs.read.encode(sampleRead({ read_id: marker }));
    const header = Buffer.alloc(5);
    header.writeInt32BE(id, 1);
    const value = id < 0 ? body : Buffer.concat([header, body]);
    await produceMessages(topics.reads.name, [{ value, headers: { 'alpr-it-marker': marker } }]);
    const dl = await consumeUntil(topics.readsDlq.name, async (m) => {
      const d = await decoded(app.serdes.deadLetter, m.value);
      return d?.source_headers['alpr-it-marker'] === marker;
    });
    const d = (await app.serdes.deadLetter.decode(dl.value!))!;
    expect(d).toMatchObject({ code, processor: 'match-tag', source_topic: topics.reads.name });
    expect(d.original.equals(value)).toBe(true);
  });

  it('replay > same payload sent three times > one row in query results', async () => {
    const p = plate();
    const value = snapshot(p, 5000);
    await produceMessages(topics.readsRaw.name, [{ value }, { value }]);
    await produceMessages(topics.readsRaw.name, [{ value }]);
    const result = await until(
      () => query(p),
      (r) => r.rows.length > 0,
    );
    // Give the later copies time to land too, then ask again.
    await new Promise((r) => setTimeout(r, 2000));
    const again = await query(p);
    expect(result.rows.length).toBeGreaterThan(0);
    expect(again.rows).toHaveLength(1);
  });
});

afterAll(async () => {
  await cleanupKafka();
  rmSync(dir, { recursive: true, force: true });
});
