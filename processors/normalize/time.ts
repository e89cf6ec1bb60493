/**
 * Device capture times to UTC epoch milliseconds.
 *
 * Accepted forms:
 * - epoch milliseconds (OpenALPR epoch_time, epoch_start);
 * - epoch seconds with a fraction (Frigate frame_time 1717003196.837752);
 * - text "YYYY-MM-DD[T| ]hh:mm[:ss[.f{1,9}]]" followed by "Z" or an offset
 *   (+hh, +hhmm, +hh:mm): an instant, read as such;
 * - the same text with no zone (Plate Recognizer on-prem "2025-09-09
 *   23:22:38.030345"): the camera's wall clock, read in the camera's IANA
 *   zone and flagged time_local_assumed.
 * Fractions past milliseconds are truncated (.030345 -> 30 ms); epoch
 * seconds are rounded to the nearest millisecond.
 *
 * Wall-clock times at a DST change:
 * - ambiguous (fall-back, 01:30 happens twice in America/Chicago on
 *   2025-11-02): the earlier instant, the first occurrence, is used (as
 *   java.time and Temporal's "compatible" do) and time_local_ambiguous set;
 * - non-existent (spring-forward, 02:30 never happens on 2025-03-09): the
 *   time is moved forward by the length of the gap (02:30 -> 03:30 CDT,
 *   08:30Z) and time_local_nonexistent set.
 *
 * Times before 2000-01-01 are refused: they come from a camera whose clock
 * was never set (1970) or from seconds sent where milliseconds belong
 * (1717003200 ms is 1970-01-20).
 */
import { DateTime, IANAZone } from 'luxon';
import { AlprError, ErrorCodes } from '../../lib/errors.ts';
import type { ReadFlag } from '../../schemas/types.ts';
import type { DeviceTime } from './types.ts';

export const MIN_CAPTURE_MS = Date.UTC(2000, 0, 1);
// Year 10000: past it no calendar text can be written and luxon stops.
const MAX_CAPTURE_MS = Date.UTC(10000, 0, 1);
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const DATE = String.raw`(\d{4})-(\d{2})-(\d{2})`;
const CLOCK = String.raw`(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?`;
const ZONE = String.raw`(Z|[+-]\d{2}(?::?\d{2})?)`;
const TEXT = new RegExp(`^${DATE}[T ]${CLOCK} ?${ZONE}?$`, 'i');

export interface ResolvedTime {
  ms: number;
  flags: ReadFlag[];
}

function badTime(t: DeviceTime, why: string): AlprError {
  return new AlprError(ErrorCodes.INVALID_TIMESTAMP, `${t.path} ${why}`, {
    context: { field: t.path, kind: t.kind },
  });
}

const zones = new Map<string, IANAZone>();
function zoneOf(name: string): IANAZone {
  let z = zones.get(name);
  if (z === undefined) {
    z = IANAZone.create(name);
    zones.set(name, z);
  }
  return z;
}

/** Offset of a zone/offset designator in minutes east of UTC. */
function offsetMinutes(designator: string): number {
  if (designator.toUpperCase() === 'Z') return 0;
  const sign = designator.startsWith('-') ? -1 : 1;
  const digits = designator.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  return sign * (hours * 60 + minutes);
}

/**
 * Instant of a wall-clock time (given as if it were UTC) in a zone.
 * Offsets a day either side bracket any single transition; a zone with two
 * transitions within two days has never existed.
 */
export function resolveLocal(wallMs: number, zoneName: string): ResolvedTime {
  const zone = zoneOf(zoneName);
  const before = zone.offset(wallMs - DAY_MS);
  const offsets = new Set([before, zone.offset(wallMs), zone.offset(wallMs + DAY_MS)]);
  const valid: number[] = [];
  for (const off of offsets) {
    const instant = wallMs - off * MINUTE_MS;
    if (zone.offset(instant) === off) valid.push(instant);
  }
  valid.sort((a, b) => a - b);
  const flags: ReadFlag[] = ['time_local_assumed'];
  if (valid.length === 0) {
    // In the gap: the offset in force before it carries the time forward.
    return { ms: wallMs - before * MINUTE_MS, flags: [...flags, 'time_local_nonexistent'] };
  }
  if (valid.length > 1) flags.push('time_local_ambiguous');
  return { ms: valid[0]!, flags };
}

function fromText(t: DeviceTime & { kind: 'text' }, zoneName: string): ResolvedTime {
  const m = TEXT.exec(t.value.trim());
  if (m === null) throw badTime(t, 'is not a date and time');
  const fraction = (m[7] ?? '').padEnd(3, '0').slice(0, 3);
  const wall = DateTime.fromObject(
    {
      year: Number(m[1]),
      month: Number(m[2]),
      day: Number(m[3]),
      hour: Number(m[4]),
      minute: Number(m[5]),
      second: Number(m[6] ?? 0),
      millisecond: Number(fraction),
    },
    { zone: 'utc' },
  );
  if (!wall.isValid) throw badTime(t, 'is not a calendar date and time');
  const designator = m[8];
  if (designator === undefined) return resolveLocal(wall.toMillis(), zoneName);
  const off = offsetMinutes(designator);
  // ±18:00 is the widest offset ISO 8601 and java.time allow.
  if (Math.abs(off) > 18 * 60) throw badTime(t, 'has an offset beyond ±18:00');
  return { ms: wall.toMillis() - off * MINUTE_MS, flags: [] };
}

/**
 * @param zoneName IANA zone used only for zone-less text (already validated)
 * @throws AlprError INVALID_TIMESTAMP
 */
export function resolveDeviceTime(t: DeviceTime, zoneName: string): ResolvedTime {
  let out: ResolvedTime;
  if (t.kind === 'text') {
    out = fromText(t, zoneName);
  } else {
    if (!Number.isFinite(t.value)) throw badTime(t, 'is not a finite number');
    out = { ms: Math.round(t.kind === 'epoch_s' ? t.value * 1000 : t.value), flags: [] };
  }
  if (out.ms < MIN_CAPTURE_MS || out.ms >= MAX_CAPTURE_MS) {
    // The usual cause is a unit mix-up, so say which unit was assumed.
    const unit =
      t.kind === 'epoch_s'
        ? ' (read as epoch seconds)'
        : t.kind === 'text'
          ? ''
          : ' (read as epoch milliseconds)';
    throw badTime(t, `is outside 2000-01-01 .. 9999-12-31${unit}`);
  }
  return out;
}
