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
import type { Codec } from '../schemas/avro.ts';
import { codecs } from '../schemas/avro.ts';
import type { Hit, Read, TaggedRead } from '../schemas/types.ts';
import { AlprError, ErrorCodes } from '../lib/errors.ts';
import { metrics } from '../lib/metrics.ts';
import type { InRecord, OutRecord, Processor, Sink } from './processor.ts';
import { topics } from './topics.ts';

export const HEADER = {
  vendor: 'alpr-vendor',
  source: 'alpr-source',
  receivedAt: 'alpr-received-at',
  cameraId: 'alpr-camera-id',
  agencyId: 'alpr-agency-id',
} as const;

export function decodeRecord<T>(codec: Codec<T>, rec: InRecord): T {
  if (!rec.value) {
    throw new AlprError(ErrorCodes.UNDECODABLE_RECORD, 'record has no value', {
      context: { topic: rec.topic, partition: rec.partition, offset: rec.offset },
    });
  }
  try {
    return codec.decode(rec.value);
  } catch (cause) {
    throw new AlprError(ErrorCodes.UNDECODABLE_RECORD, `record is not a valid ${codec.type.name ?? 'Avro'} value`, {
      cause,
      context: { topic: rec.topic, partition: rec.partition, offset: rec.offset },
    });
  }
}

export interface Normalizer {
  normalize(input: {
    value: Buffer | null;
    headers: Record<string, string | undefined>;
    receivedAtMs: number;
  }): Read[];
}

export function normalizeProcessor(normalizer: Normalizer): Processor {
  return {
    name: 'normalize',
    process(rec) {
      // The bridge's receipt time when it sent one, else the broker's.
      const hinted = Number(rec.headers[HEADER.receivedAt]);
      const receivedAtMs = Number.isFinite(hinted) && hinted > 0 ? hinted : rec.timestamp;
      const reads = normalizer.normalize({ value: rec.value, headers: rec.headers, receivedAtMs });
      return reads.map((r) => ({ topic: topics.reads.name, key: r.read_id, value: codecs.read.encode(r) }));
    },
  };
}

export interface Matcher {
  match(read: Read, now: number): Hit[];
}
export interface Tagger {
  tag(read: Read, hits: Hit[]): TaggedRead;
}

export function matchTagProcessor(matcher: Matcher, tagger: Tagger, now = Date.now): Processor {
  return {
    name: 'match-tag',
    process(rec) {
      const read = decodeRecord(codecs.read, rec);
      const at = now();
      const hits = matcher.match(read, at);
      const out: OutRecord[] = [];
      for (const h of hits) {
        metrics.captureToHit.observe(Math.max(0, at - read.captured_at_ms) / 1000);
        out.push({ topic: topics.hits.name, key: h.hit_id, value: codecs.hit.encode(h) });
      }
      const tagged = tagger.tag(read, hits);
      out.push({ topic: topics.readsTagged.name, key: read.read_id, value: codecs.taggedRead.encode(tagged) });
      return out;
    },
  };
}

/** A sink that decodes one Avro type and hands batches to a writer. */
export function avroSink<T>(name: string, codec: Codec<T>, write: (items: T[]) => Promise<void>): Sink<T> {
  return { name, decode: (rec) => decodeRecord(codec, rec), write };
}
