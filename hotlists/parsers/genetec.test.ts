import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../lib/errors.ts';
import { parseHotlist, type HotlistFormat } from '../index.ts';

const read = (f: string) => readFileSync(new URL(`../fixtures/${f}`, import.meta.url), 'utf8');
const NOW = Date.UTC(2024, 5, 2, 12);
const parse = (text: string, format: HotlistFormat = 'genetec', now = NOW) =>
  parseHotlist(text, { format, listId: 'genetec', now });

describe('genetec parser > sample hotlist', () => {
  const r = parse(read('genetec-hotlist.txt'));

  it('genetec parser > sample hotlist > loads all four entries', () => {
    expect(r.rejected).toEqual([]);
    expect(r.skipped).toEqual([]);
    expect(r.entries.map((e) => [e.plate_display, e.region_iso, e.category, e.priority])).toEqual([
      ['KTR4821', 'US-OH', 'stolen_vehicle', 3],
      ['Q7X2209', 'US-IN', 'amber_alert', 1],
      ['CTRZ118', 'CA-ON', 'wanted_person', 2],
      ['BNE0452', 'US-IL', 'stolen_vehicle', 3],
    ]);
  });

  it('genetec parser > expiry date > ends after that whole day', () => {
    expect(r.entries[0]).toMatchObject({
      effective_from_ms: Date.UTC(2024, 4, 17),
      expires_at_ms: Date.UTC(2024, 7, 16),
    });
  });

  it('genetec parser > empty expiry > never expires', () => {
    expect(r.entries[2]?.expires_at_ms).toBeNull();
  });

  it('genetec parser > expiry passed at load time > skipped as expired', () => {
    const later = parse(read('genetec-hotlist.txt'), 'genetec', Date.UTC(2024, 5, 9, 1));
    expect(later.entries.map((e) => e.plate_display)).not.toContain('Q7X2209');
    expect(later.skipped).toEqual([{ line: 2, reason: 'expired' }]);
  });

  it('genetec parser > time zone given > dates are local days', () => {
    const text = 'Stolen;OH;KTR4821;2024-05-17;2024-08-15';
    const opts = { format: 'genetec', listId: 'g', now: NOW, timeZone: 'America/Chicago' } as const;
    const r2 = parseHotlist(text, opts);
    // CDT is UTC-5: local midnight is 05:00Z
    expect(r2.entries[0]).toMatchObject({
      effective_from_ms: Date.UTC(2024, 4, 17, 5),
      expires_at_ms: Date.UTC(2024, 7, 16, 5),
    });
  });
});

describe('genetec parser > sample wildcard hotlist', () => {
  it('genetec parser > wildcard list > entries flagged wildcard with * kept', () => {
    const r = parse(read('genetec-wildcard-hotlist.txt'), 'genetec-wildcard');
    expect(r.rejected).toEqual([]);
    expect(r.entries.map((e) => [e.plate_display, e.plate_key, e.wildcard])).toEqual([
      ['S*K3*7', '5*K3*7', true],
      ['**RB40', '**R840', true],
    ]);
  });

  it('genetec parser > * in a plain genetec list > rejected, never literal', () => {
    const r = parse(read('genetec-wildcard-hotlist.txt'), 'genetec');
    expect(r.entries).toEqual([]);
    expect(r.rejected.map((x) => x.code)).toEqual([
      ErrorCodes.HOTLIST_PLATE_INVALID,
      ErrorCodes.HOTLIST_PLATE_INVALID,
    ]);
  });
});

describe('genetec parser > hostile rows', () => {
  const { HOTLIST_CATEGORY_UNKNOWN: CATEGORY, HOTLIST_DATE_INVALID: DATE } = ErrorCodes;
  const { HOTLIST_PLATE_INVALID: PLATE } = ErrorCodes;
  const rows: [string, HotlistFormat, string, string][] = [
    ['two fields only', 'genetec', 'Stolen;OH', ErrorCodes.HOTLIST_ROW_INVALID],
    ['unknown category', 'genetec', 'Parking;OH;KTR4821;2024-05-17;', CATEGORY],
    ['bad effective date', 'genetec', 'Stolen;OH;KTR4821;2024-13-01;', DATE],
    ['bad expiry date', 'genetec', 'Stolen;OH;KTR4821;;soon', DATE],
    ['expiry before effective', 'genetec', 'Stolen;OH;KTR4821;2024-09-01;2024-08-01', DATE],
    ['unknown province', 'genetec', 'Stolen;XX;KTR4821;;', ErrorCodes.HOTLIST_REGION_INVALID],
    ['three stars', 'genetec-wildcard', 'Wanted;IL;S*K**7;;', PLATE],
    ['no star in a wildcard list', 'genetec-wildcard', 'Wanted;IL;SK357;;', PLATE],
    ['? in a wildcard list', 'genetec-wildcard', 'Wanted;IL;S?K357;;', PLATE],
    ['two known characters', 'genetec-wildcard', 'Wanted;IL;*K*7;;', PLATE],
  ];
  it.each(rows)('genetec parser > %s (%s) > rejected with its code', (_name, format, row, code) => {
    const r = parse(row, format);
    expect(r.entries).toEqual([]);
    expect(r.rejected).toEqual([{ line: 1, code, reason: expect.any(String) }]);
  });

  it('genetec parser > header line and dummies > skipped', () => {
    const text = [
      'Category;PlateState;PlateNumber;EffectiveDate;ExpiryDate',
      'Stolen;OH;NOTAG;;',
      'Stolen;OH;60 DAY;;',
      'Stolen;OH;UNKNOWN;;',
      'Wanted;IL;**0000;;',
    ].join('\n');
    const r = parse(text);
    const wild = parse(text, 'genetec-wildcard');
    expect(r.entries).toEqual([]);
    expect(r.skipped.map((s) => s.line)).toEqual([1, 2, 3, 4]);
    expect(wild.skipped.map((s) => s.line)).toEqual([1, 5]);
  });

  it('genetec parser > CA state code > California, not Canada', () => {
    expect(parse('Stolen;CA;KTR4821;;').entries[0]?.region_iso).toBe('US-CA');
  });

  it('genetec parser > empty state > region null', () => {
    expect(parse('Stolen;;KTR4821;;').entries[0]?.region_iso).toBeNull();
  });

  it('genetec parser > owner columns after the fifth > never stored', () => {
    const r = parse('Stolen;OH;KTR4821;2024-05-17;;Jane Roe;1980-01-01;12 Elm St');
    expect(r.entries).toHaveLength(1);
    const stored = JSON.stringify(r.entries);
    for (const s of ['Jane', '1980', 'Elm']) expect(stored).not.toContain(s);
  });

  it('genetec parser > same plate twice in a file > the more urgent row kept', () => {
    const r = parse('Stolen;OH;KTR4821;;\nAmber alert;OH;KTR4821;;\nStolen;OH;KTR4821;;');
    expect(r.entries).toHaveLength(1);
    expect(r.entries[0]?.category).toBe('amber_alert');
    expect(r.skipped.map((s) => s.line)).toEqual([1, 3]);
  });

  it('genetec parser > plates differing only by O and 0 > one entry key, one entry', () => {
    const r = parse('Stolen;OH;KTR0821;;\nStolen;OH;KTRO821;;');
    expect(r.entries.map((e) => e.plate_display)).toEqual(['KTR0821']);
    expect(r.skipped).toEqual([{ line: 2, reason: expect.any(String) }]);
  });

  it('genetec parser > future effective date > kept', () => {
    const r = parse('Stolen;OH;KTR4821;2030-01-01;');
    expect(r.entries[0]?.effective_from_ms).toBe(Date.UTC(2030, 0, 1));
  });
});
