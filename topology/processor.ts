/**
 * The contract between a stateless processor and the runtime that drives it.
 * A processor is a function from one input record to zero or more output
 * records. It throws an AlprError for bad input (the runtime dead-letters the
 * record) and may throw a retriable AlprError for a passing fault (the
 * runtime retries the batch without committing).
 */
export interface InRecord {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, string | undefined>;
  /** Broker timestamp, epoch ms. */
  timestamp: number;
}

export interface OutRecord {
  topic: string;
  key: string | Buffer | null;
  value: Buffer | null;
  headers?: Record<string, string>;
}

export interface Processor {
  /** Metric and log label, also the dead letter's `processor` field. */
  readonly name: string;
  /** May return a promise, e.g. when a schema must be fetched first. */
  process(record: InRecord): OutRecord[] | Promise<OutRecord[]>;
}

/**
 * A sink takes decoded records in batches and must have durably written a
 * batch when `write` resolves; offsets are committed only after that.
 */
export interface Sink<T> {
  readonly name: string;
  decode(record: InRecord): T | Promise<T>;
  write(items: T[]): Promise<void>;
}

/** A running consumer loop: a processor or a sink bound to topics. */
export interface Runner {
  start(): Promise<void>;
  stop(): Promise<void>;
}
