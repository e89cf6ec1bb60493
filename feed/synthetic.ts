/**
 * A synthetic camera network for the demo and the benchmarks: a few hundred
 * cameras across Illinois, a plate population where a few vehicles pass
 * often and most rarely (commuters versus visitors), mostly Illinois plates
 * with neighbouring states and Ontario, and a configurable share of reads
 * (0.5% by default) that are plates from the loaded hotlists.
 *
 * Payloads are real vendor shapes (OpenALPR alpr_group without inline
 * images, Plate Recognizer Snapshot) of 300 to 600 bytes, so the normalizer
 * does the same work as on a live feed. Everything is seeded: the same seed
 * gives the same feed.
 */

export interface SyntheticCamera {
  camera_id: string;
  agency_id: string;
  name: string;
  time_zone: string;
  lat: number;
  lon: number;
}

export interface RawPayload {
  value: Buffer;
  headers: Record<string, string>;
  /** The plate put in the payload, for checks in tests and benchmarks. */
  plate: string;
  hotlisted: boolean;
}

/** mulberry32: small, fast, good enough for test data; not for secrets. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Share of plates by region; the rest of the population is Illinois.
const REGIONS: [string, number][] = [
  ['us-in', 0.05],
  ['us-wi', 0.04],
  ['us-mo', 0.02],
  ['us-ia', 0.015],
  ['us-oh', 0.01],
  ['us-mi', 0.01],
  ['us-on', 0.005], // Ontario plates reported under "us", as some agents do
];

// Where cameras cluster: Chicago and its suburbs, then Springfield,
// Peoria, Rockford, Champaign; weights are shares of the fleet.
const CLUSTERS: [number, number, number, number][] = [
  [41.88, -87.63, 0.25, 0.6],
  [39.8, -89.65, 0.08, 0.1],
  [40.69, -89.59, 0.08, 0.1],
  [42.27, -89.09, 0.08, 0.1],
  [40.11, -88.24, 0.08, 0.1],
];

const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';
const DIGITS = '0123456789';

function pick(rand: () => number, s: string): string {
  return s[Math.floor(rand() * s.length)]!;
}

function platePattern(rand: () => number, region: string): string {
  const p = (pattern: string) =>
    [...pattern]
      .map((c) => (c === 'L' ? pick(rand, LETTERS) : c === 'D' ? pick(rand, DIGITS) : c))
      .join('');
  switch (region) {
    case 'us-il':
      return rand() < 0.7 ? p('LLDDDDD') : p('LDDDDDD');
    case 'us-on':
      return p('LLLLDDD');
    case 'us-wi':
      return p('LLLDDDD');
    default:
      return p('LLLDDDD');
  }
}

export function createCameraFleet(
  count: number,
  seed = 7,
  agencyId = 'demo-agency',
): SyntheticCamera[] {
  const rand = prng(seed);
  const cams: SyntheticCamera[] = [];
  for (let i = 0; i < count; i++) {
    let u = rand();
    let cluster = CLUSTERS[0]!;
    for (const c of CLUSTERS) {
      if (u < c[3]) {
        cluster = c;
        break;
      }
      u -= c[3];
    }
    const [lat, lon, spread] = cluster;
    cams.push({
      camera_id: String(3_000_000_000 + i),
      agency_id: agencyId,
      name: `Synthetic camera ${i + 1}`,
      time_zone: 'America/Chicago',
      lat: Math.round((lat + (rand() - 0.5) * spread) * 1e5) / 1e5,
      lon: Math.round((lon + (rand() - 0.5) * spread * 1.3) * 1e5) / 1e5,
    });
  }
  return cams;
}

export interface FeedOptions {
  cameras: SyntheticCamera[];
  /** Plates (and their ISO region or null) that are on a hotlist. */
  hotPlates: { plate: string; region: string | null }[];
  /** Share of reads that are hotlisted plates, 0..1; default 0.005. */
  hitRate?: number;
  /** Distinct vehicles in the population; default 200,000. */
  population?: number;
  seed?: number;
}

export interface Feed {
  next(nowMs: number): RawPayload;
}

export function createFeed(opts: FeedOptions): Feed {
  const rand = prng(opts.seed ?? 11);
  const hitRate = opts.hitRate ?? 0.005;
  const size = opts.population ?? 200_000;
  const plates: { plate: string; region: string }[] = [];
  for (let i = 0; i < size; i++) {
    let u = rand();
    let region = 'us-il';
    for (const [r, share] of REGIONS) {
      if (u < share) {
        region = r;
        break;
      }
      u -= share;
    }
    plates.push({ plate: platePattern(rand, region), region });
  }
  let seq = 0;
  return {
    next(nowMs) {
      seq += 1;
      const cam = opts.cameras[Math.floor(rand() * opts.cameras.length)]!;
      let plate: string;
      let region: string;
      let hotlisted = false;
      if (opts.hotPlates.length > 0 && rand() < hitRate) {
        const h = opts.hotPlates[Math.floor(rand() * opts.hotPlates.length)]!;
        plate = h.plate;
        region = h.region ? h.region.toLowerCase() : 'us-il';
        hotlisted = true;
      } else {
        // u^3 skews sightings towards the head of the population: about a
        // fifth of the vehicles account for over half of the reads.
        const v = plates[Math.floor(size * rand() ** 3)]!;
        plate = v.plate;
        region = v.region;
      }
      const captured = nowMs - Math.floor(rand() * 1500);
      const conf = 80 + rand() * 19;
      const value =
        seq % 3 === 0
          ? plateRecognizer(cam, plate, region, captured, conf, seq)
          : openAlprGroup(cam, plate, region, captured, conf, seq, rand);
      return {
        value: Buffer.from(value),
        headers: { 'alpr-source': 'synthetic', 'alpr-received-at': String(nowMs) },
        plate,
        hotlisted,
      };
    },
  };
}

function openAlprGroup(
  cam: SyntheticCamera,
  plate: string,
  region: string,
  at: number,
  conf: number,
  seq: number,
  rand: () => number,
): string {
  const uuid = `SYNTH-${cam.camera_id}-${at}-${seq}`;
  return JSON.stringify({
    data_type: 'alpr_group',
    version: 2,
    agent_uid: 'SYNTHETIC',
    camera_id: Number(cam.camera_id),
    gps_latitude: cam.lat,
    gps_longitude: cam.lon,
    country: 'us',
    best_plate_number: plate,
    best_confidence: Math.round(conf * 100) / 100,
    best_region: region,
    best_uuid: uuid,
    epoch_start: at,
    epoch_end: at + 400,
    travel_direction: Math.round(rand() * 36000) / 100,
    candidates: [{ matches_template: 1, confidence: Math.round(conf * 100) / 100, plate }],
    vehicle: {
      color: [{ name: 'silver', confidence: 70 }],
      make: [{ name: 'ford', confidence: 50 }],
    },
  });
}

function plateRecognizer(
  cam: SyntheticCamera,
  plate: string,
  region: string,
  at: number,
  conf: number,
  seq: number,
): string {
  const score = Math.round(conf * 10) / 1000;
  return JSON.stringify({
    processing_time: 60.2,
    results: [
      {
        box: { xmin: 25, ymin: 715, xmax: 149, ymax: 781 },
        plate: plate.toLowerCase(),
        region: { code: region, score: 0.85 },
        score,
        candidates: [{ score, plate: plate.toLowerCase() }],
        dscore: 0.77,
        vehicle: { score: 0.78, type: 'Sedan', box: { xmin: 0, ymin: 395, xmax: 735, ymax: 854 } },
      },
    ],
    filename: `synth_${cam.camera_id}_${seq}.jpg`,
    version: 1,
    camera_id: cam.camera_id,
    timestamp: new Date(at).toISOString(),
  });
}
