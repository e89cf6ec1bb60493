/**
 * The processors of the pipeline, bound to their topics: the pure cores
 * (processors/*) wrapped as `Processor`s that the runtime drives.
 *
 *   alpr.reads.raw --normalize--> alpr.reads --match+tag--> alpr.reads.tagged
 *                        \                          \--> alpr.hits
 *                         \--> alpr.reads.dlq (bad input, original bytes)
 *
 * Match and tag run as one processor: both are stateless per read, and one
 * hop fewer keeps capture-to-hit latency down.
 */
import type { Serdes, TopicSerde } from '../schemas/serdes.ts';
import type { Hit, Read, TaggedRead } from '../schemas/types.ts';
import { AlprError, ErrorCodes } from '../lib/errors.ts';
import { metrics } from '../lib/metrics.ts';
import type { InRecord, OutRecord, Processor, Sink } from './processor.ts';

export const HEADER = {
  vendor: 'alpr-vendor',
  source: 'alpr-source',
  receivedAt: 'alpr-received-at',
  cameraId: 'alpr-camera-id',
  agencyId: 'alpr-agency-id',
} as const;

/**
 * The record's value through its topic's serde. Failures keep the serde's
 * code (UNDECODABLE_RECORD, UNKNOWN_SCHEMA_ID: dead-lettered; a registry
 * outage: retriable) and gain where the record came from.
 */
export async function decodeRecord<T>(serde: TopicSerde<T>, rec: InRecord): Promise<T> {
  const where = { topic: rec.topic, partition: rec.partition, offset: rec.offset };
  if (!rec.value) {
    throw new AlprError(ErrorCodes.UNDECODABLE_RECORD, 'record has no value', { context: where });
  }
  try {
    return await serde.decode(rec.value);
  } catch (cause) {
    if (cause instanceof AlprError) {
      throw new AlprError(cause.code, cause.message, {
        cause,
        retriable: cause.retriable,
        context: { ...cause.context, ...where },
      });
    }
    const message = `record is not a valid ${serde.subject} value`;
    throw new AlprError(ErrorCodes.UNDECODABLE_RECORD, message, { cause, context: where });
  }
}

export interface Normalizer {
  normalize(input: {
    value: Buffer | null;
    headers: Record<string, string | undefined>;
    receivedAtMs: number;
  }): Read[];
}

export function normalizeProcessor(
  normalizer: Normalizer,
  serdes: Pick<Serdes, 'read'>,
): Processor {
  return {
    name: 'normalize',
    async process(rec) {
      // The bridge's receipt time when it sent one, else the broker's.
      const hinted = Number(rec.headers[HEADER.receivedAt]);
      const receivedAtMs = Number.isFinite(hinted) && hinted > 0 ? hinted : rec.timestamp;
      const reads = normalizer.normalize({ value: rec.value, headers: rec.headers, receivedAtMs });
      const out: OutRecord[] = [];
      for (const r of reads) {
        out.push({ topic: serdes.read.topic, key: r.read_id, value: await serdes.read.encode(r) });
      }
      return out;
    },
  };
}

export interface Matcher {
  match(read: Read, now: number): Hit[];
}
export interface Tagger {
  tag(read: Read, hits: Hit[]): TaggedRead;
}

export function matchTagProcessor(
  matcher: Matcher,
  tagger: Tagger,
  serdes: Pick<Serdes, 'read' | 'hit' | 'taggedRead'>,
  now = Date.now,
): Processor {
  return {
    name: 'match-tag',
    async process(rec) {
      const read = await decodeRecord(serdes.read, rec);
      const at = now();
      const hits = matcher.match(read, at);
      const out: OutRecord[] = [];
      for (const h of hits) {
        metrics.captureToHit.observe(Math.max(0, at - read.captured_at_ms) / 1000);
        out.push({ topic: serdes.hit.topic, key: h.hit_id, value: await serdes.hit.encode(h) });
      }
      const tagged = tagger.tag(read, hits);
      const value = await serdes.taggedRead.encode(tagged);
      out.push({ topic: serdes.taggedRead.topic, key: read.read_id, value });
      return out;
    },
  };
}

/** A sink that decodes one topic's values and hands batches to a writer. */
export function avroSink<T>(
  name: string,
  serde: TopicSerde<T>,
  write: (items: T[]) => Promise<void>,
): Sink<T> {
  return { name, decode: (rec) => decodeRecord(serde, rec), write };
}
