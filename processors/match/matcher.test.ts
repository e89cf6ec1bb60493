import { describe, expect, it } from 'vitest';
import { metrics } from '../../lib/metrics.ts';
import { codecs } from '../../schemas/avro.ts';
import { hotlistEntryKey, type HotlistEntry, type Read } from '../../schemas/types.ts';
import { createHotlistIndex, createMatcher, hitId } from './index.ts';
import { makeEntry, makePattern, makeRead, T0 } from './test-data.ts';

const HOUR = 3_600_000;
const [E, R, P] = [makeEntry, makeRead, makePattern];

function matchOne(entries: HotlistEntry[], read: Read, now = T0) {
  return createMatcher({ index: createHotlistIndex(entries, now) }).match(read, now);
}

describe('hotlist match > kinds of hit', () => {
  const EXACT = 'an exact hit';
  const REGION = 'a possible hit (region unknown)';
  const FOLDED = 'a possible hit (look-alike characters)';
  const WILD = 'a wildcard hit';
  const kindOf: Record<string, string> = {
    [EXACT]: 'exact',
    [REGION]: 'possible_region',
    [FOLDED]: 'possible_folded',
    [WILD]: 'wildcard',
  };
  const cases: [string, string, HotlistEntry, Read][] = [
    ['same plate, same region', EXACT, E('KTR4821', 'US-OH'), R('KTR4821', 'US-OH')],
    ['plate read with separators', EXACT, E('KTR4821', 'US-OH'), R('KTR-4821', 'US-OH')],
    ['entry with no region', REGION, E('KTR4821', null), R('KTR4821', 'US-OH')],
    ['read with no region', REGION, E('KTR4821', 'US-OH'), R('KTR4821', null)],
    ['neither region known', REGION, E('KTR4821', null), R('KTR4821', null)],
    ['plate read with O for 0', FOLDED, E('BNE0452', 'US-IL'), R('BNEO452', 'US-IL')],
    ['plate read with 8 for B', FOLDED, E('BNE0452', 'US-IL'), R('8NE0452', 'US-IL')],
    ['O for 0, entry region unknown', FOLDED, E('BNE0452', null), R('BNEO452', 'US-IL')],
    ['plate sent in Cyrillic letters', FOLDED, E('KTX4821', 'US-OH'), R('КТХ4821', 'US-OH')],
    ['plate sent in full-width forms', EXACT, E('KTR4821', 'US-OH'), R('ＫＴＲ４８２１', 'US-OH')],
    ['wildcard entry fits', WILD, P('S*K3*7', 'US-IL'), R('NSK357', 'US-IL')],
    ['wildcard, read region unknown', WILD, P('S*K3*7', 'US-IL'), R('ASDK37', null)],
  ];
  it.each(cases)('hotlist match > %s > reports %s', (_name, outcome, entry, read) => {
    expect(matchOne([entry], read).map((h) => h.match_kind)).toEqual([kindOf[outcome]]);
  });
});

describe('hotlist match > never a hit', () => {
  const ktr = R('KTR4821', 'US-OH');
  const overlay = R('1234', null, { flags: ['plate_timestamp_overlay'] });
  const later = { effective_from_ms: T0 + 1 };
  const never: [string, HotlistEntry, Read, number?][] = [
    ['regions both known and different', E('KTR4821', 'US-OH'), R('KTR4821', 'US-IN')],
    ['O for 0, regions different', E('BNE0452', 'US-IL'), R('BNEO452', 'US-OH')],
    ['wildcard, regions different', P('S*K3*7', 'US-IL'), R('NSK357', 'US-WI')],
    ['different plate', E('KTR4821', 'US-OH'), R('KTR4822', 'US-OH')],
    ['entry expired', E('KTR4821', 'US-OH', { expires_at_ms: T0 + 9 }), ktr, T0 + HOUR],
    ['entry expiring that very ms', E('KTR4821', 'US-OH', { expires_at_ms: T0 + 9 }), ktr, T0 + 9],
    ['entry not yet effective', E('KTR4821', 'US-OH', { effective_from_ms: T0 + HOUR }), ktr],
    ['wildcard not yet effective', P('S*K3*7', 'US-IL', later), R('NSK357', 'US-IL')],
    ['read flagged as a timestamp overlay', E('1234', null), overlay],
    ['read with * against a wildcard entry', P('S*K3*7', 'US-IL'), R('S*K3*7', 'US-IL')],
    ['read with * fitting a pattern', P('S*K3*7', 'US-IL'), R('NSK3*7', 'US-IL')],
    ['read with ? against a wildcard entry', P('**RB40', 'US-IL'), R('??RB40', 'US-IL')],
    ['read with * against a plain entry', E('KTR4821', 'US-OH'), R('KTR*821', 'US-OH')],
    ['plain entry whose plate holds *', E('S*K3*7', 'US-IL'), R('NSK357', 'US-IL')],
    ['wildcard pattern of another length', P('S*K3*7', 'US-IL'), R('SUKA357', 'US-IL')],
    ['wildcard characters out of order', P('S*K3*7', 'US-IL'), R('SKU573', 'US-IL')],
    ['empty read plate', E('KTR4821', null), R('', null)],
  ];
  it.each(never)('hotlist match > %s > no hit', (_name, entry, read, now) => {
    expect(matchOne([entry], read, now ?? T0)).toEqual([]);
  });

  it('hotlist match > entry becomes effective > hits from that ms on', () => {
    const e = E('KTR4821', 'US-OH', { effective_from_ms: T0 + HOUR });
    const m = createMatcher({ index: createHotlistIndex([e], T0) });
    expect(m.match(ktr, T0 + HOUR - 1)).toEqual([]);
    expect(m.match(ktr, T0 + HOUR)).toHaveLength(1);
  });
});

describe('hotlist match > hit records', () => {
  it('hotlist match > one entry found by canon and key > one hit only', () => {
    const hits = matchOne([E('KTR4821', 'US-OH')], R('KTR4821', 'US-OH'));
    expect(hits.map((h) => h.match_kind)).toEqual(['exact']);
  });

  it('hotlist match > plate on two lists > one hit per entry', () => {
    const entries = [
      makeEntry('KTR4821', 'US-OH'),
      makeEntry('KTR4821', 'US-OH', { list_id: 'list-b', category: 'amber_alert', priority: 1 }),
      makeEntry('KTRO821', null, { list_id: 'list-c' }),
    ];
    const hits = matchOne(entries, makeRead('KTR0821', 'US-OH'));
    expect(hits.map((h) => [h.list_id, h.match_kind])).toEqual([['list-c', 'possible_folded']]);
    const both = matchOne(entries, makeRead('KTR4821', 'US-OH'));
    expect(both.map((h) => h.list_id).sort()).toEqual(['list-a', 'list-b']);
  });

  it('hotlist match > a hit > carries read, entry and times, and encodes as Avro', () => {
    const amber = { category: 'amber_alert', purpose: 'amber_alert', priority: 1 };
    const entry = E('Q7X2209', 'US-IN', amber);
    const read = makeRead('Q7X2209', 'US-IN');
    const [hit] = matchOne([entry], read, T0 + 5);
    expect(hit).toEqual({
      hit_id: hitId(read.read_id, hotlistEntryKey(entry)),
      read_id: read.read_id,
      list_id: 'list-a',
      entry_key: 'list-a|Q7X2209|US-IN',
      match_kind: 'exact',
      category: 'amber_alert',
      purpose: 'amber_alert',
      priority: 1,
      read_plate: 'Q7X2209',
      entry_plate: 'Q7X2209',
      read_region: 'US-IN',
      entry_region: 'US-IN',
      camera_id: 'cam-1',
      agency_id: 'agency-1',
      captured_at_ms: read.captured_at_ms,
      matched_at_ms: T0 + 5,
    });
    expect(codecs.hit.decode(codecs.hit.encode(hit!))).toEqual(hit);
  });

  it('hotlist match > same read matched twice > same hit id', () => {
    const entries = [makeEntry('KTR4821', 'US-OH')];
    const a = matchOne(entries, makeRead('KTR4821', 'US-OH'), T0);
    const b = matchOne(entries, makeRead('KTR4821', 'US-OH'), T0 + HOUR);
    expect(a[0]?.hit_id).toBe(b[0]?.hit_id);
    expect(a[0]?.hit_id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('hotlist match > other read or other entry > other hit id', () => {
    expect(hitId('r1', 'l|K|')).not.toBe(hitId('r2', 'l|K|'));
    expect(hitId('r1', 'l|K|')).not.toBe(hitId('r1', 'l|K|US-OH'));
  });

  it('hotlist match > hits > counted by list and kind', async () => {
    const count = async () =>
      (await metrics.hits.get()).values.find(
        (v) => v.labels.list === 'metric-list' && v.labels.kind === 'exact',
      )?.value ?? 0;
    const before = await count();
    matchOne([E('KTR4821', 'US-OH', { list_id: 'metric-list' })], R('KTR4821', 'US-OH'));
    expect(await count()).toBe(before + 1);
  });
});
