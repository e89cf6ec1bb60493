/**
 * One parsed row to one HotlistEntry, the same rules for every format:
 *
 *   plate    plateDisplay / plateKey of lib/plate.ts; A-Z 0-9 only, at most
 *            10 characters (the NCIC plate field is 10 wide). In a wildcard
 *            list the plate has one or two `*` (one unknown character each)
 *            and at least 3 known characters: "**1" would alert on every
 *            3-character plate holding a 1. Elsewhere `*` or `?` rejects the
 *            row: it is never taken literally, and a read's `*` means a
 *            character the camera could not read.
 *   dummy    NOTAG, 60 DAY, 0000000... are skipped (hotlists/dummy.ts).
 *   category resolved by the parser; none means the row is rejected.
 *   region   empty = null (the entry then matches any region, as a possible
 *            hit). State-code files (NCIC, Genetec) read "CA" as California
 *            and "0H" as Ohio; vendor regions ("us-oh") whose subdivision
 *            cannot be told ("ca", "gb") are null; anything else unknown
 *            rejects the row rather than widen the entry to every region.
 *   dates    see hotlists/dates.ts. Expired at load time: skipped. Not yet
 *            effective: kept; the matcher ignores it until then.
 *
 * Reasons never quote the plate or free text: they are printed and logged.
 */
import { ErrorCodes } from '../lib/errors.ts';
import { foldCanon, plateCanon, plateDisplay, plateKey } from '../lib/plate.ts';
import { toIsoRegion } from '../lib/region.ts';
import type { HotlistEntry } from '../schemas/types.ts';
import { categoryRule } from './categories.ts';
import type { DateEdge, DateReader } from './dates.ts';
import { dummyPlateReason } from './dummy.ts';
import type { CategoryRule, HotlistFormat } from './types.ts';

export const MAX_PLATE_CHARS = 10;
export const MIN_WILDCARD_KNOWN_CHARS = 3;
const MAX_DESCRIPTION_CHARS = 200;

export interface RowFields {
  plate: string;
  region: string | null;
  /** Canonical category, or null when the row's label or code is unknown. */
  category: string | null;
  effective: string | null;
  expiry: string | null;
  description?: string | null;
  make?: string | null;
  model?: string | null;
  color?: string | null;
  year?: string | null;
}

export interface RowContext {
  listId: string;
  format: HotlistFormat;
  now: number;
  readDate: DateReader;
  wildcard: boolean;
  regionStyle: 'state-code' | 'vendor';
  overrides?: Readonly<Record<string, Partial<CategoryRule>>>;
}

export type RowOutcome =
  | { kind: 'entry'; entry: HotlistEntry }
  | { kind: 'rejected'; code: string; reason: string }
  | { kind: 'skipped'; reason: string };

const reject = (code: string, reason: string): RowOutcome => ({ kind: 'rejected', code, reason });

export function buildEntry(row: RowFields, ctx: RowContext): RowOutcome {
  const raw = row.plate.trim();
  if (raw === '') return reject(ErrorCodes.HOTLIST_PLATE_INVALID, 'plate is empty');
  const canon = plateCanon(raw);
  const plateProblem = ctx.wildcard ? wildcardProblem(canon) : plainPlateProblem(canon);
  if (plateProblem) return reject(ErrorCodes.HOTLIST_PLATE_INVALID, plateProblem);

  const dummy = dummyPlateReason(canon.replace(/\*/g, ''));
  if (dummy) return { kind: 'skipped', reason: dummy };

  const rule = row.category === null ? null : categoryRule(row.category, ctx.overrides);
  if (row.category === null || rule === null) {
    return reject(ErrorCodes.HOTLIST_CATEGORY_UNKNOWN, 'category is not in the category table');
  }

  const region = entryRegion(row.region, ctx.regionStyle);
  if (region === undefined) {
    return reject(ErrorCodes.HOTLIST_REGION_INVALID, 'state or region code is not recognised');
  }

  const effective = optionalDate(row.effective, ctx.readDate, 'start');
  if (effective === undefined) return reject(ErrorCodes.HOTLIST_DATE_INVALID, 'effective date');
  const expiry = optionalDate(row.expiry, ctx.readDate, 'end');
  if (expiry === undefined) return reject(ErrorCodes.HOTLIST_DATE_INVALID, 'expiry date');
  if (effective !== null && expiry !== null && expiry <= effective) {
    return reject(ErrorCodes.HOTLIST_DATE_INVALID, 'expiry date is not after the effective date');
  }
  if (expiry !== null && expiry <= ctx.now) return { kind: 'skipped', reason: 'expired' };

  const entry: HotlistEntry = {
    list_id: ctx.listId,
    source_format: ctx.format,
    plate_raw: raw,
    plate_display: plateDisplay(raw),
    plate_key: ctx.wildcard ? foldCanon(canon) : plateKey(raw),
    region_iso: region,
    wildcard: ctx.wildcard,
    category: row.category,
    purpose: rule.purpose,
    priority: rule.priority,
    effective_from_ms: effective,
    expires_at_ms: expiry,
    description: text(row.description, MAX_DESCRIPTION_CHARS),
    vehicle_make: text(row.make),
    vehicle_model: text(row.model),
    vehicle_color: text(row.color),
    vehicle_year: text(row.year),
    snapshot_id: null,
    loaded_at_ms: ctx.now,
  };
  return { kind: 'entry', entry };
}

function plainPlateProblem(canon: string): string | null {
  if (/[*?]/.test(canon)) return "'*' or '?' in a list that is not a wildcard list";
  if (!/^[A-Z0-9]+$/.test(canon)) return 'plate has characters other than A-Z and 0-9';
  if (canon.length > MAX_PLATE_CHARS) return `plate is longer than ${MAX_PLATE_CHARS} characters`;
  return null;
}

function wildcardProblem(canon: string): string | null {
  if (!/^[A-Z0-9*]+$/.test(canon)) return 'wildcard plate has characters other than A-Z, 0-9, *';
  if (canon.length > MAX_PLATE_CHARS) return `plate is longer than ${MAX_PLATE_CHARS} characters`;
  const stars = canon.length - canon.replace(/\*/g, '').length;
  if (stars < 1 || stars > 2) return 'wildcard plate must have one or two *';
  if (canon.length - stars < MIN_WILDCARD_KNOWN_CHARS) {
    return `wildcard plate has fewer than ${MIN_WILDCARD_KNOWN_CHARS} known characters`;
  }
  return null;
}

/** ISO region, null for "any region", undefined for an unrecognised code. */
type RegionStyle = RowContext['regionStyle'];

function entryRegion(raw: string | null, style: RegionStyle): string | null | undefined {
  const s = (raw ?? '').trim().toUpperCase();
  if (s === '') return null;
  // In a state-code column "CA" is California: Canada would be a province.
  if (style === 'state-code' && s === 'CA') return 'US-CA';
  const r = toIsoRegion(s);
  if (r.iso !== null) return r.iso;
  if (style === 'vendor' && r.flag !== 'region_unknown') return null;
  return undefined;
}

/** Epoch ms, null when absent, undefined when present but not a date. */
function optionalDate(
  raw: string | null,
  read: DateReader,
  edge: DateEdge,
): number | null | undefined {
  const s = (raw ?? '').trim();
  if (s === '') return null;
  return read(s, edge) ?? undefined;
}

function text(raw: string | null | undefined, max = 64): string | null {
  const s = (raw ?? '').trim();
  return s === '' ? null : s.slice(0, max);
}
