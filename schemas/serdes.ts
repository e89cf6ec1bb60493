/**
 * Serdes for every Avro topic, in the Confluent wire format:
 *
 *   byte 0      magic byte 0
 *   bytes 1..4  schema id, big-endian int32, as the registry assigned it
 *   bytes 5..   Avro binary body of the value (no container file header)
 *
 * Subjects follow TopicNameStrategy: `<topic>-value`. At start-up each
 * subject gets its compatibility rule and this process's schema (the .avsc
 * files of schemas/avro/, as resolved by schemas/avro.ts) is registered;
 * the id returned is the one every record written by this process carries.
 * Registering a schema that is already there returns its existing id, so
 * every instance of a role may do it. A schema the rule refuses fails
 * start-up with SCHEMA_INCOMPATIBLE naming the subject.
 *
 *   topic              subject                  compatibility
 *   alpr.reads         alpr.reads-value         BACKWARD
 *   alpr.reads.tagged  alpr.reads.tagged-value  BACKWARD
 *   alpr.hits          alpr.hits-value          BACKWARD
 *   alpr.reads.dlq     alpr.reads.dlq-value     BACKWARD
 *   alpr.hotlists      alpr.hotlists-value      BACKWARD_TRANSITIVE (compacted:
 *                      an entry written years ago is still read today)
 *   alpr.audit.access  alpr.audit.access-value  FULL_TRANSITIVE (kept forever
 *                      and read by auditors with any version of the tools)
 *
 * alpr.reads.raw carries the vendor's bytes untouched and has no serde.
 *
 * Hot path: encoding goes through the package's AvroSerializer with
 * `useSchemaId`, whose lookups are served from the client's caches after
 * the first call, so no request reaches the registry. It is slow: 80 to
 * 140 us per TaggedRead (352 bytes) against 4 to 8 us for avsc alone,
 * measured on the development machine (mutexes, deterministic JSON cache
 * keys and a full validation per call); see the README's limitations. Decoding resolves a
 * reader per writer schema id once (the package's deserializer fetches the
 * writer schema, then avsc builds the resolution to our reader schema) and
 * keeps it; later records with that id never call the registry, so
 * consumers keep working through a registry outage on the ids they know.
 * About 7 us per TaggedRead, where the package's own deserialize takes ~70.
 */
import { AvroDeserializer, AvroSerializer } from '@confluentinc/schemaregistry/dist/serde/avro.js';
import {
  SchemaId,
  SerdeType,
  SerializationError,
  SubjectNameStrategyType,
} from '@confluentinc/schemaregistry/dist/serde/serde.js';
import { Compatibility } from '@confluentinc/schemaregistry/dist/schemaregistry-client.js';
import type avro from 'avsc';
import { AlprError, ErrorCodes } from '../lib/errors.ts';
import { silentLogger, type Logger } from '../lib/log.ts';
import { topics } from '../topology/topics.ts';
import { codecs, type Codec } from './avro.ts';
import { registryError, type Client } from './registry.ts';
import type { AuditEvent, DeadLetter, Hit, HotlistEntry, Read, TaggedRead } from './types.ts';

export { Compatibility };

/** Encode and decode one topic's values; the same interface in tests and production. */
export interface TopicSerde<T> {
  readonly topic: string;
  readonly subject: string;
  /** Id of this process's schema: every record it writes carries it. */
  readonly schemaId: number;
  encode(value: T): Promise<Buffer>;
  /** Rejects with UNDECODABLE_RECORD, UNKNOWN_SCHEMA_ID or a retriable registry error. */
  decode(bytes: Buffer): Promise<T>;
}

export interface SerdeValues {
  read: Read;
  taggedRead: TaggedRead;
  hit: Hit;
  hotlistEntry: HotlistEntry;
  auditEvent: AuditEvent;
  deadLetter: DeadLetter;
}
export type SerdeKind = keyof SerdeValues;
export type Serdes = { readonly [K in SerdeKind]: TopicSerde<SerdeValues[K]> };

interface KindSpec {
  codec: Codec<unknown>;
  topic: string;
  compatibility: Compatibility;
}

export const SERDE_KINDS: Readonly<Record<SerdeKind, KindSpec>> = {
  read: { codec: codecs.read, topic: topics.reads.name, compatibility: Compatibility.BACKWARD },
  taggedRead: {
    codec: codecs.taggedRead,
    topic: topics.readsTagged.name,
    compatibility: Compatibility.BACKWARD,
  },
  hit: { codec: codecs.hit, topic: topics.hits.name, compatibility: Compatibility.BACKWARD },
  hotlistEntry: {
    codec: codecs.hotlistEntry,
    topic: topics.hotlists.name,
    compatibility: Compatibility.BACKWARD_TRANSITIVE,
  },
  auditEvent: {
    codec: codecs.auditEvent,
    topic: topics.auditAccess.name,
    compatibility: Compatibility.FULL_TRANSITIVE,
  },
  deadLetter: {
    codec: codecs.deadLetter,
    topic: topics.readsDlq.name,
    compatibility: Compatibility.BACKWARD,
  },
};

export function subjectOf(topic: string): string {
  return `${topic}-value`;
}

export interface SerdesOptions {
  /** Topic per kind, for tests with their own topics; default the pipeline's. */
  topics?: Partial<Record<SerdeKind, string>>;
  /** Reader/writer schema per kind, for evolution tests; default schemas/avro. */
  codecs?: Partial<Record<SerdeKind, Codec<unknown>>>;
  /** Keep retrying an unreachable registry this long at start-up; default 60 s. */
  startupTimeoutMs?: number;
  logger?: Logger;
}

export interface TopicSerdeOptions<T> {
  topic: string;
  codec: Codec<T>;
  compatibility: Compatibility;
  startupTimeoutMs?: number;
  logger?: Logger;
}

/** Registers every Avro topic's schema and returns their serdes. */
export async function createSerdes(client: Client, opts: SerdesOptions = {}): Promise<Serdes> {
  const out: Partial<Record<SerdeKind, TopicSerde<unknown>>> = {};
  for (const kind of Object.keys(SERDE_KINDS) as SerdeKind[]) {
    out[kind] = await createSerde(client, kind, {
      topic: opts.topics?.[kind],
      codec: opts.codecs?.[kind],
      startupTimeoutMs: opts.startupTimeoutMs,
      logger: opts.logger,
    });
  }
  return out as Serdes;
}

/** One kind's serde, e.g. for a tool that writes only hotlists. */
export function createSerde<K extends SerdeKind>(
  client: Client,
  kind: K,
  opts: { topic?: string; codec?: Codec<unknown>; startupTimeoutMs?: number; logger?: Logger } = {},
): Promise<TopicSerde<SerdeValues[K]>> {
  const spec = SERDE_KINDS[kind];
  return createTopicSerde(client, {
    topic: opts.topic ?? spec.topic,
    codec: (opts.codec ?? spec.codec) as Codec<SerdeValues[K]>,
    compatibility: spec.compatibility,
    startupTimeoutMs: opts.startupTimeoutMs,
    logger: opts.logger,
  });
}

/** Sets the subject's rule, registers the codec's schema, returns the serde. */
export async function createTopicSerde<T>(
  client: Client,
  opts: TopicSerdeOptions<T>,
): Promise<TopicSerde<T>> {
  const { topic, codec } = opts;
  const subject = subjectOf(topic);
  const logger = opts.logger ?? silentLogger;
  const schemaId = await retryUnavailable(opts.startupTimeoutMs ?? 60_000, logger, async () => {
    await client
      .updateConfig(subject, { compatibility: opts.compatibility })
      .catch((err: unknown) => {
        throw registryError(err, { subject, operation: 'set-compatibility' });
      });
    return client
      .register(subject, { schemaType: 'AVRO', schema: codec.schema }, false)
      .catch((err: unknown) => {
        throw registryError(err, { subject, operation: 'register' });
      });
  });
  logger.info({ topic, subject, schemaId, compatibility: opts.compatibility }, 'schema registered');

  const conf = { subjectNameStrategyType: SubjectNameStrategyType.TOPIC };
  const serializer = new AvroSerializer(client, SerdeType.VALUE, {
    ...conf,
    autoRegisterSchemas: false,
    useSchemaId: schemaId,
  });
  const deserializer = new AvroDeserializer(client, SerdeType.VALUE, conf);
  const readers = new Map<number, (body: Buffer) => T>();

  // The first record with an id fetches the writer schema (cached by the
  // client) and builds the avsc resolver from it to our reader schema.
  async function readerFor(id: number, bytes: Buffer): Promise<(body: Buffer) => T> {
    let writer: avro.Type;
    try {
      const [info] = await deserializer.getWriterSchema(topic, bytes, new SchemaId('AVRO'));
      [writer] = await deserializer.toType(info);
    } catch (err) {
      throw registryError(err, { subject, schemaId: id, operation: 'fetch-schema' });
    }
    const reader = codec.type;
    let read: (body: Buffer) => T;
    if (writer.equals(reader)) {
      read = (body) => reader.fromBuffer(body) as T;
    } else {
      let resolver: avro.Resolver;
      try {
        resolver = reader.createResolver(writer);
      } catch (cause) {
        throw new AlprError(
          ErrorCodes.SCHEMA_INCOMPATIBLE,
          `schema id ${id} cannot be read as this process's ${subject} schema`,
          { cause, context: { subject, schemaId: id } },
        );
      }
      read = (body) => reader.fromBuffer(body, resolver) as T;
    }
    readers.set(id, read);
    return read;
  }

  return {
    topic,
    subject,
    schemaId,
    async encode(value) {
      try {
        return await serializer.serialize(topic, value);
      } catch (err) {
        if (err instanceof SerializationError) {
          const message = `value does not fit the ${subject} schema`;
          throw new AlprError(ErrorCodes.INVALID_FIELD, message, {
            cause: err,
            context: { subject, schemaId },
          });
        }
        throw registryError(err, { subject, schemaId, operation: 'fetch-schema' });
      }
    },
    async decode(bytes) {
      if (bytes.length < 5 || bytes[0] !== 0) {
        throw new AlprError(
          ErrorCodes.UNDECODABLE_RECORD,
          'record is not in the Confluent wire format (no magic byte 0 and schema id)',
          { context: { subject, bytes: bytes.length } },
        );
      }
      const id = bytes.readInt32BE(1);
      const read = readers.get(id) ?? (await readerFor(id, bytes));
      try {
        return read(bytes.subarray(5));
      } catch (cause) {
        const message = `record body does not match schema id ${id}`;
        throw new AlprError(ErrorCodes.UNDECODABLE_RECORD, message, {
          cause,
          context: { subject, schemaId: id },
        });
      }
    },
  };
}

/**
 * Runs `fn` until it succeeds or fails with a non-retriable error, waiting
 * 0.5 s, 1 s, 2 s ... (at most 5 s) between tries; after `timeoutMs` the
 * last retriable error is thrown as it is.
 */
async function retryUnavailable<T>(
  timeoutMs: number,
  logger: Logger,
  fn: () => Promise<T>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await fn();
    } catch (err) {
      const retriable = err instanceof AlprError && err.retriable;
      const wait = Math.min(5_000, 500 * 2 ** attempt);
      if (!retriable || Date.now() + wait > deadline) throw err;
      const ctx = { code: err.code, context: err.context, attempt, waitMs: wait };
      logger.warn(ctx, 'registry call failed; retrying');
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
