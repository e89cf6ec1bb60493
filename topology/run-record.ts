/**
 * What both runners do with one record: run the processor (or decode it for
 * a sink), count it, and turn a non-retriable failure into a dead letter. A
 * retriable failure is thrown so that the runner re-reads the batch instead.
 */
import { isAlprError } from '../lib/errors.ts';
import type { Logger } from '../lib/log.ts';
import { metrics } from '../lib/metrics.ts';
import type { TopicSerde } from '../schemas/serdes.ts';
import type { DeadLetter } from '../schemas/types.ts';
import { deadLetterCode, deadLetterRecord, toDeadLetter } from './dead-letter.ts';
import type { InRecord, OutRecord, Processor, Sink } from './processor.ts';

/** In the topic's wire format when a serde is given (app.ts always gives one). */
export function encodeDeadLetter(
  serde: TopicSerde<DeadLetter> | undefined,
  processor: string,
  rec: InRecord,
  err: unknown,
): Promise<OutRecord> | OutRecord {
  return serde ? deadLetterRecord(serde, processor, rec, err) : toDeadLetter(processor, rec, err);
}

export async function runRecord(
  processor: Processor,
  rec: InRecord,
  out: OutRecord[],
  deadLetters: TopicSerde<DeadLetter> | undefined,
  logger: Logger,
): Promise<void> {
  const name = processor.name;
  metrics.recordsIn.inc({ processor: name });
  try {
    const produced = await processor.process(rec);
    // A record that carries no read (an empty results array, a heartbeat)
    // is counted, so that in = out + dead letters + without output.
    if (produced.length === 0) metrics.recordsWithoutOutput.inc({ processor: name });
    for (const o of produced) out.push(o);
  } catch (err) {
    if (isAlprError(err) && err.retriable) throw err;
    const code = deadLetterCode(err);
    metrics.deadLetters.inc({ processor: name, code });
    const ctx = { topic: rec.topic, partition: rec.partition, offset: rec.offset, code };
    if (code === 'INTERNAL_ERROR') logger.error({ ...ctx, err }, 'processor failed on a record');
    else logger.debug(ctx, 'record dead-lettered');
    out.push(await encodeDeadLetter(deadLetters, name, rec, err));
  }
}

/**
 * Decodes one record for a sink. A record that cannot be decoded becomes a
 * dead letter pushed to `dead` and the result is undefined; a passing fault
 * (the registry unreachable while a new schema id is fetched) is thrown.
 */
export async function decodeRecord<T>(
  sink: Sink<T>,
  rec: InRecord,
  dead: OutRecord[],
  deadLetters: TopicSerde<DeadLetter> | undefined,
): Promise<{ item: T } | undefined> {
  metrics.recordsIn.inc({ processor: sink.name });
  try {
    return { item: await sink.decode(rec) };
  } catch (err) {
    if (isAlprError(err) && err.retriable) throw err;
    metrics.deadLetters.inc({ processor: sink.name, code: deadLetterCode(err) });
    dead.push(await encodeDeadLetter(deadLetters, sink.name, rec, err));
    return undefined;
  }
}
