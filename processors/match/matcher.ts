/**
 * The matcher a match processor holds: the current HotlistIndex behind one
 * reference, read by match().
 *
 *   swap(index)   puts a whole index in use in one assignment (an index from
 *                 createHotlistIndex is never changed afterwards).
 *   apply(k, e)   records an upsert (entry) or removal (null) of one entry
 *                 key from the compacted topic; O(1), the index is untouched.
 *   flush()       applies every pending change at once. The first flush
 *                 after a swap copies the index (O(n), once); every flush
 *                 then costs O(changes), so loading a million-entry topic
 *                 batch by batch is linear, not quadratic.
 *   rebuild()     builds a fresh index from the current one plus pending
 *                 changes (O(n)), dropping entries expired since, in one
 *                 synchronous step.
 *   compact()     the same without stalling reads: the fresh index is built
 *                 in slices of `compactSliceEntries`, the event loop free
 *                 between them, while match() keeps answering from the index
 *                 in use; changes flushed meanwhile are replayed onto the
 *                 fresh index before it is swapped in. Returns the entries
 *                 dropped. The app runs it hourly to return the memory of
 *                 expired entries (match() already ignores them).
 *
 * When changes are applied: the hotlist follower calls flush() after each
 * fetched batch (topology/hotlist-follower.ts); otherwise a timer flushes
 * `rebuildDelayMs` (default 50 ms) after the first pending change, so a
 * burst of changes costs one flush; `rebuildDelayMs: null` leaves it to the
 * caller. Until then match() answers from the index as it was. A flush runs
 * synchronously, and so does match(): on Node's single thread no read ever
 * sees a half-applied change set. Changes pending at a swap() are applied
 * over the swapped-in index.
 *
 * metrics.hits counts hits by list and kind; metrics.hotlistEntries is the
 * entry count per list of the index last put in use by any matcher of the
 * process (a process runs one).
 */
import { metrics } from '../../lib/metrics.ts';
import type { Hit, HotlistEntry, Read } from '../../schemas/types.ts';
import {
  EMPTY_INDEX,
  cloneIndex,
  indexKeyed,
  removeEntry,
  upsertEntry,
  type HotlistIndex,
  type WorkingIndex,
} from './hotlist-index.ts';
import { matchRead } from './match-read.ts';

export interface MatcherOptions {
  /** Index to start from; default empty. */
  index?: HotlistIndex;
  /** Delay from the first pending change to the automatic flush; null = manual. */
  rebuildDelayMs?: number | null;
  /** Clock for flushes and rebuilds (expired entries are dropped); default Date.now. */
  clock?: () => number;
  /** Entries indexed per event-loop turn by compact(); default 5,000 (~20 ms). */
  compactSliceEntries?: number;
}

export interface Matcher {
  /** The index match() uses now (a live view while changes are flushed into it). */
  readonly index: HotlistIndex;
  /** Changes recorded by apply() and not yet in the index. */
  readonly pendingChanges: number;
  match(read: Read, now: number): Hit[];
  swap(index: HotlistIndex): void;
  apply(key: string, entry: HotlistEntry | null): void;
  flush(): void;
  rebuild(): HotlistIndex;
  /** rebuild() in slices; resolves with the number of entries dropped. One at a time. */
  compact(): Promise<number>;
  /** Cancel a scheduled flush (pending changes stay pending). */
  close(): void;
}

const DEFAULT_REBUILD_DELAY_MS = 50;
const DEFAULT_COMPACT_SLICE = 5_000;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
const exported = new Set<string>();

function publishCounts(index: HotlistIndex): void {
  for (const list of exported) {
    if (!index.countsByList.has(list)) metrics.hotlistEntries.remove({ list });
  }
  exported.clear();
  for (const [list, n] of index.countsByList) {
    metrics.hotlistEntries.set({ list }, n);
    exported.add(list);
  }
}

export function createMatcher(opts: MatcherOptions = {}): Matcher {
  const delay = opts.rebuildDelayMs === undefined ? DEFAULT_REBUILD_DELAY_MS : opts.rebuildDelayMs;
  const clock = opts.clock ?? Date.now;
  let current: HotlistIndex = opts.index ?? EMPTY_INDEX;
  // The index this matcher made and may change; null while `current` is shared.
  let owned: WorkingIndex | null = null;
  const pending = new Map<string, HotlistEntry | null>();
  let timer: NodeJS.Timeout | undefined;
  // While compact() builds: every change flushed into the index in use, in
  // order, to be replayed onto the fresh index.
  let replay: Map<string, HotlistEntry | null> | null = null;
  const slice = Math.max(1, opts.compactSliceEntries ?? DEFAULT_COMPACT_SLICE);
  // Bumped by swap() and rebuild(): a compaction that sees it move gives way.
  let generation = 0;

  function use(index: HotlistIndex, mine: WorkingIndex | null): void {
    current = index;
    owned = mine;
    publishCounts(index);
  }

  function cancelTimer(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  }

  function applyChanges(
    target: WorkingIndex,
    changes: Map<string, HotlistEntry | null>,
    now: number,
  ): void {
    for (const [key, entry] of changes) {
      if (entry === null) removeEntry(target, key);
      else upsertEntry(target, key, entry, now);
    }
    target.builtAtMs = now;
  }

  function applyPending(target: WorkingIndex, now: number): void {
    if (replay) {
      for (const [key, entry] of pending) {
        replay.delete(key); // keep the replay in the order changes were applied
        replay.set(key, entry);
      }
    }
    applyChanges(target, pending, now);
    pending.clear();
  }

  function flush(): void {
    cancelTimer();
    if (pending.size === 0) return;
    const now = clock();
    const target = owned ?? cloneIndex(current, now);
    applyPending(target, now);
    use(target, target);
  }

  function rebuild(): HotlistIndex {
    cancelTimer();
    generation++;
    const now = clock();
    const pairs = [...current.entries.values()].map((i) => [i.key, i.entry] as const);
    const fresh = indexKeyed(pairs, now);
    applyPending(fresh, now);
    use(fresh, fresh);
    return fresh;
  }

  async function compact(): Promise<number> {
    if (replay) throw new Error('hotlist compaction already running');
    replay = new Map();
    const started = generation;
    try {
      // Walked in slices. A Map iterator survives changes to its map: a
      // flush into the index in use meanwhile shows either the old or the
      // new entry here, and `replay` puts the final state on top anyway.
      const walk = current.entries.values();
      const fresh = indexKeyed([], clock());
      let dropped = 0;
      for (let done = false; !done;) {
        const now = clock();
        for (let n = 0; n < slice; n++) {
          const next = walk.next();
          if (next.done) {
            done = true;
            break;
          }
          const { key, entry } = next.value;
          if (entry.expires_at_ms !== null && entry.expires_at_ms <= now) dropped++;
          else upsertEntry(fresh, key, entry, now);
        }
        await nextTurn();
        if (generation !== started) return 0; // a whole index was put in use meanwhile
      }
      cancelTimer();
      const now = clock();
      applyChanges(fresh, replay, now);
      replay = null;
      applyPending(fresh, now);
      use(fresh, fresh);
      return dropped;
    } finally {
      replay = null;
    }
  }

  if (opts.index) publishCounts(opts.index);

  return {
    get index() {
      return current;
    },
    get pendingChanges() {
      return pending.size;
    },
    match(read, now) {
      const hits = matchRead(current, read, now);
      for (const h of hits) metrics.hits.inc({ list: h.list_id, kind: h.match_kind });
      return hits;
    },
    swap(index) {
      generation++;
      use(index, null);
    },
    apply(key, entry) {
      pending.set(key, entry);
      if (delay !== null && timer === undefined) {
        timer = setTimeout(flush, delay);
        timer.unref();
      }
    },
    flush,
    rebuild,
    compact,
    close: cancelTimer,
  };
}
