/**
 * Moves every time in a vendor payload forward by the same amount, so that
 * the newest becomes `now`: dated vendor samples can seed a live demo
 * without falling outside the retention ceiling. Times are recognised by
 * value, whatever the vendor calls the field: epoch milliseconds and epoch
 * seconds between 2001 and 2033, and ISO 8601 strings (with or without a
 * zone; the zone-less on-prem style "2025-09-09 23:22:38.030345" included).
 * Relative timing inside a payload (a pass's start and end) is kept.
 */
const MS = { min: 1e12, max: 2e12 };
const S = { min: 1e9, max: 2e9 };
const ISO = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function isoMs(s: string): number | null {
  const m = ISO.exec(s);
  if (!m) return null;
  const ms = Date.parse(`${m[1]}T${m[2]}${m[3] ? m[3].slice(0, 4) : ''}${m[4] ?? 'Z'}`);
  return Number.isFinite(ms) ? ms : null;
}

function latest(v: Json): number {
  if (typeof v === 'number') {
    if (v >= MS.min && v < MS.max) return v;
    if (v >= S.min && v < S.max) return v * 1000;
    return -Infinity;
  }
  if (typeof v === 'string') return isoMs(v) ?? -Infinity;
  if (Array.isArray(v)) return Math.max(-Infinity, ...v.map(latest));
  if (v && typeof v === 'object') return Math.max(-Infinity, ...Object.values(v).map(latest));
  return -Infinity;
}

function shift(v: Json, delta: number): Json {
  if (typeof v === 'number') {
    if (v >= MS.min && v < MS.max) return Math.round(v + delta);
    if (v >= S.min && v < S.max)
      return Number.isInteger(v) ? Math.round(v + delta / 1000) : v + delta / 1000;
    return v;
  }
  if (typeof v === 'string') {
    const m = ISO.exec(v);
    const ms = isoMs(v);
    if (!m || ms === null) return v;
    const iso = new Date(ms + delta).toISOString(); // 2026-12-03T20:10:35.562Z
    const date = iso.slice(0, 10);
    const time = iso.slice(11, 19);
    const frac = m[3] ? `.${iso.slice(20, 23).padEnd(m[3].length - 1, '0')}` : '';
    // Keep the vendor's shape: separator, and zone as written (UTC shown).
    const zone = m[4] === undefined ? '' : m[4] === 'Z' ? 'Z' : '+00:00';
    return `${date}${v[10]}${time}${frac}${zone}`;
  }
  if (Array.isArray(v)) return v.map((x) => shift(x, delta));
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shift(x, delta)]));
  return v;
}

/** The payload with its newest time moved to `now`; unparseable input is returned as is. */
export function redate(payload: Buffer, now: number): Buffer {
  let doc: Json;
  try {
    doc = JSON.parse(payload.toString('utf8')) as Json;
  } catch {
    return payload;
  }
  const newest = latest(doc);
  if (!Number.isFinite(newest)) return payload;
  return Buffer.from(JSON.stringify(shift(doc, now - newest)));
}
