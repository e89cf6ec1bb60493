/**
 * Types shared by the normalizer's front door, its builder and its adapters.
 * An adapter reads one vendor shape into drafts: every field found, typed
 * and range-checked where the vendor's own scale is known, but not yet
 * placed (camera, agency, zone, coordinates fallback, image store, read_id).
 */
import type { CameraRegistry } from '../../lib/cameras.ts';
import type { ImageStore } from '../../lib/image-store.ts';
import type { Candidate, ReadFlag, Vehicle } from '../../schemas/types.ts';

export type Vendor = 'openalpr' | 'platerecognizer' | 'frigate';

export interface RawInput {
  /** The record value exactly as received on alpr.reads.raw. */
  value: Buffer | null;
  /** alpr-vendor, alpr-camera-id, alpr-agency-id, alpr-source. */
  headers: Record<string, string | undefined>;
  /** Broker or bridge receipt time, epoch ms. */
  receivedAtMs: number;
}

export interface NormalizerOptions {
  cameras: CameraRegistry;
  /** Only put() is used: images are written before the read is produced. */
  images: Pick<ImageStore, 'put'>;
  /** Agency of reads whose camera is neither in a header nor in the registry. */
  agencyId: string;
  /** IANA zone for zone-less device times from cameras missing from the registry. */
  defaultTimeZone: string;
  /** Payloads above this many bytes are refused before parsing. */
  maxMessageBytes: number;
  /** A capture time further than this ahead of receipt is refused. */
  futureSkewMs: number;
  /**
   * A capture time older than this at receipt is refused (CAPTURE_TIME_TOO_OLD).
   * Default: the 90-day retention ceiling. Tests on dated vendor
   * samples pass a larger value only to exercise everything else.
   */
  maxAgeMs?: number;
  /** Clock used when an input has no usable receipt time. */
  now?: () => number;
}

/** A device time as the vendor wrote it; the builder turns it into UTC ms. */
export type DeviceTime =
  | { kind: 'epoch_ms'; value: number; path: string }
  | { kind: 'epoch_s'; value: number; path: string }
  | { kind: 'text'; value: string; path: string };

/** Coordinates as sent: numbers, possibly non-finite (JSON 1e999). */
export interface RawCoords {
  lat: number | null;
  lon: number | null;
  /** Where the latitude was found; errors about the pair name it. */
  path: string;
  /** Where the longitude was found, named when the longitude is at fault. */
  lonPath: string;
}

export interface ReadDraft {
  vendor: Vendor;
  format: string;
  vendorEventId: string | null;
  /** The plate as sent; null or blank is MISSING_PLATE. */
  plate: string | null;
  platePath: string;
  regionRaw: string | null;
  time: DeviceTime;
  cameraId: string | null;
  coords: RawCoords;
  /** Already on 0..1. */
  confidence: number | null;
  candidates: Candidate[];
  vehicle: Vehicle;
  /** Inline base64 JPEG, decoded and stored only once the read is valid. */
  imageBase64: { data: string; path: string } | null;
  flags: ReadFlag[];
  /**
   * Whether captured_at_ms is part of read_id. Frigate re-sends one event
   * with a new frame time on every update: leaving time out makes those
   * repeats one read.
   */
  timeInReadId: boolean;
}

export interface Adapter {
  vendor: Vendor;
  format: string;
  /** Cheap structural test on the parsed payload; no validation. */
  matches(doc: Record<string, unknown>): boolean;
  /** Typed extraction; throws AlprError INVALID_FIELD with the field path. */
  extract(doc: Record<string, unknown>): ReadDraft[];
}

export const EMPTY_VEHICLE: Readonly<Vehicle> = Object.freeze({
  make: null,
  model: null,
  color: null,
  body_type: null,
  year: null,
  direction: null,
});
