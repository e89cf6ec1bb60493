/**
 * Turns a record that failed into a dead letter on alpr.reads.dlq: its code,
 * the reason, where it came from and its original bytes, untouched.
 */
import { codecs } from '../schemas/avro.ts';
import { isAlprError } from '../lib/errors.ts';
import { topics } from './topics.ts';
import type { InRecord, OutRecord } from './processor.ts';

/** Code of failures that are not AlprErrors: a defect met on this input. */
export const INTERNAL_ERROR = 'INTERNAL_ERROR';

export function deadLetterCode(err: unknown): string {
  return isAlprError(err) ? err.code : INTERNAL_ERROR;
}

export function toDeadLetter(processor: string, rec: InRecord, err: unknown, now = Date.now()): OutRecord {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(rec.headers)) if (v !== undefined) headers[k] = v;
  const code = deadLetterCode(err);
  const reason = err instanceof Error ? err.message : String(err);
  const value = codecs.deadLetter.encode({
    code,
    reason,
    processor,
    source_topic: rec.topic,
    source_partition: rec.partition,
    source_offset: rec.offset,
    source_key: rec.key,
    source_headers: headers,
    original: rec.value ?? Buffer.alloc(0),
    failed_at_ms: now,
  });
  return {
    topic: topics.readsDlq.name,
    key: rec.key,
    value,
    headers: { 'alpr-dlq-code': code, 'alpr-dlq-processor': processor },
  };
}
