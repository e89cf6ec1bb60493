/**
 * Plate Recognizer Snapshot, in its two envelopes. Entries of `results`
 * are read by platerecognizer-result.ts; one read per entry with a plate.
 *
 * Cloud API response (POST /v1/plate-reader/), `platerecognizer.snapshot`:
 *   { "processing_time": 186.81,
 *     "results": [ ... ],
 *     "filename": "1547_AbCdE_cam3.jpg",  -> vendor_event_id
 *     "version": 1,
 *     "camera_id": "",                     "" or absent: no camera in payload
 *     "timestamp": "2024-05-29T15:47:57.397771Z" }  ISO with zone
 *
 * On-prem SDK webhook, `platerecognizer.snapshot_webhook`:
 *   { "hook": { "target": "http://...", "id": 479,   integer webhook id,
 *               "event": "image.done" },              not a camera
 *     "data": { "filename": "gate-east_2025-09-09.jpg",  -> vendor_event_id
 *               "timestamp": "2025-09-09 23:22:38.030345",  camera wall
 *                        clock, no zone: read in the camera's zone
 *               "camera_id": null,
 *               "processing_time": 92.4,
 *               "results": [ ... ] } }
 */
import { isObj, optId, optText, reqObject, type Obj } from '../fields.ts';
import type { Adapter, ReadDraft } from '../types.ts';
import { NO_COORDS, textTime } from './common.ts';
import { resultsParts } from './platerecognizer-result.ts';

function drafts(o: Obj, base: string, format: string): ReadDraft[] {
  const parts = resultsParts(o, base);
  if (parts.length === 0) return [];
  const time = textTime(o, 'timestamp', base);
  const vendorEventId = optText(o, 'filename', base);
  const cameraId = optId(o, 'camera_id', base);
  return parts.map((p) => ({
    vendor: 'platerecognizer',
    format,
    vendorEventId,
    ...p,
    time,
    cameraId,
    coords: NO_COORDS,
    imageBase64: null,
    flags: [],
    timeInReadId: true,
  }));
}

/** A `hook` + `data` envelope; Stream's hook says event "recognition". */
export function isStreamHook(doc: Obj): boolean {
  const hook = doc.hook;
  if (!isObj(hook)) return false;
  if (hook.event === 'recognition') return true;
  if (hook.event === 'image.done') return false;
  return typeof hook.id === 'string';
}

export const platerecognizerSnapshot: Adapter = {
  vendor: 'platerecognizer',
  format: 'platerecognizer.snapshot',
  matches: (doc) =>
    Array.isArray(doc.results) &&
    doc.data_type === undefined &&
    doc.hook === undefined &&
    ('processing_time' in doc || 'timestamp' in doc || 'filename' in doc),
  extract: (doc) => drafts(doc, '', 'platerecognizer.snapshot'),
};

export const platerecognizerSnapshotWebhook: Adapter = {
  vendor: 'platerecognizer',
  format: 'platerecognizer.snapshot_webhook',
  matches: (doc) => isObj(doc.hook) && isObj(doc.data) && !isStreamHook(doc),
  extract: (doc) => drafts(reqObject(doc, 'data', ''), 'data', 'platerecognizer.snapshot_webhook'),
};
