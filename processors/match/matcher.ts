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
 *                 changes (O(n)), dropping entries expired since: call it
 *                 now and then (hourly) to return their memory; match()
 *                 already ignores them.
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
  /** Cancel a scheduled flush (pending changes stay pending). */
  close(): void;
}

const DEFAULT_REBUILD_DELAY_MS = 50;
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

  function use(index: HotlistIndex, mine: WorkingIndex | null): void {
    current = index;
    owned = mine;
    publishCounts(index);
  }

  function cancelTimer(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  }

  function applyPending(target: WorkingIndex, now: number): void {
    for (const [key, entry] of pending) {
      if (entry === null) removeEntry(target, key);
      else upsertEntry(target, key, entry, now);
    }
    pending.clear();
    target.builtAtMs = now;
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
    const now = clock();
    const pairs = [...current.entries.values()].map((i) => [i.key, i.entry] as const);
    const fresh = indexKeyed(pairs, now);
    applyPending(fresh, now);
    use(fresh, fresh);
    return fresh;
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
    close: cancelTimer,
  };
}
