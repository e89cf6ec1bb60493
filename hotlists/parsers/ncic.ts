/**
 * NCIC-style fixed-width extract, one record per line, one header line.
 * Columns are 0-based, end-exclusive:
 *
 *   [0:1]   list code: A Amber alert, F felony vehicle, W wanted person,
 *           V stolen vehicle, P stolen plate, M missing person
 *   [1:19]  record number                      not stored
 *   [19:27] entry date YYYYMMDD                -> effective_from_ms
 *   [27:37] plate, space-padded                -> plate_raw / display / key
 *   [37:39] state ("0H": digit 0 for letter O) -> region_iso (US-OH)
 *   [39:43] tag year                           not stored
 *   [43:45] plate type (PC, MC)                not stored
 *   [45:49] vehicle year                       -> vehicle_year
 *   [49:53] make                               -> vehicle_make
 *   [53:56] model                              -> vehicle_model
 *   [56:58] style                              not stored
 *   [58:]   colour: 3-letter code or two-tone "BLK/WHI" -> vehicle_color
 *
 * NCIC records carry no expiry: an entry lasts until the next extract
 * (refreshed twice a day) drops it, which a snapshot load turns into a
 * tombstone. Anything after the colour code (owner name, date of birth,
 * address in some extracts) is personal data and is never read.
 * Some states write the letter O as the digit 0 in plates too; the plate is
 * kept as written and the matcher's folded key (O/0) reports a read with
 * either character as a possible hit.
 */
import { ErrorCodes } from '../../lib/errors.ts';
import { NCIC_CODES } from '../categories.ts';
import { createCollector } from '../collect.ts';
import { buildEntry, type RowContext } from '../entry.ts';
import { isFrameRecord, numberedLines } from '../lines.ts';
import type { ParseResult } from '../types.ts';

/** A record must reach the end of the state column to be read at all. */
export const NCIC_MIN_LINE = 39;

const slice = (s: string, from: number, to?: number): string => s.slice(from, to).trim();

export function parseNcic(text: string, ctx: RowContext): ParseResult {
  const out = createCollector();
  for (const { line, text: record } of numberedLines(text)) {
    if (isFrameRecord(record)) {
      out.skip(line, 'header or trailer record');
      continue;
    }
    if (record.length < NCIC_MIN_LINE) {
      const reason = `record is shorter than ${NCIC_MIN_LINE} characters`;
      out.reject(line, ErrorCodes.HOTLIST_ROW_INVALID, reason);
      continue;
    }
    const entryDate = slice(record, 19, 27);
    if (!/^\d{8}$/.test(entryDate)) {
      out.reject(line, ErrorCodes.HOTLIST_DATE_INVALID, 'entry date is not YYYYMMDD');
      continue;
    }
    const year = slice(record, 45, 49);
    const colour = /^[A-Z]{3}(\/[A-Z]{3})?(?=\s|$)/.exec(record.slice(58));
    const outcome = buildEntry(
      {
        plate: record.slice(27, 37),
        region: record.slice(37, 39),
        category: NCIC_CODES[record.charAt(0)] ?? null,
        effective: entryDate,
        expiry: null,
        make: slice(record, 49, 53),
        model: slice(record, 53, 56),
        color: colour ? colour[0] : null,
        year: /^\d{4}$/.test(year) ? year : null,
      },
      ctx,
    );
    out.add(line, outcome);
  }
  return out.result();
}
