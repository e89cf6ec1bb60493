/**
 * Inputs the benchmarks share, all seeded: a synthetic camera fleet and its
 * registry, hotlists of any size with unique plates, the synthetic vendor
 * feed (feed/synthetic.ts, ~0.5% hotlisted plates) and a normalizer wired
 * as the pipeline wires it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCameraRegistry, type CameraRegistry } from '../../lib/cameras.ts';
import { createImageStore } from '../../lib/image-store.ts';
import { plateDisplay, plateKey } from '../../lib/plate.ts';
import { createNormalizer, type Normalizer } from '../../processors/normalize/index.ts';
import type { HotlistEntry } from '../../schemas/types.ts';
import {
  createCameraFleet,
  createFeed,
  type RawPayload,
  type SyntheticCamera,
} from '../../feed/synthetic.ts';

const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';
// 10 * 23^3 * 10^3 distinct DLLLDDD plates, a shape the synthetic population
// (LLDDDDD, LDDDDDD, LLLDDDD, LLLLDDD) never has, so hits come only from the
// feed's hotlisted share. A multiplier coprime with the space spreads
// consecutive indexes over all of it.
const SPACE = 10 * 23 ** 3 * 1000;
const SPREAD = 7_368_787;

/** The i-th hotlist plate: unique for i < 121,670,000. */
export function hotPlate(i: number): string {
  const n = (i * SPREAD) % SPACE;
  const digits = String(n % 1000).padStart(3, '0');
  let l = Math.floor(n / 1000);
  let letters = '';
  for (let k = 0; k < 3; k++) {
    letters += LETTERS[l % 23]!;
    l = Math.floor(l / 23);
  }
  return String(l % 10) + letters + digits;
}

/** `count` entries of one list, Illinois plates, no expiry. */
export function hotlistEntries(count: number, now: number, listId = 'bench-state'): HotlistEntry[] {
  const out: HotlistEntry[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const plate = hotPlate(i);
    out[i] = {
      list_id: listId,
      source_format: 'genetec',
      plate_raw: plate,
      plate_display: plateDisplay(plate),
      plate_key: plateKey(plate),
      region_iso: 'US-IL',
      wildcard: false,
      category: i % 5 === 4 ? 'wanted_person' : 'stolen_vehicle',
      purpose: i % 5 === 4 ? 'wanted_person' : 'stolen_vehicle',
      priority: i % 5 === 4 ? 2 : 3,
      effective_from_ms: null,
      expires_at_ms: null,
      description: null,
      vehicle_make: null,
      vehicle_model: null,
      vehicle_color: null,
      vehicle_year: null,
      snapshot_id: null,
      loaded_at_ms: now,
    };
  }
  return out;
}

/** A sample of hot plates for the feed to draw its ~0.5% hits from. */
export function hotSample(count: number, size = 1000): { plate: string; region: string | null }[] {
  const n = Math.min(count, size);
  const step = Math.max(1, Math.floor(count / n));
  return Array.from({ length: n }, (_, k) => ({ plate: hotPlate(k * step), region: 'US-IL' }));
}

export function fleet(count = 300): SyntheticCamera[] {
  return createCameraFleet(count);
}

export function registryOf(cams: SyntheticCamera[]): CameraRegistry {
  return createCameraRegistry({ cameras: cams.map((c) => ({ ...c, direction: null })) });
}

/** `maxAgeMs`: the vendor fixtures are dated, so their runs lift the age limit. */
export function benchNormalizer(cams: SyntheticCamera[], maxAgeMs?: number): Normalizer {
  return createNormalizer({
    ...(maxAgeMs === undefined ? {} : { maxAgeMs }),
    cameras: registryOf(cams),
    images: createImageStore(mkdtempSync(join(tmpdir(), 'alpr-bench-images-'))),
    agencyId: 'bench-agency',
    defaultTimeZone: 'America/Chicago',
    maxMessageBytes: 4 * 1024 * 1024,
    futureSkewMs: 300_000,
  });
}

/** `n` synthetic raw payloads captured around `nowMs`. */
export function payloads(
  n: number,
  cams: SyntheticCamera[],
  hotPlates: { plate: string; region: string | null }[],
  nowMs: number,
  seed = 11,
): RawPayload[] {
  const feed = createFeed({ cameras: cams, hotPlates, seed });
  return Array.from({ length: n }, () => feed.next(nowMs));
}
