/**
 * A Hit record (schemas/avro/hit.avsc) for one read and one entry. hit_id
 * is the first 32 hex digits (128 bits) of SHA-256(read_id "\n" entry key):
 * a replayed read yields the same hit id, so the hit store and alert
 * dispatch see one hit, not two. The newline cannot occur in either part.
 */
import { createHash } from 'node:crypto';
import type { Hit, MatchKind, Read } from '../../schemas/types.ts';
import type { IndexedEntry } from './hotlist-index.ts';

export function hitId(readId: string, entryKey: string): string {
  return createHash('sha256').update(`${readId}\n${entryKey}`).digest('hex').slice(0, 32);
}

export function buildHit(read: Read, item: IndexedEntry, kind: MatchKind, now: number): Hit {
  const e = item.entry;
  return {
    hit_id: hitId(read.read_id, item.key),
    read_id: read.read_id,
    list_id: e.list_id,
    entry_key: item.key,
    match_kind: kind,
    category: e.category,
    purpose: e.purpose,
    priority: e.priority,
    read_plate: read.plate_display,
    entry_plate: e.plate_display,
    read_region: read.region_iso,
    entry_region: e.region_iso,
    camera_id: read.camera_id,
    agency_id: read.agency_id,
    captured_at_ms: read.captured_at_ms,
    matched_at_ms: now,
  };
}
