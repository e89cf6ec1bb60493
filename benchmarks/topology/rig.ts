/**
 * The end-to-end rig shared by throughput.ts and latency.ts: a run's own
 * topics (bench.<id>.raw/.reads/.tagged/.hits) on the local broker, three
 * forked workers (normalize, match-tag, reads sink on chDB; worker.ts), the
 * synthetic feed produced as a backlog or at a fixed offered rate, consumer
 * lag sampled per group, the broker's CPU from /proc, and cleanup (topics
 * deleted, chDB directory removed unless --keep).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Admin, Producer } from 'kafkajs';
import { silentLogger } from '../../lib/log.ts';
import { createKafka } from '../../topology/kafka.ts';
import { createFeed, type Feed } from '../../feed/synthetic.ts';
import { fleet, hotSample } from '../support/data.ts';
import { REPO_DIR, runId } from '../support/harness.ts';
import type {
  BenchTopics,
  Collected,
  Role,
  Runtime,
  WorkerConfig,
  WorkerMessage,
} from './worker.ts';

export interface RigOptions {
  runtime: Runtime;
  hotlistSize: number;
  batchRows: number;
  flushMs: number;
  /** Records per consume call of the rdkafka runner. */
  rdBatchSize?: number;
  brokers?: string[];
  keep?: boolean;
}

const ROLES: Role[] = ['normalize', 'match-tag', 'sink'];
const WORKER = new URL('./worker.ts', import.meta.url).pathname;
const PARTITIONS = { raw: 6, reads: 6, tagged: 6, hits: 3 };

function brokersFromEnv(): string[] {
  const raw = process.env.ALPR_KAFKA_BROKERS ?? '127.0.0.1:9092';
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

interface Worker {
  role: Role;
  child: ChildProcess;
  last: { count: number; cpuUs: number; rss: number };
  waiters: ((m: WorkerMessage) => boolean)[];
}

function waitFor<T extends WorkerMessage['type']>(w: Worker, type: T, timeoutMs: number) {
  return new Promise<Extract<WorkerMessage, { type: T }>>((resolve, reject) => {
    const fail = () => reject(new Error(`${w.role} worker: no ${type} in ${timeoutMs} ms`));
    const timer = setTimeout(fail, timeoutMs);
    w.waiters.push((m) => {
      if (m.type !== type) return false;
      clearTimeout(timer);
      resolve(m as Extract<WorkerMessage, { type: T }>);
      return true;
    });
  });
}

/** Process CPU of the broker JVM (utime + stime), µs; null when not found. */
export function brokerCpuUs(): number | null {
  const pidFile = join(REPO_DIR, '.cache/kafka/kafka.pid');
  try {
    const pid = readFileSync(pidFile, 'utf8').trim();
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks / 100) * 1e6; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

export class Rig {
  readonly id = runId();
  readonly topics: BenchTopics;
  readonly groups: Record<Role, string>;
  readonly chdbPath: string;
  private readonly brokers: string[];
  private readonly kafka;
  private admin: Admin | null = null;
  private producer: Producer | null = null;
  private workers: Worker[] = [];
  private feed: Feed;

  constructor(private readonly opts: RigOptions) {
    this.brokers = opts.brokers ?? brokersFromEnv();
    this.kafka = createKafka(
      { kafkaBrokers: this.brokers, kafkaClientId: 'bench-rig' },
      silentLogger,
    );
    const base = `bench.e2e.${this.id}`;
    this.topics = {
      raw: `${base}.raw`,
      reads: `${base}.reads`,
      tagged: `${base}.tagged`,
      hits: `${base}.hits`,
    };
    this.groups = {
      normalize: `${base}.normalize`,
      'match-tag': `${base}.match-tag`,
      sink: `${base}.sink`,
    };
    this.chdbPath = join(REPO_DIR, '.cache/bench', `e2e-${this.id}`);
    this.feed = createFeed({
      cameras: fleet(300),
      hotPlates: hotSample(opts.hotlistSize),
      seed: 11,
    });
  }

  async setUp(): Promise<void> {
    this.admin = this.kafka.admin();
    await this.admin.connect();
    await this.admin.createTopics({
      waitForLeaders: true,
      topics: (Object.keys(PARTITIONS) as (keyof BenchTopics)[]).map((k) => ({
        topic: this.topics[k],
        numPartitions: PARTITIONS[k],
        replicationFactor: 1,
      })),
    });
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await this.producer.connect();
    mkdirSync(this.chdbPath, { recursive: true });
  }

  /** Fork the three workers and wait until each has built its state. */
  async startWorkers(): Promise<void> {
    for (const role of ROLES) {
      const cfg: WorkerConfig = {
        role,
        runtime: this.opts.runtime,
        brokers: this.brokers,
        topics: this.topics,
        group: this.groups[role],
        hotlistSize: this.opts.hotlistSize,
        chdbPath: this.chdbPath,
        database: `bench_${this.id}`,
        batchRows: this.opts.batchRows,
        flushMs: this.opts.flushMs,
        rdBatchSize: this.opts.rdBatchSize,
      };
      // tsx loads the worker's TypeScript whoever started this process (tsx, vitest)
      const execArgv = ['--import', 'tsx'];
      const child = fork(WORKER, [JSON.stringify(cfg)], {
        execArgv,
        cwd: REPO_DIR,
        stdio: 'inherit',
      });
      const w: Worker = { role, child, last: { count: 0, cpuUs: 0, rss: 0 }, waiters: [] };
      child.on('message', (m: WorkerMessage) => {
        if (m.type === 'progress') w.last = { count: m.count, cpuUs: m.cpuUs, rss: m.rss };
        w.waiters = w.waiters.filter((f) => !f(m));
      });
      this.workers.push(w);
    }
    await Promise.all(this.workers.map((w) => waitFor(w, 'ready', 180_000)));
  }

  /** Start consuming in every worker. */
  async go(): Promise<void> {
    const started = this.workers.map((w) => waitFor(w, 'started', 60_000));
    for (const w of this.workers) w.child.send({ type: 'go' });
    await Promise.all(started);
  }

  /** Records each role has taken in so far, and its CPU. */
  progress(): Record<Role, { count: number; cpuUs: number; rss: number }> {
    const out = {} as Record<Role, { count: number; cpuUs: number; rss: number }>;
    for (const w of this.workers) out[w.role] = { ...w.last };
    return out;
  }

  async collect(): Promise<Record<Role, Collected>> {
    const out = {} as Record<Role, Collected>;
    await Promise.all(
      this.workers.map(async (w) => {
        const reply = waitFor(w, 'collected', 30_000);
        w.child.send({ type: 'collect' });
        out[w.role] = await reply;
      }),
    );
    return out;
  }

  /** Put `n` synthetic raw reads on the raw topic as fast as the producer goes. */
  async produceBacklog(n: number, chunk = 5000): Promise<void> {
    for (let sent = 0; sent < n; sent += chunk) {
      const now = Date.now();
      const messages = [];
      for (let i = 0; i < Math.min(chunk, n - sent); i++) {
        const p = this.feed.next(now);
        messages.push({ value: p.value, headers: p.headers });
      }
      await this.producer!.send({ topic: this.topics.raw, acks: -1, messages });
    }
  }

  /**
   * Offer `rate` reads/s for `seconds`, in 20 ms ticks, each read stamped
   * with its send time (alpr-received-at). Calls onSecond once a second.
   */
  async produceAtRate(
    rate: number,
    seconds: number,
    onSecond?: () => Promise<void>,
  ): Promise<number> {
    const start = Date.now();
    const end = start + seconds * 1000;
    let sent = 0;
    let nextSecond = start + 1000;
    while (Date.now() < end) {
      // At most 5,000 a send: a generator that fell behind must not build
      // one request larger than the broker takes (it would retry forever).
      const due = Math.min(5000, Math.floor(((Date.now() - start) / 1000) * rate) - sent);
      if (due > 0) {
        const now = Date.now();
        const messages = [];
        for (let i = 0; i < due; i++) {
          const p = this.feed.next(now);
          messages.push({
            value: p.value,
            headers: { ...p.headers, 'alpr-received-at': String(now) },
          });
        }
        await this.producer!.send({ topic: this.topics.raw, acks: -1, messages });
        sent += due;
      }
      if (onSecond && Date.now() >= nextSecond) {
        nextSecond += 1000;
        await onSecond();
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    return sent;
  }

  /** Total lag (high watermark minus committed) of each role's group. */
  async lag(): Promise<Record<Role, number>> {
    const input: Record<Role, string> = {
      normalize: this.topics.raw,
      'match-tag': this.topics.reads,
      sink: this.topics.tagged,
    };
    const out = {} as Record<Role, number>;
    for (const role of ROLES) {
      const [highs, committed] = await Promise.all([
        this.admin!.fetchTopicOffsets(input[role]),
        this.admin!.fetchOffsets({ groupId: this.groups[role], topics: [input[role]] }),
      ]);
      const done = new Map(
        committed[0]?.partitions.map((p) => [p.partition, Number(p.offset)]) ?? [],
      );
      const lagOf = (h: { partition: number; high: string }) =>
        Number(h.high) - Math.max(0, done.get(h.partition) ?? 0);
      out[role] = highs.reduce((n, h) => n + lagOf(h), 0);
    }
    return out;
  }

  /** Wait until the sink has stored `n` reads, at most `timeoutMs`; returns whether it did. */
  async waitStored(n: number, timeoutMs: number, onTick?: () => void): Promise<boolean> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      if ((this.progress().sink?.count ?? 0) >= n) return true;
      onTick?.();
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  }

  /** Stop the workers (sink last) and return their final reports. */
  async stopWorkers(): Promise<Record<Role, Extract<WorkerMessage, { type: 'done' }>>> {
    const out = {} as Record<Role, Extract<WorkerMessage, { type: 'done' }>>;
    for (const w of this.workers) {
      const done = waitFor(w, 'done', 60_000);
      w.child.send({ type: 'stop' });
      out[w.role] = await done;
      // A worker exits by itself after `done`; one stuck in a native
      // engine's teardown is killed after 5 s so no process outlives the run.
      const exited = new Promise<boolean>((r) => {
        if (w.child.exitCode !== null) r(true);
        w.child.once('exit', () => r(true));
        setTimeout(() => r(false), 5000).unref();
      });
      if (!(await exited)) w.child.kill('SIGKILL');
    }
    this.workers = [];
    return out;
  }

  async tearDown(): Promise<void> {
    for (const w of this.workers) w.child.kill('SIGKILL');
    this.workers = [];
    await this.producer?.disconnect().catch(() => undefined);
    if (this.admin) {
      await this.admin.deleteTopics({ topics: Object.values(this.topics) }).catch(() => undefined);
      const groups = [...Object.values(this.groups), `${this.groups.sink}-hits`];
      await this.admin.deleteGroups(groups).catch(() => undefined);
      await this.admin.disconnect().catch(() => undefined);
    }
    if (!this.opts.keep && existsSync(this.chdbPath)) {
      rmSync(this.chdbPath, { recursive: true, force: true });
    }
  }
}
