/**
 * parseHotlist: one hotlist file's text to entries, rejected rows and
 * skipped rows. Whole-file problems (unknown format, empty list id, bad
 * zone) throw HOTLIST_FORMAT_INVALID; row problems never throw.
 */
import { AlprError, ErrorCodes } from '../lib/errors.ts';
import { createDateReader, isValidZone } from './dates.ts';
import type { RowContext } from './entry.ts';
import { parseGenetec } from './parsers/genetec.ts';
import { parseNcic } from './parsers/ncic.ts';
import { parseRekorCsv } from './parsers/rekor-csv.ts';
import { HOTLIST_FORMATS, type ParseOptions, type ParseResult } from './types.ts';

/** List ids end up inside entry keys (list|plate|region), so no `|`. */
const LIST_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function parseHotlist(text: string, opts: ParseOptions): ParseResult {
  const fail = (message: string, context: Record<string, unknown>): never => {
    throw new AlprError(ErrorCodes.HOTLIST_FORMAT_INVALID, message, { context });
  };
  if (!HOTLIST_FORMATS.includes(opts.format)) {
    fail(`unknown format; use one of ${HOTLIST_FORMATS.join(', ')}`, { format: opts.format });
  }
  if (!LIST_ID.test(opts.listId)) {
    fail('list id must be 1-64 of A-Z a-z 0-9 . _ - starting with a letter or digit', {
      listId: opts.listId,
    });
  }
  if (!Number.isFinite(opts.now)) fail('now must be epoch milliseconds', { now: opts.now });
  const zone = opts.timeZone ?? 'UTC';
  if (!isValidZone(zone)) fail('time zone is not a known IANA zone', { timeZone: zone });

  const ctx: RowContext = {
    listId: opts.listId,
    format: opts.format,
    now: opts.now,
    readDate: createDateReader(zone),
    wildcard: opts.format === 'genetec-wildcard',
    regionStyle: opts.format === 'rekor-csv' ? 'vendor' : 'state-code',
    overrides: opts.purposeByCategory,
  };
  switch (opts.format) {
    case 'ncic':
      return parseNcic(text, ctx);
    case 'rekor-csv':
      return parseRekorCsv(text, ctx);
    case 'genetec':
    case 'genetec-wildcard':
      return parseGenetec(text, ctx);
  }
}
