import { describe, expect, it } from 'vitest';
import { MAX_RETENTION_DAYS } from '../../lib/config.ts';
import { ErrorCodes, isAlprError } from '../../lib/errors.ts';
import { codecs } from '../../schemas/avro.ts';
import type { Hit } from '../../schemas/types.ts';
import { createHotlistIndex, createMatcher } from '../match/index.ts';
import { makeEntry, makeRead, T0 } from '../match/test-data.ts';
import { createTagger, NON_HIT_PURPOSE, type TaggerOptions } from './index.ts';

const read = makeRead('KTR4821', 'US-OH');
const days = { nonHitRetentionDays: 30, hitRetentionDays: 90 };

function hit(over: Partial<Hit>): Hit {
  return {
    hit_id: 'h0',
    read_id: read.read_id,
    list_id: 'list-a',
    entry_key: 'list-a|KTR4821|US-OH',
    match_kind: 'exact',
    category: 'stolen_vehicle',
    purpose: 'stolen_vehicle',
    priority: 3,
    read_plate: 'KTR4821',
    entry_plate: 'KTR4821',
    read_region: 'US-OH',
    entry_region: 'US-OH',
    camera_id: 'cam-1',
    agency_id: 'agency-1',
    captured_at_ms: read.captured_at_ms,
    matched_at_ms: T0,
    ...over,
  };
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isAlprError(e) ? e.code : 'not an AlprError';
  }
  return undefined;
}

describe('tagger > construction', () => {
  const OVER = ErrorCodes.RETENTION_OVER_LIMIT;
  const bad: [string, Partial<TaggerOptions>, string][] = [
    ['non-hit retention over 90 days', { nonHitRetentionDays: 91 }, OVER],
    ['hit retention over 90 days', { hitRetentionDays: 365 }, OVER],
    ['zero days', { nonHitRetentionDays: 0 }, ErrorCodes.CONFIG_INVALID],
    ['fractional days', { hitRetentionDays: 1.5 }, ErrorCodes.CONFIG_INVALID],
    ['not a number', { hitRetentionDays: Number.NaN }, ErrorCodes.CONFIG_INVALID],
  ];
  it.each(bad)('tagger > %s > refused with %s', (_name, over, code) => {
    expect(codeOf(() => createTagger({ ...days, ...over }))).toBe(code);
  });

  it('tagger > both retentions at the ceiling > accepted', () => {
    const max = MAX_RETENTION_DAYS;
    expect(codeOf(() => createTagger({ nonHitRetentionDays: max, hitRetentionDays: max }))).toBe(
      undefined,
    );
  });
});

describe('tagger > purpose and retention', () => {
  const tagger = createTagger(days);

  it('tagger > read with no hit > non_hit purpose and non-hit retention', () => {
    expect(tagger.tag(read, [])).toEqual({
      read,
      purpose: NON_HIT_PURPOSE,
      retention_days: 30,
      hit_ids: [],
      hit_lists: [],
    });
  });

  it('tagger > hits of several priorities > purpose of the most urgent', () => {
    const hits = [
      hit({ hit_id: 'h1', purpose: 'stolen_vehicle', priority: 3 }),
      hit({ hit_id: 'h2', list_id: 'amber', purpose: 'amber_alert', priority: 1 }),
      hit({ hit_id: 'h3', list_id: 'warrants', purpose: 'wanted_person', priority: 2 }),
    ];
    const t = tagger.tag(read, hits);
    expect(t).toMatchObject({ purpose: 'amber_alert', retention_days: 90 });
    expect(t.hit_ids).toEqual(['h1', 'h2', 'h3']);
    expect(t.hit_lists).toEqual(['list-a', 'amber', 'warrants']);
  });

  it('tagger > equal priorities in any order > same purpose', () => {
    const a = hit({ hit_id: 'h1', purpose: 'wanted_person', priority: 2 });
    const b = hit({ hit_id: 'h2', purpose: 'missing_person', priority: 2 });
    expect(tagger.tag(read, [a, b]).purpose).toBe('missing_person');
    expect(tagger.tag(read, [b, a]).purpose).toBe('missing_person');
  });

  it('tagger > two hits on one list > list named once', () => {
    const t = tagger.tag(read, [hit({ hit_id: 'h1' }), hit({ hit_id: 'h2' })]);
    expect(t.hit_lists).toEqual(['list-a']);
  });

  it('tagger > hit of another read > refused with INVALID_FIELD', () => {
    const code = codeOf(() => tagger.tag(read, [hit({ read_id: 'other' })]));
    expect(code).toBe(ErrorCodes.INVALID_FIELD);
  });

  it('tagger > permitted purposes given, hit outside them > PURPOSE_NOT_PERMITTED', () => {
    const strict = createTagger({ ...days, purposes: ['stolen_vehicle'] });
    expect(strict.tag(read, [hit({})]).purpose).toBe('stolen_vehicle');
    const code = codeOf(() => strict.tag(read, [hit({ purpose: 'immigration_enforcement' })]));
    expect(code).toBe(ErrorCodes.PURPOSE_NOT_PERMITTED);
  });

  it('tagger > matcher hits > tagged read encodes as Avro', () => {
    const entry = makeEntry('KTR4821', 'US-OH');
    const hits = createMatcher({ index: createHotlistIndex([entry], T0) }).match(read, T0);
    const t = tagger.tag(read, hits);
    expect(t.hit_ids).toEqual([hits[0]?.hit_id]);
    expect(codecs.taggedRead.decode(codecs.taggedRead.encode(t))).toEqual(t);
  });
});
