/**
 * Tag processor core: the purpose a read is kept under and for how long
 * (schemas/avro/tagged-read.avsc).
 *
 *   with hits   purpose of the most urgent hit (lowest priority number;
 *               ties broken by purpose id, then hit id, so replays agree),
 *               retention hitRetentionDays
 *   no hit      purpose 'non_hit', retention nonHitRetentionDays
 *
 * Neither retention may exceed MAX_RETENTION_DAYS (90, the policy's ceiling
 * for stored ALPR data): a larger value is refused when the tagger is made,
 * RETENTION_OVER_LIMIT, never clipped silently per read. When `purposes`
 * (the permitted ids of config/purposes.json) is given, a hit under any
 * other purpose throws PURPOSE_NOT_PERMITTED: the read is dead-lettered and
 * the hotlist's category table must be fixed, rather than data being kept
 * under a purpose the agency never enumerated.
 */
import { MAX_RETENTION_DAYS } from '../../lib/config.ts';
import { AlprError, ErrorCodes } from '../../lib/errors.ts';
import type { Hit, Read, TaggedRead } from '../../schemas/types.ts';

export const NON_HIT_PURPOSE = 'non_hit';

export interface TaggerOptions {
  nonHitRetentionDays: number;
  hitRetentionDays: number;
  /** Permitted purpose ids; when absent, every hit's purpose is accepted. */
  purposes?: Iterable<string>;
}

export interface Tagger {
  tag(read: Read, hits: readonly Hit[]): TaggedRead;
}

function checkDays(key: keyof TaggerOptions, days: number): void {
  if (!Number.isInteger(days) || days < 1) {
    const message = `${key} must be a whole number of days, 1 or more`;
    throw new AlprError(ErrorCodes.CONFIG_INVALID, message, { context: { key, value: days } });
  }
  if (days > MAX_RETENTION_DAYS) {
    throw new AlprError(
      ErrorCodes.RETENTION_OVER_LIMIT,
      `${key}=${days} exceeds the ${MAX_RETENTION_DAYS}-day retention ceiling`,
      { context: { key, value: days, max: MAX_RETENTION_DAYS } },
    );
  }
}

function moreUrgent(a: Hit, b: Hit): boolean {
  if (a.priority !== b.priority) return a.priority < b.priority;
  if (a.purpose !== b.purpose) return a.purpose < b.purpose;
  return a.hit_id < b.hit_id;
}

export function createTagger(opts: TaggerOptions): Tagger {
  checkDays('nonHitRetentionDays', opts.nonHitRetentionDays);
  checkDays('hitRetentionDays', opts.hitRetentionDays);
  const permitted = opts.purposes === undefined ? null : new Set(opts.purposes);
  const { nonHitRetentionDays, hitRetentionDays } = opts;

  return {
    tag(read, hits) {
      let chosen: Hit | null = null;
      const hitIds: string[] = [];
      const lists: string[] = [];
      for (const h of hits) {
        const context = { read_id: read.read_id, hit_id: h.hit_id, list_id: h.list_id };
        if (h.read_id !== read.read_id) {
          throw new AlprError(ErrorCodes.INVALID_FIELD, 'hit belongs to another read', {
            context: { ...context, field: 'read_id' },
          });
        }
        if (permitted !== null && !permitted.has(h.purpose)) {
          const message = 'hit purpose is not a permitted purpose';
          throw new AlprError(ErrorCodes.PURPOSE_NOT_PERMITTED, message, {
            context: { ...context, purpose: h.purpose },
          });
        }
        if (!hitIds.includes(h.hit_id)) hitIds.push(h.hit_id);
        if (!lists.includes(h.list_id)) lists.push(h.list_id);
        if (chosen === null || moreUrgent(h, chosen)) chosen = h;
      }
      return {
        read,
        purpose: chosen === null ? NON_HIT_PURPOSE : chosen.purpose,
        retention_days: chosen === null ? nonHitRetentionDays : hitRetentionDays,
        hit_ids: hitIds,
        hit_lists: lists,
      };
    },
  };
}
