/**
 * Draft to canonical Read (schemas/avro/read.avsc). Placement rules:
 * - camera_id: the payload's, else the alpr-camera-id header, else
 *   "unknown" flagged camera_id_missing;
 * - agency_id: the alpr-agency-id header, else the registered camera's
 *   agency, else the pipeline's own agency;
 * - zone for zone-less times: the registered camera's, else the default;
 * - captured_at_ms more than futureSkewMs after receipt is refused;
 * - plate forms from lib/plate.ts, region from lib/region.ts (raw kept);
 * - the inline image is decoded here but written by the caller, only
 *   after every read of the payload has been built.
 */
import type { CameraRegistry } from '../../lib/cameras.ts';
import { AlprError, ErrorCodes } from '../../lib/errors.ts';
import {
  CONTROL_OR_FORMAT,
  hasNonstandardChars,
  hasUnreadableChars,
  looksLikeTimestampOverlay,
  plateCanon,
  plateDisplay,
  plateKey,
} from '../../lib/plate.ts';
import { toIsoRegion } from '../../lib/region.ts';
import type { Read } from '../../schemas/types.ts';
import { resolveCoords } from './coords.ts';
import { invalidField } from './fields.ts';
import { decodeInlineJpeg } from './image.ts';
import { readId } from './read-id.ts';
import { resolveDeviceTime } from './time.ts';
import type { ReadDraft } from './types.ts';

export const UNKNOWN_CAMERA = 'unknown';
// US plates run to 8 characters and a few European ones to 10; 32 leaves
// room for separators and still refuses free text sent as a plate.
export const MAX_PLATE_CHARS = 32;

// Camera and agency ids are keys people query by (the gateway takes up to
// 128 characters) and names that appear in reports and on the camera map.
export const MAX_ID_CHARS = 128;

/** A camera or agency id: 1..128 characters, none of them control or format characters. */
function checkIdentifier(id: string, field: string): void {
  if (id.trim() === '' || id.length > MAX_ID_CHARS || CONTROL_OR_FORMAT.test(id)) {
    throw invalidField(
      field,
      `an id of 1 to ${MAX_ID_CHARS} characters without control or format characters`,
    );
  }
}

export interface BuildContext {
  cameras: CameraRegistry;
  agencyId: string;
  defaultTimeZone: string;
  futureSkewMs: number;
  maxAgeMs: number;
  receivedAtMs: number;
  headerCameraId: string | null;
  headerAgencyId: string | null;
}

/** A built read whose image, if any, is still to be written. */
export interface PendingRead {
  read: Read;
  image: Buffer | null;
}

export function buildRead(d: ReadDraft, ctx: BuildContext): PendingRead {
  const plate = d.plate ?? '';
  const canon = plateCanon(plate);
  if (canon === '') {
    throw new AlprError(ErrorCodes.MISSING_PLATE, `no plate at ${d.platePath}`, {
      context: { field: d.platePath, format: d.format },
    });
  }
  if (plate.trim().length > MAX_PLATE_CHARS) {
    throw invalidField(d.platePath, `a plate of at most ${MAX_PLATE_CHARS} characters`);
  }
  // Control and format characters (NUL, BEL, bidi overrides, zero-width
  // joiners) are never on a plate; kept, they could disguise one plate as
  // another in a display or a report.
  if (CONTROL_OR_FORMAT.test(plate)) {
    throw invalidField(d.platePath, 'a plate without control or format characters');
  }
  const flags: string[] = [...d.flags];
  if (hasUnreadableChars(canon)) flags.push('plate_unreadable_chars');
  if (hasNonstandardChars(canon)) flags.push('plate_nonstandard_chars');
  if (looksLikeTimestampOverlay(plate)) flags.push('plate_timestamp_overlay');

  const region = toIsoRegion(d.regionRaw);
  if (region.flag !== null) flags.push(region.flag);

  if (d.cameraId !== null) checkIdentifier(d.cameraId, 'camera_id');
  else if (ctx.headerCameraId !== null)
    checkIdentifier(ctx.headerCameraId, 'header alpr-camera-id');
  if (ctx.headerAgencyId !== null) checkIdentifier(ctx.headerAgencyId, 'header alpr-agency-id');
  let cameraId = d.cameraId ?? ctx.headerCameraId;
  if (cameraId === null) {
    cameraId = UNKNOWN_CAMERA;
    flags.push('camera_id_missing');
  }
  const camera = ctx.cameras.lookup(cameraId);

  const zone = camera?.time_zone ?? ctx.defaultTimeZone;
  const time = resolveDeviceTime(d.time, zone);
  flags.push(...time.flags);
  // A zone-less device time was read in a zone the sender never named: an
  // error about it says which, since a wrong zone is the likely cause.
  const readIn = time.flags.includes('time_local_assumed')
    ? ` (a time without zone, read in ${zone}${camera?.time_zone ? ", the camera's zone" : ', the default zone'})`
    : '';
  // Nothing is kept past the 90-day ceiling, so a read that old on arrival
  // (a bridge's backlog, a replay of an archive) can neither be stored nor
  // raise a hit that means anything today: it is dead-lettered, not matched.
  if (ctx.receivedAtMs - time.ms > ctx.maxAgeMs) {
    throw new AlprError(
      ErrorCodes.CAPTURE_TIME_TOO_OLD,
      `capture time is past the retention ceiling${readIn}`,
      {
        context: { field: d.time.path, captured_at_ms: time.ms, received_at_ms: ctx.receivedAtMs },
      },
    );
  }
  if (time.ms - ctx.receivedAtMs > ctx.futureSkewMs) {
    throw new AlprError(
      ErrorCodes.CAPTURE_TIME_IN_FUTURE,
      `capture time is ahead of receipt${readIn}`,
      {
        context: {
          field: d.time.path,
          captured_at_ms: time.ms,
          received_at_ms: ctx.receivedAtMs,
          skew_ms: time.ms - ctx.receivedAtMs,
        },
      },
    );
  }

  const coords = resolveCoords(d.coords, camera);
  flags.push(...coords.flags);
  if (d.confidence === null) flags.push('confidence_missing');

  const inline = d.imageBase64;
  const image = inline === null ? null : decodeInlineJpeg(inline.data, inline.path);

  const read: Read = {
    read_id: readId({
      vendor: d.vendor,
      cameraId,
      vendorEventId: d.vendorEventId,
      capturedAtMs: d.timeInReadId ? time.ms : null,
      plateCanon: canon,
    }),
    vendor: d.vendor,
    format: d.format,
    vendor_event_id: d.vendorEventId,
    plate_raw: plate,
    plate_display: plateDisplay(plate),
    plate_key: plateKey(plate),
    region_iso: region.iso,
    region_raw: d.regionRaw,
    captured_at_ms: time.ms,
    received_at_ms: ctx.receivedAtMs,
    camera_id: cameraId,
    agency_id: ctx.headerAgencyId ?? camera?.agency_id ?? ctx.agencyId,
    lat: coords.lat,
    lon: coords.lon,
    confidence: d.confidence,
    candidates: d.candidates,
    vehicle: { ...d.vehicle },
    image: null,
    flags: [...new Set(flags)],
  };
  return { read, image };
}
