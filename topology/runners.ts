/**
 * Picks the Kafka client that drives processors and sinks. Both runners
 * keep the same contract (outputs acknowledged before offsets commit).
 * node-rdkafka is the default: in one run on the same feed it drained a
 * backlog 1.59x faster than kafkajs and held p99 capture-to-hit at 51 ms
 * against 587 ms at 1,000 reads/s (benchmarks/README.md). kafkajs needs no
 * native build and stays selectable with ALPR_KAFKA_RUNTIME=kafkajs.
 */
import type { Kafka } from 'kafkajs';
import type { Config } from '../lib/config.ts';
import {
  createProcessorRunner,
  createSinkRunner,
  type ProcessorRunnerOptions,
  type SinkRunnerOptions,
} from './kafkajs-runner.ts';
import type { Runner } from './processor.ts';
import { createRdProcessorRunner, createRdSinkRunner } from './rdkafka-runner.ts';

export interface RunnerFactory {
  processor(opts: ProcessorRunnerOptions): Runner;
  sink<T>(opts: SinkRunnerOptions<T>): Runner;
}

export function runnerFactory(
  config: Pick<Config, 'kafkaRuntime' | 'kafkaBrokers' | 'kafkaClientId'>,
  kafka: Kafka,
): RunnerFactory {
  if (config.kafkaRuntime === 'rdkafka') {
    const conn = { brokers: config.kafkaBrokers, clientId: config.kafkaClientId };
    return {
      processor: (opts) => createRdProcessorRunner(conn, opts),
      sink: (opts) => createRdSinkRunner(conn, opts),
    };
  }
  return {
    processor: (opts) => createProcessorRunner(kafka, opts),
    sink: (opts) => createSinkRunner(kafka, opts),
  };
}
