/**
 * Turns a record that failed into a dead letter on alpr.reads.dlq: its code,
 * the reason, where it came from and its original bytes, untouched. The
 * dead letter itself is written in the Confluent wire format through the
 * topic's serde (schemas/serdes.ts).
 */
import { codecs } from '../schemas/avro.ts';
import type { TopicSerde } from '../schemas/serdes.ts';
import type { DeadLetter } from '../schemas/types.ts';
import { isAlprError } from '../lib/errors.ts';
import { topics } from './topics.ts';
import type { InRecord, OutRecord } from './processor.ts';

/** Code of failures that are not AlprErrors: a defect met on this input. */
export const INTERNAL_ERROR = 'INTERNAL_ERROR';

export function deadLetterCode(err: unknown): string {
  return isAlprError(err) ? err.code : INTERNAL_ERROR;
}

function deadLetterOf(processor: string, rec: InRecord, err: unknown, now: number): DeadLetter {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(rec.headers)) if (v !== undefined) headers[k] = v;
  return {
    code: deadLetterCode(err),
    reason: err instanceof Error ? err.message : String(err),
    processor,
    source_topic: rec.topic,
    source_partition: rec.partition,
    source_offset: rec.offset,
    source_key: rec.key,
    source_headers: headers,
    original: rec.value ?? Buffer.alloc(0),
    failed_at_ms: now,
  };
}

function dlqHeaders(d: DeadLetter): Record<string, string> {
  return { 'alpr-dlq-code': d.code, 'alpr-dlq-processor': d.processor };
}

/** The dead letter of `rec`, encoded by the dead-letter topic's serde. */
export async function deadLetterRecord(
  serde: TopicSerde<DeadLetter>,
  processor: string,
  rec: InRecord,
  err: unknown,
  now = Date.now(),
): Promise<OutRecord> {
  const d = deadLetterOf(processor, rec, err, now);
  return { topic: serde.topic, key: rec.key, value: await serde.encode(d), headers: dlqHeaders(d) };
}

/**
 * Plain Avro without a schema id, for runners built without a dead-letter
 * serde (tests, benchmarks). The application always uses `deadLetterRecord`:
 * consumers of alpr.reads.dlq expect the Confluent wire format.
 */
export function toDeadLetter(
  processor: string,
  rec: InRecord,
  err: unknown,
  now = Date.now(),
): OutRecord {
  const d = deadLetterOf(processor, rec, err, now);
  const value = codecs.deadLetter.encode(d);
  return { topic: topics.readsDlq.name, key: rec.key, value, headers: dlqHeaders(d) };
}
