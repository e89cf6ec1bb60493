import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../lib/errors.ts';
import { parseHotlist } from '../index.ts';

const fixture = readFileSync(new URL('../fixtures/rekor-alert-list.csv', import.meta.url), 'utf8');
const NOW = Date.UTC(2024, 5, 2);
const parse = (text: string) =>
  parseHotlist(text, { format: 'rekor-csv', listId: 'rekor', now: NOW });
const HEADER = 'Plate Number,Description,State/Province';

describe('rekor csv parser > sample list', () => {
  const r = parse(fixture);

  it('rekor csv parser > sample list > loads three rows and skips the header', () => {
    expect(r.rejected).toEqual([]);
    expect(r.skipped).toEqual([{ line: 1, reason: expect.any(String) }]);
    expect(r.entries.map((e) => [e.plate_display, e.region_iso, e.category, e.purpose])).toEqual([
      ['KTR4821', 'US-OH', 'stolen_vehicle', 'stolen_vehicle'],
      ['7VXM318', 'US-CA', 'felony_vehicle', 'vehicle_used_in_crime'],
      ['BNE0452', null, 'stolen_plate', 'stolen_vehicle'],
    ]);
  });

  it('rekor csv parser > quoted description with commas > kept as one field', () => {
    expect(r.entries[1]?.description).toBe('Felony Vehicle, County 19, lost on 20240517');
  });

  it('rekor csv parser > empty state > region null (any region)', () => {
    expect(r.entries[2]?.region_iso).toBeNull();
  });
});

describe('rekor csv parser > hostile rows', () => {
  const rejected: [string, string, string][] = [
    ['unclosed quote', 'KTR4821,"Stolen Vehicle,us-oh', ErrorCodes.HOTLIST_ROW_INVALID],
    ['description of no category', 'KTR4821,Blue sedan,us-oh', ErrorCodes.HOTLIST_CATEGORY_UNKNOWN],
    ['empty description', 'KTR4821,,us-oh', ErrorCodes.HOTLIST_CATEGORY_UNKNOWN],
    ['unknown region', 'KTR4821,Stolen Vehicle,zz-qq-xx', ErrorCodes.HOTLIST_REGION_INVALID],
    ['* in a plain list', 'KTR*821,Stolen Vehicle,us-oh', ErrorCodes.HOTLIST_PLATE_INVALID],
    ['plate longer than 10', 'KTR48214821X,Stolen Vehicle,us-oh', ErrorCodes.HOTLIST_PLATE_INVALID],
  ];
  it.each(rejected)('rekor csv parser > %s > rejected with its code', (_name, row, code) => {
    const r = parse(`${HEADER}\n${row}`);
    expect(r.entries).toEqual([]);
    expect(r.rejected).toEqual([{ line: 2, code, reason: expect.any(String) }]);
  });

  it('rekor csv parser > "ca" alone > region null, California or Canada cannot be told', () => {
    const r = parse(`${HEADER}\nKTR4821,Stolen Vehicle,ca`);
    expect(r.entries[0]?.region_iso).toBeNull();
  });

  it('rekor csv parser > us-on > Ontario, as the vendors send it', () => {
    const r = parse(`${HEADER}\nKTR4821,Stolen Vehicle,us-on`);
    expect(r.entries[0]?.region_iso).toBe('CA-ON');
  });

  it('rekor csv parser > owner columns > never stored', () => {
    const text =
      'Plate Number,Owner Name,Date of Birth,Description,Address,State/Province\n' +
      'KTR4821,Jane Roe,1980-01-01,Stolen Vehicle,"12 Elm St, Springfield",us-oh';
    const r = parse(text);
    expect(r.entries).toHaveLength(1);
    expect(r.entries[0]).toMatchObject({ region_iso: 'US-OH', category: 'stolen_vehicle' });
    const stored = JSON.stringify(r.entries);
    for (const s of ['Jane', 'Roe', '1980', 'Elm', 'Springfield']) expect(stored).not.toContain(s);
  });

  it('rekor csv parser > no header line > columns in the documented order', () => {
    const r = parse('KTR4821,Stolen Plate,us-oh');
    expect(r.skipped).toEqual([]);
    expect(r.entries[0]).toMatchObject({ plate_display: 'KTR4821', category: 'stolen_plate' });
  });

  it('rekor csv parser > dummy plates > skipped', () => {
    const rows = ['NO TAG,Stolen Vehicle,us-oh', 'N/A,Stolen Vehicle,', '1111111,Stolen Plate,'];
    const r = parse([HEADER, ...rows].join('\n'));
    expect(r.entries).toEqual([]);
    expect(r.skipped.map((s) => s.line)).toEqual([1, 2, 3, 4]);
  });

  it('rekor csv parser > trailer row > skipped, a plate spelled TOTAL is not', () => {
    const r = parse(`${HEADER}\nTOTAL,1\nTOTAL,Stolen Vehicle,us-oh`);
    expect(r.skipped.map((s) => s.line)).toEqual([1, 2]);
    expect(r.entries.map((e) => e.plate_display)).toEqual(['TOTAL']);
  });

  it('rekor csv parser > plate with separators > display keeps them, key drops them', () => {
    const r = parse(`${HEADER}\nKTR-4821,Stolen Vehicle,us-oh`);
    expect(r.entries[0]).toMatchObject({ plate_raw: 'KTR-4821', plate_key: 'KTR4821' });
  });
});
