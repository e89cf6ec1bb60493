/**
 * The normalize processor's pure core: one raw vendor payload from
 * alpr.reads.raw to zero or more canonical reads (schemas/avro/read.avsc)
 * for alpr.reads. No Kafka here; the runtime calls normalize() per record
 * and dead-letters what it throws.
 *
 * Input: the record value (vendor JSON) and its headers:
 *   alpr-vendor      openalpr | platerecognizer | frigate (hint, optional)
 *   alpr-camera-id   camera when the payload names none
 *   alpr-agency-id   agency, over the camera registry's
 *   alpr-source      not used here
 * Formats: see adapters/*.ts, each with its vendor's layout at the top.
 *
 * Errors (AlprError, never retriable unless the image store fails):
 *   MALFORMED_JSON        null, empty, not UTF-8, not JSON
 *   MESSAGE_TOO_LARGE     value over maxMessageBytes, checked before parsing
 *   UNKNOWN_VENDOR_SHAPE  JSON of no known vendor layout
 *   INVALID_FIELD         a known field of the wrong type or range (context.field),
 *                         or a camera or agency id (payload or header) over 128
 *                         characters or with control or format characters
 *   MISSING_PLATE         a result without plate text
 *   INVALID_TIMESTAMP     capture time absent, unparseable or before 2000
 *   CAPTURE_TIME_IN_FUTURE  capture more than futureSkewMs after receipt
 *   INVALID_COORDINATES   non-finite, or out of range in either order
 *   STORE_UNAVAILABLE     (retriable) the image could not be written
 * A payload is all or nothing: if one of its reads fails, none is returned
 * and no image of it is written.
 */
import { MAX_RETENTION_DAYS } from '../../lib/config.ts';
import { IANAZone } from 'luxon';
import { AlprError, ErrorCodes } from '../../lib/errors.ts';
import type { Read } from '../../schemas/types.ts';
import { buildRead, type BuildContext } from './build.ts';
import { selectAdapter, vendorHint } from './detect.ts';
import { parsePayload } from './payload.ts';
import type { NormalizerOptions, RawInput } from './types.ts';

export type { NormalizerOptions, RawInput, Vendor } from './types.ts';
export { UNKNOWN_CAMERA } from './build.ts';

export const HEADERS = {
  vendor: 'alpr-vendor',
  cameraId: 'alpr-camera-id',
  agencyId: 'alpr-agency-id',
  source: 'alpr-source',
} as const;

export interface Normalizer {
  /** @throws AlprError with a stable code on bad input */
  normalize(input: RawInput): Read[];
}

function header(headers: RawInput['headers'], name: string): string | null {
  const v = headers[name];
  return v === undefined || v.trim() === '' ? null : v.trim();
}

function checkOptions(opts: NormalizerOptions): void {
  const problems: string[] = [];
  if (!IANAZone.isValidZone(opts.defaultTimeZone)) {
    problems.push('defaultTimeZone must be an IANA zone such as America/Chicago');
  }
  if (opts.agencyId.trim() === '') problems.push('agencyId must not be empty');
  if (!Number.isSafeInteger(opts.maxMessageBytes) || opts.maxMessageBytes < 1) {
    problems.push('maxMessageBytes must be a positive integer');
  }
  if (!Number.isFinite(opts.futureSkewMs) || opts.futureSkewMs < 0) {
    problems.push('futureSkewMs must be a number of milliseconds, 0 or more');
  }
  if (problems.length > 0) {
    const message = `invalid normalizer options: ${problems.join('; ')}`;
    throw new AlprError(ErrorCodes.CONFIG_INVALID, message, { context: { problems } });
  }
}

export function createNormalizer(opts: NormalizerOptions): Normalizer {
  checkOptions(opts);
  const now = opts.now ?? Date.now;

  function normalize(input: RawInput): Read[] {
    const parsed = parsePayload(input.value, opts.maxMessageBytes);
    const { adapter, doc } = selectAdapter(parsed, vendorHint(input.headers[HEADERS.vendor]));
    const drafts = adapter.extract(doc);
    if (drafts.length === 0) return [];
    // Kafka gives -1 for a record written without a timestamp (pre-0.10
    // message format); such a record was received now.
    const received = input.receivedAtMs;
    const ctx: BuildContext = {
      cameras: opts.cameras,
      agencyId: opts.agencyId,
      defaultTimeZone: opts.defaultTimeZone,
      futureSkewMs: opts.futureSkewMs,
      maxAgeMs: opts.maxAgeMs ?? MAX_RETENTION_DAYS * 24 * 60 * 60 * 1000,
      receivedAtMs: Number.isFinite(received) && received > 0 ? Math.round(received) : now(),
      headerCameraId: header(input.headers, HEADERS.cameraId),
      headerAgencyId: header(input.headers, HEADERS.agencyId),
    };
    const pending = drafts.map((d) => buildRead(d, ctx));
    return pending.map(({ read, image }) =>
      image === null ? read : { ...read, image: opts.images.put(image) },
    );
  }

  return { normalize };
}
