/**
 * Typed access to parsed vendor JSON. Every reader takes the field's path
 * (`results[0].candidates[2].confidence`) so that a wrong type is refused as
 * INVALID_FIELD naming exactly where; values are never put in the error,
 * because a value may be a plate and errors end up in logs.
 * `undefined` and `null` both read as absent: vendors use either.
 */
import { AlprError, ErrorCodes } from '../../lib/errors.ts';
import type { Candidate } from '../../schemas/types.ts';

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function at(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base === '' ? key : `${base}.${key}`;
}

export function invalidField(path: string, expected: string): AlprError {
  return new AlprError(ErrorCodes.INVALID_FIELD, `${path} must be ${expected}`, {
    context: { field: path, expected },
  });
}

export function optObject(o: Obj, key: string, base: string): Obj | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (!isObj(v)) throw invalidField(at(base, key), 'an object');
  return v;
}

export function reqObject(o: Obj, key: string, base: string): Obj {
  const v = optObject(o, key, base);
  if (v === null) throw invalidField(at(base, key), 'an object');
  return v;
}

export function optArray(o: Obj, key: string, base: string): unknown[] | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (!Array.isArray(v)) throw invalidField(at(base, key), 'an array');
  return v;
}

export function optString(o: Obj, key: string, base: string): string | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw invalidField(at(base, key), 'a string');
  return v;
}

/** A string where blank means absent (Plate Recognizer sends camera_id ""). */
export function optText(o: Obj, key: string, base: string): string | null {
  const v = optString(o, key, base);
  return v === null || v.trim() === '' ? null : v.trim();
}

/** A number as JSON gave it, possibly ±Infinity (1e999); for coordinates. */
export function optRawNumber(o: Obj, key: string, base: string): number | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number') throw invalidField(at(base, key), 'a number');
  return v;
}

export function optNumber(o: Obj, key: string, base: string): number | null {
  const v = optRawNumber(o, key, base);
  if (v !== null && !Number.isFinite(v)) throw invalidField(at(base, key), 'a finite number');
  return v;
}

export function optBoolean(o: Obj, key: string, base: string): boolean | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'boolean') throw invalidField(at(base, key), 'a boolean');
  return v;
}

/**
 * An identifier sent as a string or an integer (OpenALPR camera_id is a
 * number, Plate Recognizer's a string). Blank reads as absent.
 */
export function optId(o: Obj, key: string, base: string): string | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw invalidField(at(base, key), 'a string or an integer');
    return String(v);
  }
  if (typeof v !== 'string') throw invalidField(at(base, key), 'a string or an integer');
  return v.trim() === '' ? null : v.trim();
}

/**
 * A vendor confidence on its own scale (OpenALPR 0-100, the others 0-1)
 * brought to 0..1. Out of range after scaling is INVALID_FIELD: a value of
 * 90 on a 0-1 scale means the shape was misread, not that the OCR was sure.
 */
export function confidence(o: Obj, key: string, base: string, scale: 1 | 100): number | null {
  const v = optNumber(o, key, base);
  if (v === null) return null;
  if (v < 0 || v > scale) throw invalidField(at(base, key), `a confidence from 0 to ${scale}`);
  // 70.31 / 100 is 0.7031000000000001 in binary floating point; vendors
  // send at most 6 significant decimals, so rounding to 1e-6 loses nothing.
  return scale === 1 ? v : Math.round((v * 1e6) / scale) / 1e6;
}

/**
 * Degrees of travel brought to [0, 360). Frigate's angle runs -180..180;
 * Plate Recognizer Stream sends "" when it has no direction.
 */
export function direction(o: Obj, key: string, base: string): number | null {
  const v = o[key];
  if (v === '') return null;
  const d = optNumber(o, key, base);
  if (d === null) return null;
  return d >= 0 && d < 360 ? d : ((d % 360) + 360) % 360;
}

// OpenALPR's requested_topn defaults to 10 and is rarely set above 20; more
// adds nothing to matching and could push an Avro read past the 1 MiB
// default max.message.bytes of alpr.reads.
export const MAX_CANDIDATES = 20;

/** Candidate list: [{<plateKey>: string, <scoreKey>?: number}]; blank plates skipped. */
export function candidates(
  o: Obj,
  key: string,
  base: string,
  scoreKey: string,
  scale: 1 | 100,
): Candidate[] {
  const list = optArray(o, key, base);
  if (list === null) return [];
  const out: Candidate[] = [];
  for (let i = 0; i < list.length && out.length < MAX_CANDIDATES; i++) {
    const path = at(at(base, key), i);
    const c = list[i];
    if (!isObj(c)) throw invalidField(path, 'an object');
    const plate = optString(c, 'plate', path);
    if (plate === null || plate.trim() === '') continue;
    out.push({ plate, confidence: confidence(c, scoreKey, path, scale) });
  }
  return out;
}

/** First `name` of a ranked OpenALPR attribute list: [{name, confidence}]. */
export function firstName(o: Obj, key: string, base: string, nameKey = 'name'): string | null {
  const list = optArray(o, key, base);
  if (list === null || list.length === 0) return null;
  const first = list[0];
  const path = at(at(base, key), 0);
  if (!isObj(first)) throw invalidField(path, 'an object');
  return optText(first, nameKey, path);
}
