/**
 * Avro types for every message, resolved once at load and reused (the
 * decoder per schema is built here, never per message).
 */
import { readFileSync } from 'node:fs';
import avro from 'avsc';
import type {
  AuditEvent,
  DeadLetter,
  Hit,
  HotlistEntry,
  RawEnvelope,
  Read,
  TaggedRead,
} from './types.ts';

const dir = new URL('./avro/', import.meta.url);
const registry: Record<string, avro.Type> = {};

function load(file: string): avro.Type {
  const schema = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as avro.Schema;
  return avro.Type.forSchema(schema, { registry });
}

/** A typed wrapper: encode to a Buffer, decode from one. */
export interface Codec<T> {
  readonly type: avro.Type;
  readonly schema: string;
  encode(value: T): Buffer;
  decode(buf: Buffer): T;
}

function codec<T>(type: avro.Type): Codec<T> {
  return {
    type,
    // exportAttrs keeps field defaults (and docs): without them a registry
    // judges every added optional field incompatible.
    schema: JSON.stringify(type.schema({ exportAttrs: true })),
    encode: (value) => type.toBuffer(value),
    decode: (buf) => type.fromBuffer(buf) as T,
  };
}

/**
 * A codec for a schema outside schemas/avro/, in its own name space: an
 * older or newer version of a message, for evolution tests and tools.
 */
export function codecFor<T>(schema: avro.Schema): Codec<T> {
  return codec<T>(avro.Type.forSchema(schema));
}

// Order matters: tagged-read refers to Read by name.
const readType = load('read.avsc');
export const codecs = {
  read: codec<Read>(readType),
  taggedRead: codec<TaggedRead>(load('tagged-read.avsc')),
  hotlistEntry: codec<HotlistEntry>(load('hotlist-entry.avsc')),
  hit: codec<Hit>(load('hit.avsc')),
  auditEvent: codec<AuditEvent>(load('audit-event.avsc')),
  deadLetter: codec<DeadLetter>(load('dead-letter.avsc')),
  rawEnvelope: codec<RawEnvelope>(load('raw-envelope.avsc')),
} as const;
