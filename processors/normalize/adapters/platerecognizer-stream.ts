/**
 * Plate Recognizer Stream webhook (JSON body), `platerecognizer.stream`.
 * Entries of `results` are read by platerecognizer-result.ts.
 *
 *   { "hook": { "target": "https://...",
 *               "id": "camera-1",           string: the camera, as configured
 *               "event": "recognition",     selects this adapter
 *               "filename": "camera-1_screenshots/24-05-29/05-56-13.606935.jpg" },
 *     "data": { "camera_id": "camera-1",    -> camera_id (else hook.id)
 *               "filename": "...jpg",       -> vendor_event_id (else hook.filename)
 *               "timestamp": "2024-05-29T05:56:13.606935Z",   UTC, used
 *               "timestamp_local": "2024-05-29 05:56:13.606935+00:00",  ignored
 *               "timestamp_camera": ... | null,                         ignored
 *               "results": [ { ..., "candidates": [{"plate": "bneo452"}],  no score
 *                              "direction": "" | 196 | null,
 *                              "region": {"code": "gb"},  country only
 *                              "source_url", "position_sec", ... } ] } }
 */
import { at, optId, optText, reqObject } from '../fields.ts';
import type { Adapter, ReadDraft } from '../types.ts';
import { NO_COORDS, textTime } from './common.ts';
import { isStreamHook } from './platerecognizer-snapshot.ts';
import { resultsParts } from './platerecognizer-result.ts';

export const platerecognizerStream: Adapter = {
  vendor: 'platerecognizer',
  format: 'platerecognizer.stream',
  matches: (doc) => isStreamHook(doc),
  extract(doc) {
    const hook = reqObject(doc, 'hook', '');
    const data = reqObject(doc, 'data', '');
    const base = at('', 'data');
    const parts = resultsParts(data, base);
    if (parts.length === 0) return [];
    const time = textTime(data, 'timestamp', base);
    const cameraId = optId(data, 'camera_id', base) ?? optId(hook, 'id', 'hook');
    const vendorEventId = optText(data, 'filename', base) ?? optText(hook, 'filename', 'hook');
    return parts.map((p): ReadDraft => ({
      vendor: 'platerecognizer',
      format: 'platerecognizer.stream',
      vendorEventId,
      ...p,
      time,
      cameraId,
      coords: NO_COORDS,
      imageBase64: null,
      flags: [],
      timeInReadId: true,
    }));
  },
};
