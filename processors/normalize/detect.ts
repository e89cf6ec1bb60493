/**
 * Which adapter reads a payload. The alpr-vendor header, when it names a
 * known vendor, narrows the choice to that vendor's shapes (a payload that
 * fits none of them is UNKNOWN_VENDOR_SHAPE even if another vendor's shape
 * fits: the bridge and the payload disagree). An unknown header value is
 * ignored and the shape alone decides. Order matters only where shapes
 * overlap: Stream before Snapshot webhooks (both `hook` + `data`).
 */
import { AlprError, ErrorCodes } from '../../lib/errors.ts';
import { frigateEvents } from './adapters/frigate-events.ts';
import { frigateTrackedObject } from './adapters/frigate-tracked-object.ts';
import { openalprGroup } from './adapters/openalpr-group.ts';
import { openalprNoRead } from './adapters/openalpr-other.ts';
import { openalprResults } from './adapters/openalpr-results.ts';
import {
  platerecognizerSnapshot,
  platerecognizerSnapshotWebhook,
} from './adapters/platerecognizer-snapshot.ts';
import { platerecognizerStream } from './adapters/platerecognizer-stream.ts';
import { isObj, type Obj } from './fields.ts';
import type { Adapter, Vendor } from './types.ts';

export const ADAPTERS: readonly Adapter[] = [
  openalprResults,
  openalprGroup,
  openalprNoRead,
  platerecognizerStream,
  platerecognizerSnapshotWebhook,
  platerecognizerSnapshot,
  frigateEvents,
  frigateTrackedObject,
];

const VENDORS: Record<string, Vendor> = {
  openalpr: 'openalpr',
  rekor: 'openalpr',
  platerecognizer: 'platerecognizer',
  'plate-recognizer': 'platerecognizer',
  plate_recognizer: 'platerecognizer',
  frigate: 'frigate',
};

export function vendorHint(header: string | undefined): Vendor | null {
  if (header === undefined) return null;
  return VENDORS[header.trim().toLowerCase()] ?? null;
}

export function selectAdapter(doc: unknown, hint: Vendor | null): { adapter: Adapter; doc: Obj } {
  if (isObj(doc)) {
    for (const adapter of ADAPTERS) {
      if (hint !== null && adapter.vendor !== hint) continue;
      if (adapter.matches(doc)) return { adapter, doc };
    }
  }
  throw new AlprError(ErrorCodes.UNKNOWN_VENDOR_SHAPE, 'payload matches no known vendor format', {
    context: { vendor_hint: hint, top: Array.isArray(doc) ? 'array' : typeof doc },
  });
}
