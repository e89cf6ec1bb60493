/**
 * read_id: the first 32 hex digits (128 bits) of the SHA-256 of
 * JSON [vendor, camera_id, vendor_event_id, captured_at_ms, plate canon].
 * The same payload normalized twice, or replayed after a crash, gets the
 * same id, so the store keeps one row. A JSON array keeps the parts apart
 * ("ab"+"c" and "a"+"bc" differ). 128 bits: a collision among 10^12 reads
 * has odds near 10^-15.
 * `capturedAtMs` is null for sources that resend one event with a moving
 * frame time (Frigate), where camera, event id and plate are the identity.
 */
import { createHash } from 'node:crypto';

export interface ReadIdParts {
  vendor: string;
  cameraId: string;
  vendorEventId: string | null;
  capturedAtMs: number | null;
  plateCanon: string;
}

export function readId(p: ReadIdParts): string {
  const parts = [p.vendor, p.cameraId, p.vendorEventId, p.capturedAtMs, p.plateCanon];
  const text = JSON.stringify(parts);
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
