/**
 * Rekor / OpenALPR alert-list CSV, comma-delimited, RFC 4180 quoting:
 *
 *   Plate Number,Description,State/Province
 *   KTR4821,Stolen Vehicle - 20240517 (OH) SIL 2016 Honda,us-oh
 *   7VXM318,"Felony Vehicle, County 19, lost on 20240517",us-ca
 *   BNE0452,Stolen Plate,
 *
 * Columns are found by header name (case-insensitive):
 *   plate        Plate Number | Plate | License Plate   -> plate_*
 *   description  Description                            -> category, description
 *   region       State/Province | State | Province | Region -> region_iso
 * Without a header line the order above is assumed. Any other column
 * (owner, date of birth, address...) is personal data and is never read.
 *
 * The list has no category column: the description's first words name it
 * ("Stolen Vehicle - ...", "Felony Vehicle, ..."); a description that
 * names no known category rejects the row. The region is the vendor's own
 * code ("us-oh"); empty means any state, with lower certainty. The format
 * has no dates: entries last until a snapshot load drops them.
 */
import { ErrorCodes } from '../../lib/errors.ts';
import { categoryFromLabel } from '../categories.ts';
import { createCollector } from '../collect.ts';
import { splitDelimited } from '../delimited.ts';
import { buildEntry, type RowContext } from '../entry.ts';
import { isFrameRecord, numberedLines } from '../lines.ts';
import type { ParseResult } from '../types.ts';

interface Columns {
  plate: number;
  description: number;
  region: number;
}

const DEFAULT_COLUMNS: Columns = { plate: 0, description: 1, region: 2 };
const HEADER_NAMES: Record<keyof Columns, readonly string[]> = {
  plate: ['plate number', 'plate', 'license plate', 'plate_number', 'licenseplate'],
  description: ['description'],
  region: ['state/province', 'state', 'province', 'region', 'state_province'],
};

/** Column positions when `fields` is a header line, else null. */
function headerColumns(fields: string[]): Columns | null {
  const names = fields.map((f) => f.trim().toLowerCase());
  const find = (k: keyof Columns): number => names.findIndex((n) => HEADER_NAMES[k].includes(n));
  const plate = find('plate');
  if (plate < 0) return null;
  return { plate, description: find('description'), region: find('region') };
}

const field = (fields: string[], i: number): string => (i < 0 ? '' : (fields[i] ?? ''));

export function parseRekorCsv(text: string, ctx: RowContext): ParseResult {
  const out = createCollector();
  let columns: Columns | null = null;
  for (const { line, text: record } of numberedLines(text)) {
    const split = splitDelimited(record, ',');
    if ('error' in split) {
      out.reject(line, ErrorCodes.HOTLIST_ROW_INVALID, `unreadable CSV line (${split.error})`);
      continue;
    }
    const fields = split.fields;
    if (columns === null) {
      columns = headerColumns(fields);
      if (columns !== null) {
        out.skip(line, 'header line');
        continue;
      }
      columns = DEFAULT_COLUMNS;
    }
    const description = field(fields, columns.description);
    const category = categoryFromLabel(description);
    // A plate may spell TOTAL or END; a trailer names no category.
    if (category === null && isFrameRecord(field(fields, 0))) {
      out.skip(line, 'header or trailer record');
      continue;
    }
    const outcome = buildEntry(
      {
        plate: field(fields, columns.plate),
        region: field(fields, columns.region),
        category,
        effective: null,
        expiry: null,
        description,
      },
      ctx,
    );
    out.add(line, outcome);
  }
  return out.result();
}
