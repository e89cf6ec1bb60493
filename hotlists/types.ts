/**
 * What a hotlist parser takes and returns. A parser never throws for one bad
 * row: the row is reported with its 1-based line number so that an operator
 * can fix the file, and the rest of the file loads.
 */
import type { HotlistEntry } from '../schemas/types.ts';

export type HotlistFormat = 'ncic' | 'rekor-csv' | 'genetec' | 'genetec-wildcard';

export const HOTLIST_FORMATS: readonly HotlistFormat[] = [
  'ncic',
  'rekor-csv',
  'genetec',
  'genetec-wildcard',
];

/** Purpose a hit on an entry of this category is kept under, and its urgency (1 = most). */
export interface CategoryRule {
  purpose: string;
  priority: number;
}

export interface ParseOptions {
  format: HotlistFormat;
  listId: string;
  /** Load time (epoch ms): stamped on entries and compared with expiry dates. */
  now: number;
  /**
   * Per-deployment overrides of the category table (hotlists/categories.ts),
   * keyed by canonical category (stolen_vehicle, amber_alert, ...).
   */
  purposeByCategory?: Readonly<Record<string, Partial<CategoryRule>>>;
  /**
   * IANA zone in which the file's calendar dates are read (default UTC).
   * An expiry date of 2024-08-15 in America/Chicago ends at 05:00Z on the
   * 16th; read as UTC it would end 5 hours early.
   */
  timeZone?: string;
}

/** A row that should have been an entry but is wrong: the file needs fixing. */
export interface RejectedRow {
  line: number;
  code: string;
  reason: string;
}

/** A row deliberately not loaded: header, trailer, dummy plate, expired, duplicate. */
export interface SkippedRow {
  line: number;
  reason: string;
}

export interface ParseResult {
  entries: HotlistEntry[];
  rejected: RejectedRow[];
  skipped: SkippedRow[];
}
