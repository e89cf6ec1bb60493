/**
 * Publishes one hotlist to the compacted topic alpr.hotlists.
 *
 *   key    hotlistEntryKey(entry) = list_id|plate_key|region ("" if none)
 *   value  the alpr.hotlists serde's encoding (Avro HotlistEntry, Confluent
 *          wire format), or null: a tombstone,
 *          which removes the key from every reader and, after compaction,
 *          from the log
 *
 * Modes:
 *   snapshot     the file is the whole list. Every entry carries one common
 *                snapshot_id; every key of this list present in `current`
 *                (the topic's state, see readCompactedHotlists) but absent
 *                from the file gets a tombstone. Without `current` nothing
 *                can be removed: an NCIC extract dropped from the file would
 *                alert forever, so callers loading a full extract pass it.
 *   incremental  upserts of the given entries (snapshot_id null) plus
 *                tombstones for the keys in `list.removals`.
 *
 * Upserts are sent before tombstones, in slices of 1000 messages with
 * acks=-1, so a crash mid-publish leaves the old entries in place rather
 * than a half-removed list; publishing the same file again is harmless.
 * Keys of other lists are never touched.
 */
import { randomBytes } from 'node:crypto';
import type { Message, Producer } from 'kafkajs';
import { AlprError, ErrorCodes } from '../lib/errors.ts';
import type { TopicSerde } from '../schemas/serdes.ts';
import { hotlistEntryKey, type HotlistEntry } from '../schemas/types.ts';

export type PublishMode = 'snapshot' | 'incremental';

export interface PublishList {
  listId: string;
  entries: readonly HotlistEntry[];
  /** Entry keys to remove (tombstone); keys of other lists are refused. */
  removals?: Iterable<string>;
}

export interface PublishOptions {
  /** default the serde's topic (alpr.hotlists) */
  topic?: string;
  /** default `<listId>@<ISO time>-<8 hex>` */
  snapshotId?: string;
  /** Time for the default snapshot id, epoch ms; default Date.now(). */
  now?: number;
  /** Messages per produce request; default 1000. */
  sliceSize?: number;
}

export interface PublishResult {
  snapshotId: string | null;
  upserts: number;
  tombstones: number;
}

export type HotlistProducer = Pick<Producer, 'send'>;

const DEFAULT_SLICE = 1000;

export async function publishHotlist(
  producer: HotlistProducer,
  serde: TopicSerde<HotlistEntry>,
  list: PublishList,
  mode: PublishMode,
  current?: ReadonlyMap<string, HotlistEntry>,
  opts: PublishOptions = {},
): Promise<PublishResult> {
  const { listId } = list;
  const prefix = `${listId}|`;
  const snapshotId =
    mode === 'snapshot'
      ? (opts.snapshotId ?? defaultSnapshotId(listId, opts.now ?? Date.now()))
      : null;

  const upserts = new Map<string, HotlistEntry>();
  for (const e of list.entries) {
    if (e.list_id !== listId) {
      throw new AlprError(ErrorCodes.INVALID_FIELD, 'entry belongs to another list', {
        context: { field: 'list_id', expected: listId, actual: e.list_id },
      });
    }
    upserts.set(hotlistEntryKey(e), { ...e, snapshot_id: snapshotId });
  }

  const removals = new Set<string>();
  for (const key of list.removals ?? []) {
    if (!key.startsWith(prefix)) {
      throw new AlprError(ErrorCodes.INVALID_FIELD, 'removal key belongs to another list', {
        context: { field: 'removals', listId },
      });
    }
    if (!upserts.has(key)) removals.add(key);
  }
  if (mode === 'snapshot' && current) {
    for (const [key, entry] of current) {
      if (entry.list_id === listId && !upserts.has(key)) removals.add(key);
    }
  }

  const messages: Message[] = [];
  for (const [key, entry] of upserts) {
    messages.push({ key, value: await serde.encode(entry) });
  }
  for (const key of removals) messages.push({ key, value: null });

  const topic = opts.topic ?? serde.topic;
  const slice = opts.sliceSize ?? DEFAULT_SLICE;
  for (let i = 0; i < messages.length; i += slice) {
    await producer.send({ topic, acks: -1, messages: messages.slice(i, i + slice) });
  }
  return { snapshotId, upserts: upserts.size, tombstones: removals.size };
}

function defaultSnapshotId(listId: string, now: number): string {
  return `${listId}@${new Date(now).toISOString()}-${randomBytes(4).toString('hex')}`;
}
