import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../lib/errors.ts';
import { parseHotlist } from '../index.ts';

const fixture = readFileSync(new URL('../fixtures/ncic-fixed-width.txt', import.meta.url), 'utf8');
const NOW = Date.UTC(2024, 5, 2, 12);
const parse = (text: string) =>
  parseHotlist(text, { format: 'ncic', listId: 'ncic-state', now: NOW });

/** One NCIC record from its fields, padded to the fixed columns. */
function record(f: {
  code?: string;
  date?: string;
  plate?: string;
  state?: string;
  tail?: string;
}): string {
  return (
    (f.code ?? 'V') +
    '000000000OH0000000' +
    (f.date ?? '20240517') +
    (f.plate ?? 'KTR4821').padEnd(10) +
    (f.state ?? 'OH') +
    (f.tail ?? '2025PC2016HONDCIV4DSIL')
  );
}

describe('ncic parser > sample extract', () => {
  const r = parse(fixture);

  it('ncic parser > sample extract > loads the five records and skips the header', () => {
    expect(r.rejected).toEqual([]);
    expect(r.skipped).toEqual([{ line: 1, reason: expect.any(String) }]);
    expect(r.entries.map((e) => [e.plate_display, e.region_iso, e.category, e.priority])).toEqual([
      ['KTR4821', 'US-OH', 'stolen_vehicle', 3],
      ['BNE0452', 'US-IL', 'stolen_plate', 3],
      ['Q7X2209', 'US-IN', 'amber_alert', 1],
      ['ZK118', 'US-WI', 'wanted_person', 2],
      ['HDX5512', 'US-OH', 'stolen_vehicle', 3],
    ]);
  });

  it('ncic parser > sample extract > maps the fixed columns to entry fields', () => {
    expect(r.entries[0]).toMatchObject({
      list_id: 'ncic-state',
      source_format: 'ncic',
      plate_raw: 'KTR4821',
      plate_key: 'KTR4821',
      wildcard: false,
      purpose: 'stolen_vehicle',
      effective_from_ms: Date.UTC(2024, 4, 17),
      expires_at_ms: null,
      vehicle_year: '2016',
      vehicle_make: 'HOND',
      vehicle_model: 'CIV',
      vehicle_color: 'SIL',
      snapshot_id: null,
      loaded_at_ms: NOW,
    });
  });

  it('ncic parser > state written 0H > reads it as US-OH', () => {
    expect(r.entries[4]?.region_iso).toBe('US-OH');
  });
});

describe('ncic parser > hostile records', () => {
  const rejected: [string, string, string][] = [
    ['short line', 'V000000000OH000000020240517KTR4821', ErrorCodes.HOTLIST_ROW_INVALID],
    ['entry date not digits', record({ date: '2024-5-1' }), ErrorCodes.HOTLIST_DATE_INVALID],
    ['entry date 31 February', record({ date: '20240231' }), ErrorCodes.HOTLIST_DATE_INVALID],
    ['unknown list code X', record({ code: 'X' }), ErrorCodes.HOTLIST_CATEGORY_UNKNOWN],
    ['unknown state ZZ', record({ state: 'ZZ' }), ErrorCodes.HOTLIST_REGION_INVALID],
    ['plate with *', record({ plate: 'KTR*821' }), ErrorCodes.HOTLIST_PLATE_INVALID],
    ['plate with ?', record({ plate: 'KTR?821' }), ErrorCodes.HOTLIST_PLATE_INVALID],
    ['plate with #', record({ plate: 'KTR#821' }), ErrorCodes.HOTLIST_PLATE_INVALID],
    ['blank plate', record({ plate: '' }), ErrorCodes.HOTLIST_PLATE_INVALID],
  ];
  it.each(rejected)('ncic parser > %s > rejected with its code', (_name, line, code) => {
    const r = parse(line);
    expect(r.entries).toEqual([]);
    expect(r.rejected).toEqual([{ line: 1, code, reason: expect.any(String) }]);
  });

  const skipped: [string, string][] = [
    ['NOTAG', record({ plate: 'NOTAG' })],
    ['UNKNOWN', record({ plate: 'UNKNOWN' })],
    ['TEMP', record({ plate: 'TEMP' })],
    ['60 DAY', record({ plate: '60 DAY' })],
    ['NONE', record({ plate: 'NONE' })],
    ['all zeros', record({ plate: '0000000' })],
    ['all one letter', record({ plate: 'AAAAAA' })],
    ['trailer', 'TRAILER 000005'],
    ['end of file mark', 'EOF'],
  ];
  it.each(skipped)('ncic parser > %s > skipped, never an entry', (_name, line) => {
    const r = parse(line);
    expect(r.entries).toEqual([]);
    expect(r.rejected).toEqual([]);
    expect(r.skipped).toHaveLength(1);
  });

  it('ncic parser > owner name and birth date after the colour > never stored', () => {
    const line = record({ tail: '2025PC2016HONDCIV4DSIL JOHN Q PUBLIC 19800101 12 ELM ST' });
    const r = parse(line);
    expect(r.entries).toHaveLength(1);
    expect(r.entries[0]?.vehicle_color).toBe('SIL');
    const stored = JSON.stringify(r.entries);
    for (const s of ['JOHN', 'PUBLIC', '19800101', 'ELM']) expect(stored).not.toContain(s);
  });

  it('ncic parser > two-tone colour > kept whole', () => {
    const r = parse(record({ tail: '2025PC2016HONDCIV4DBLK/WHI' }));
    expect(r.entries[0]?.vehicle_color).toBe('BLK/WHI');
  });

  it('ncic parser > record ending after the state > loads without vehicle fields', () => {
    const r = parse(record({ tail: '' }));
    const none = { vehicle_make: null, vehicle_year: null, vehicle_color: null };
    expect(r.entries[0]).toMatchObject(none);
  });

  it('ncic parser > future entry date > kept with its effective date', () => {
    const r = parse(record({ date: '20250101' }));
    expect(r.entries[0]?.effective_from_ms).toBe(Date.UTC(2025, 0, 1));
  });

  it('ncic parser > CRLF line endings and blank lines > line numbers stay physical', () => {
    const text = ['HEADER X', '', record({ code: 'Q' }), record({})].join('\r\n');
    const r = parse(text);
    expect(r.rejected.map((x) => x.line)).toEqual([3]);
    expect(r.entries).toHaveLength(1);
  });
});
