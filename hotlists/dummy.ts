/**
 * Dummy and calibration plates that hotlist files carry and that must never
 * become entries: an entry for NOTAG would alert on every read of a car with
 * no plate, and cameras read "0000000" off test cards. Compared on the
 * canonical plate (separators removed), so "60 DAY" and "N/A" are caught.
 */

const DUMMIES = new Set([
  'NOTAG',
  'NOTAGS',
  'NOPLATE',
  'NOPLATES',
  'NONE',
  'NA',
  'UNKNOWN',
  'UNK',
  'UNKN',
  'TEMP',
  'TEMPTAG',
  'TEMPORARY',
  'PAPER',
  'PAPERTAG',
  'DEALER',
  '30DAY',
  '45DAY',
  '60DAY',
  '90DAY',
  'TEST',
  'TESTPLATE',
  'CALIB',
  'CALIBRATION',
]);

const ALL_SAME = /^(.)\1*$/;

/**
 * Why a canonical plate is a dummy, or null when it is a plate. For a
 * wildcard pattern pass the known characters only (the `*` removed).
 */
export function dummyPlateReason(canon: string): string | null {
  if (DUMMIES.has(canon)) return 'dummy plate';
  if (ALL_SAME.test(canon)) return 'calibration plate (one repeated character)';
  return null;
}
