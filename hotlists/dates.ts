/**
 * Calendar dates in hotlist files: NCIC writes 20240517, Genetec 2024-05-17
 * (sometimes with a time, sometimes US-style 05/17/2024). A bare date is a
 * whole day in the list's zone: as an effective date it starts at the first
 * instant of that day, as an expiry date it ends at the first instant of the
 * next day (exclusive), so an entry expiring "2024-08-15" still alerts on the
 * 15th. A date with a time is that instant; a time without an offset is in
 * the list's zone.
 *
 * A file repeats a handful of dates over thousands of rows and luxon takes
 * ~15 µs a date, so each reader remembers the dates it has seen.
 */
import { DateTime } from 'luxon';

export type DateEdge = 'start' | 'end';
/** Epoch ms of a date, or null when the text is not a real date (20240231). */
export type DateReader = (text: string, edge: DateEdge) => number | null;

const DATE_ONLY: readonly RegExp[] = [
  /^(\d{4})(\d{2})(\d{2})$/,
  /^(\d{4})-(\d{2})-(\d{2})$/,
  /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, // M/D/YYYY: groups reordered below
];
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

function dayParts(s: string): [number, number, number] | null {
  for (const [i, re] of DATE_ONLY.entries()) {
    const m = re.exec(s);
    if (!m) continue;
    const [a, b, c] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return i === 2 ? [c, a, b] : [a, b, c];
  }
  return null;
}

function readOnce(s: string, zone: string, edge: DateEdge): number | null {
  const parts = dayParts(s);
  if (parts) {
    const [year, month, day] = parts;
    const d = DateTime.fromObject({ year, month, day }, { zone });
    if (!d.isValid) return null;
    return (edge === 'start' ? d : d.plus({ days: 1 })).toMillis();
  }
  if (DATE_TIME.test(s)) {
    const at = DateTime.fromISO(s.replace(' ', 'T'), { zone });
    return at.isValid ? at.toMillis() : null;
  }
  return null;
}

/** A memoising date reader for one file in one IANA zone. */
export function createDateReader(zone: string): DateReader {
  const seen = new Map<string, number | null>();
  return (text, edge) => {
    const s = text.trim();
    const memo = `${edge}|${s}`;
    const hit = seen.get(memo);
    if (hit !== undefined) return hit;
    const ms = readOnce(s, zone, edge);
    seen.set(memo, ms);
    return ms;
  };
}

export function isValidZone(zone: string): boolean {
  return DateTime.now().setZone(zone).isValid;
}
