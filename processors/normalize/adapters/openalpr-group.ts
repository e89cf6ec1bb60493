/**
 * OpenALPR / Rekor Scout agent `alpr_group`: one vehicle pass, the best of
 * the frames that saw it. One group is one read.
 *
 *   {
 *     "data_type": "alpr_group",          selects this adapter
 *     "camera_id": 2000000101,            integer (or string) -> camera_id
 *     "gps_latitude": 39.9612, "gps_longitude": -82.9988,  degrees, optional
 *     "best_plate_number": "KTR4821",     -> plate_raw (else best_plate.plate)
 *     "best_confidence": 90.25,           0-100
 *     "best_region": "us-oh",             country-state (else best_plate.region)
 *     "best_uuid": "AGENT-2000000101-1717003200123",  -> vendor_event_id
 *     "best_uuid_epoch_ms": 1717003200123,  capture of the best frame, epoch ms
 *     "epoch_start", "epoch_end": ms,     the pass; epoch_start if no best time
 *     "matches_template": false,          boolean here, 0/1 inside; ignored
 *     "travel_direction": 285.94,         degrees -> vehicle.direction
 *     "candidates": [{"plate", "confidence" 0-100, "matches_template"}],
 *     "vehicle": { "color": [{"name": "silver", "confidence": 71.2}],
 *                  "make": [...], "make_model": [{"name": "honda_civic"}],
 *                  "body_type": [...], "year": [{"name": "2015-2019"}], ... },
 *     "vehicle_crop_jpeg", "overview_jpeg": base64 JPEG, inline,
 *     "best_plate": { "plate", "confidence", "region", "candidates",
 *                     "plate_crop_jpeg": base64 JPEG, ... },
 *     "vehicle_signature": base64, not an image; ignored
 *   }
 * Attribute lists are ranked; the first name is kept as sent.
 * One image is kept per read, the first present of vehicle_crop_jpeg (shows
 * plate and vehicle, what a hit verifier needs), overview_jpeg, then
 * best_plate.plate_crop_jpeg; the others are dropped undecoded, so that no
 * more pictures than needed are kept. Preview groups (is_preview) are
 * treated as any group.
 */
import {
  at,
  candidates,
  confidence,
  direction,
  firstName,
  optObject,
  optString,
  optText,
  optId,
  type Obj,
} from '../fields.ts';
import type { Adapter, ReadDraft } from '../types.ts';
import { coordsAt, epochTime } from './common.ts';

function image(doc: Obj, best: Obj | null): ReadDraft['imageBase64'] {
  // All three are type-checked; only the one kept is decoded.
  const found: [string, string | null][] = [
    ['vehicle_crop_jpeg', optText(doc, 'vehicle_crop_jpeg', '')],
    ['overview_jpeg', optText(doc, 'overview_jpeg', '')],
    ['best_plate.plate_crop_jpeg', best && optText(best, 'plate_crop_jpeg', 'best_plate')],
  ];
  for (const [path, data] of found) if (data !== null) return { data, path };
  return null;
}

export const openalprGroup: Adapter = {
  vendor: 'openalpr',
  format: 'openalpr.alpr_group',
  matches: (doc) => doc.data_type === 'alpr_group',
  extract(doc) {
    const best = optObject(doc, 'best_plate', '');
    const topPlate = optString(doc, 'best_plate_number', '');
    const useBest = topPlate === null && best !== null;
    const plate = useBest ? optString(best, 'plate', 'best_plate') : topPlate;
    const confidenceValue = useBest
      ? confidence(best, 'confidence', 'best_plate', 100)
      : confidence(doc, 'best_confidence', '', 100);
    const bestRegion = best && optString(best, 'region', 'best_plate');
    const regionRaw = optString(doc, 'best_region', '') ?? bestRegion;
    let cands = candidates(doc, 'candidates', '', 'confidence', 100);
    if (cands.length === 0 && best !== null) {
      cands = candidates(best, 'candidates', 'best_plate', 'confidence', 100);
    }
    const vehicle = optObject(doc, 'vehicle', '');
    const v = (key: string): string | null => vehicle && firstName(vehicle, key, 'vehicle');
    const draft: ReadDraft = {
      vendor: 'openalpr',
      format: 'openalpr.alpr_group',
      vendorEventId: optId(doc, 'best_uuid', ''),
      plate,
      platePath: useBest ? at('best_plate', 'plate') : 'best_plate_number',
      regionRaw,
      time: epochTime(doc, ['best_uuid_epoch_ms', 'epoch_start'], '', 'epoch_ms'),
      cameraId: optId(doc, 'camera_id', ''),
      coords: coordsAt(doc, 'gps_latitude', 'gps_longitude', ''),
      confidence: confidenceValue,
      candidates: cands,
      vehicle: {
        make: v('make'),
        model: v('make_model'),
        color: v('color'),
        body_type: v('body_type'),
        year: v('year'),
        direction: direction(doc, 'travel_direction', ''),
      },
      imageBase64: image(doc, best),
      flags: [],
      timeInReadId: true,
    };
    return [draft];
  },
};
