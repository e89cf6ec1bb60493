/**
 * Genetec AutoVu hotlist, `;`-delimited, no header (one is skipped if
 * present), one entry per line:
 *
 *   Category;PlateState;PlateNumber;EffectiveDate;ExpiryDate
 *   Stolen;OH;KTR4821;2024-05-17;2024-08-15
 *   Wanted;ON;CTRZ118;2024-04-15;
 *
 *   Category       "Stolen", "Amber alert", "Wanted"... -> category
 *   PlateState     US state or Canadian province code    -> region_iso
 *                  (ON -> CA-ON); empty = any region
 *   PlateNumber    plate; in a wildcard list, one or two `*`
 *   EffectiveDate  yyyy-MM-dd (optional)                 -> effective_from_ms
 *   ExpiryDate     yyyy-MM-dd, may be empty              -> expires_at_ms
 *
 * The same layout serves Genetec's wildcard hotlists: there each `*` is one
 * unknown character at any position, the known characters in order
 * (`S*K3*7` matches NSK357 and ASDK37). A `*` is a wildcard only in a list
 * loaded as format 'genetec-wildcard'; in a plain list it rejects the row.
 * Columns after the fifth (some agencies append owner details) are personal
 * data and are never read.
 */
import { ErrorCodes } from '../../lib/errors.ts';
import { categoryFromLabel } from '../categories.ts';
import { createCollector } from '../collect.ts';
import { splitDelimited } from '../delimited.ts';
import { buildEntry, type RowContext } from '../entry.ts';
import { isFrameRecord, numberedLines } from '../lines.ts';
import type { ParseResult } from '../types.ts';

const MIN_FIELDS = 3;

export function parseGenetec(text: string, ctx: RowContext): ParseResult {
  const out = createCollector();
  for (const { line, text: record } of numberedLines(text)) {
    const split = splitDelimited(record, ';');
    if ('error' in split) {
      out.reject(line, ErrorCodes.HOTLIST_ROW_INVALID, `unreadable line (${split.error})`);
      continue;
    }
    const [category = '', state = '', plate = '', effective = '', expiry = ''] = split.fields;
    if (isFrameRecord(category) || /^category$/i.test(category)) {
      out.skip(line, 'header or trailer record');
      continue;
    }
    if (split.fields.length < MIN_FIELDS) {
      out.reject(line, ErrorCodes.HOTLIST_ROW_INVALID, `fewer than ${MIN_FIELDS} fields`);
      continue;
    }
    const outcome = buildEntry(
      { plate, region: state, category: categoryFromLabel(category), effective, expiry },
      ctx,
    );
    out.add(line, outcome);
  }
  return out.result();
}
