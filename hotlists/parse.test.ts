import { describe, expect, it } from 'vitest';
import { ErrorCodes, isAlprError } from '../lib/errors.ts';
import { CATEGORY_RULES, categoryFromLabel, dummyPlateReason, parseHotlist } from './index.ts';
import type { ParseOptions } from './index.ts';
import { createDateReader } from './dates.ts';

const NOW = Date.UTC(2024, 5, 2);
const base: ParseOptions = { format: 'genetec', listId: 'g', now: NOW };

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isAlprError(e) ? e.code : 'not an AlprError';
  }
  return undefined;
}

describe('parseHotlist > whole-file options', () => {
  const bad: [string, Partial<ParseOptions>][] = [
    ['unknown format', { format: 'xml' as ParseOptions['format'] }],
    ['empty list id', { listId: '' }],
    ['list id with |', { listId: 'a|b' }],
    ['now not a number', { now: Number.NaN }],
    ['unknown time zone', { timeZone: 'Mars/Olympus' }],
  ];
  it.each(bad)('parseHotlist > %s > throws HOTLIST_FORMAT_INVALID', (_name, over) => {
    const code = codeOf(() => parseHotlist('', { ...base, ...over }));
    expect(code).toBe(ErrorCodes.HOTLIST_FORMAT_INVALID);
  });

  it('parseHotlist > empty file > no entries, nothing reported', () => {
    expect(parseHotlist('\n\n', base)).toEqual({ entries: [], rejected: [], skipped: [] });
  });
});

describe('parseHotlist > category table', () => {
  const labels: [string, string | null][] = [
    ['Amber alert', 'amber_alert'],
    ['AMBER', 'amber_alert'],
    ['Wanted', 'wanted_person'],
    ['Missing person', 'missing_person'],
    ['Felony Vehicle, County 19', 'felony_vehicle'],
    ['Stolen', 'stolen_vehicle'],
    ['Stolen Vehicle - 20240517 (OH)', 'stolen_vehicle'],
    ['Stolen Plate', 'stolen_plate'],
    ['stolen_plate', 'stolen_plate'],
    ['Parking scofflaw', null],
    ['', null],
  ];
  it.each(labels)('category table > label %j > %s', (label, category) => {
    expect(categoryFromLabel(label)).toBe(category);
  });

  it('category table > every category > a purpose and a priority from 1 to 3', () => {
    for (const rule of Object.values(CATEGORY_RULES)) {
      expect(rule.purpose).toMatch(/^[a-z_]+$/);
      expect([1, 2, 3]).toContain(rule.priority);
    }
  });

  it('parseHotlist > purposeByCategory override > entries carry the override', () => {
    const r = parseHotlist('Stolen;OH;KTR4821;;', {
      ...base,
      purposeByCategory: { stolen_vehicle: { purpose: 'vehicle_recovery', priority: 4 } },
    });
    expect(r.entries[0]).toMatchObject({ purpose: 'vehicle_recovery', priority: 4 });
  });
});

describe('parseHotlist > dummy plates', () => {
  const plates: [string, boolean][] = [
    ['NOTAG', true],
    ['UNKNOWN', true],
    ['TEMP', true],
    ['60DAY', true],
    ['NONE', true],
    ['0000000', true],
    ['7777', true],
    ['A', true],
    ['KTR4821', false],
    ['TEMP1', false],
  ];
  it.each(plates)('dummy plates > %s > dummy %s', (canon, dummy) => {
    expect(dummyPlateReason(canon) !== null).toBe(dummy);
  });
});

describe('hotlist dates', () => {
  const read = createDateReader('UTC');
  const cases: [string, 'start' | 'end', number | null][] = [
    ['20240517', 'start', Date.UTC(2024, 4, 17)],
    ['2024-05-17', 'end', Date.UTC(2024, 4, 18)],
    ['05/17/2024', 'start', Date.UTC(2024, 4, 17)],
    ['2024-05-17 08:30', 'start', Date.UTC(2024, 4, 17, 8, 30)],
    ['2024-05-17T08:30:00Z', 'end', Date.UTC(2024, 4, 17, 8, 30)],
    ['2024-05-17T08:30:00-05:00', 'start', Date.UTC(2024, 4, 17, 13, 30)],
    ['20240231', 'start', null],
    ['2024-02-30', 'end', null],
    ['13/01/2024', 'start', null],
    ['tomorrow', 'start', null],
    ['2024-5-17', 'start', null],
  ];
  it.each(cases)('hotlist dates > %s as %s > %s', (text, edge, ms) => {
    expect(read(text, edge)).toBe(ms);
    expect(read(text, edge)).toBe(ms); // second call from the memo
  });
});
