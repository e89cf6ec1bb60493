/**
 * Hotlists: vendor files to HotlistEntry records (parseHotlist), entries to
 * the compacted topic alpr.hotlists (publishHotlist), and the topic's
 * current state back (readCompactedHotlists). `tsx hotlists/cli.ts` drives
 * all three from the command line. Formats: see hotlists/parsers/*.ts.
 */
export { parseHotlist } from './parse.ts';
export { publishHotlist } from './publish.ts';
export type {
  HotlistProducer,
  PublishList,
  PublishMode,
  PublishOptions,
  PublishResult,
} from './publish.ts';
export { readCompactedHotlists, type ReadCompactedOptions } from './compacted.ts';
export { CATEGORY_RULES, NCIC_CODES, categoryFromLabel } from './categories.ts';
export { dummyPlateReason } from './dummy.ts';
export { HOTLIST_FORMATS } from './types.ts';
export type {
  CategoryRule,
  HotlistFormat,
  ParseOptions,
  ParseResult,
  RejectedRow,
  SkippedRow,
} from './types.ts';
