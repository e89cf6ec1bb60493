/**
 * Puts vendor payloads on alpr.reads.raw exactly as they arrived, with the
 * bridge's metadata in alpr-* headers: replayed files, or the synthetic feed
 * at a fixed offered rate.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Producer } from 'kafkajs';
import type { Logger } from '../lib/log.ts';
import { HEADER } from '../topology/pipeline.ts';
import { topics } from '../topology/topics.ts';
import type { Feed } from './synthetic.ts';

export interface ReplayOptions {
  vendor?: string;
  cameraId?: string;
  source?: string;
  topic?: string;
  /** Applied to each file's bytes before sending (the demo re-dates samples). */
  transform?: (bytes: Buffer) => Buffer;
}

/** Sends each file as one raw record; returns how many were sent. */
export async function replayFiles(
  producer: Producer,
  files: string[],
  opts: ReplayOptions = {},
): Promise<number> {
  const now = Date.now();
  const messages = files.map((f) => {
    const headers: Record<string, string> = {
      [HEADER.source]: opts.source ?? 'replay',
      [HEADER.receivedAt]: String(now),
      'alpr-file': basename(f),
    };
    if (opts.vendor) headers[HEADER.vendor] = opts.vendor;
    if (opts.cameraId) headers[HEADER.cameraId] = opts.cameraId;
    const bytes = readFileSync(f);
    return { key: basename(f), value: opts.transform ? opts.transform(bytes) : bytes, headers };
  });
  const topic = opts.topic ?? topics.readsRaw.name;
  try {
    await producer.send({ topic, acks: -1, messages });
  } catch (err) {
    // The broker's refusal (a file over its message size limit, most often)
    // says nothing of which file; the caller needs to know.
    const sizes = messages.map((m) => `${m.key} (${m.value.length} bytes)`).join(', ');
    throw new Error(`sending ${sizes} to ${topic} failed: ${(err as Error).message}`, {
      cause: err,
    });
  }
  return messages.length;
}

export interface RateOptions {
  /** Reads per second offered. */
  rate: number;
  /** Stop after this many reads (default: until stopped). */
  total?: number;
  topic?: string;
  logger?: Logger;
  /** Called once a second with the count sent so far. */
  onProgress?: (sent: number) => void;
}

export interface RunningFeed {
  stop(): Promise<void>;
  done: Promise<number>;
}

// 10 ticks a second: smooth enough for latency runs, few enough sends that
// the producer batches well (at 50k/s each send carries 5,000 records).
const TICK_MS = 100;

export function produceAtRate(producer: Producer, feed: Feed, opts: RateOptions): RunningFeed {
  let stopped = false;
  let sent = 0;
  const started = Date.now();
  const done = (async () => {
    let lastProgress = started;
    while (!stopped && (opts.total === undefined || sent < opts.total)) {
      const due = Math.floor(((Date.now() - started) / 1000) * opts.rate) - sent;
      const n = Math.min(Math.max(due, 0), (opts.total ?? Infinity) - sent);
      if (n > 0) {
        const now = Date.now();
        const messages = [];
        for (let i = 0; i < n; i++) {
          const p = feed.next(now);
          messages.push({ value: p.value, headers: p.headers });
        }
        await producer.send({ topic: opts.topic ?? topics.readsRaw.name, acks: -1, messages });
        sent += n;
      }
      if (opts.onProgress && Date.now() - lastProgress >= 1000) {
        lastProgress = Date.now();
        opts.onProgress(sent);
      }
      await new Promise((r) => setTimeout(r, TICK_MS));
    }
    return sent;
  })();
  return {
    done,
    async stop() {
      stopped = true;
      await done.catch((err) => opts.logger?.error({ err }, 'feed stopped with an error'));
    },
  };
}
