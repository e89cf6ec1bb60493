/**
 * OpenALPR / Rekor Scout agent `alpr_results`: one analysed video frame.
 * A vehicle in view produces one of these per frame (dozens a pass); each
 * becomes its own read, and the per-frame uuid keeps them apart.
 *
 *   {
 *     "data_type": "alpr_results",       selects this adapter
 *     "version": 2,
 *     "epoch_time": 1717003200123,       capture time, epoch MILLISECONDS
 *     "uuid": "site-cam101-1717003200123",   frame id -> vendor_event_id
 *     "camera_id": 101,                  integer (or string) -> camera_id
 *     "site_id", "agent_uid", "company_id", "img_width", ... ignored
 *     "gps_latitude", "gps_longitude":   optional, degrees
 *     "error": false,
 *     "results": [                       zero or more plates in the frame
 *       { "plate": "KTR4821",
 *         "confidence": 91.52,           0-100
 *         "region": "oh",                bare state, or "us-oh"
 *         "region_confidence": 38,
 *         "matches_template": 1,         0/1 here, ignored
 *         "candidates": [{"plate": "KTR482I", "confidence": 80.11, ...}],
 *         "coordinates", "vehicle_region", "plate_index", ... ignored }
 *     ]
 *   }
 * An empty results array is a frame with no plate: no read, no error.
 */
import {
  at,
  candidates,
  confidence,
  invalidField,
  isObj,
  optArray,
  optId,
  optString,
} from '../fields.ts';
import { EMPTY_VEHICLE, type Adapter, type ReadDraft } from '../types.ts';
import { coordsAt, epochTime } from './common.ts';

export const openalprResults: Adapter = {
  vendor: 'openalpr',
  format: 'openalpr.alpr_results',
  matches: (doc) => doc.data_type === 'alpr_results',
  extract(doc) {
    const results = optArray(doc, 'results', '');
    if (results === null) throw invalidField('results', 'an array');
    if (results.length === 0) return [];
    const time = epochTime(doc, ['epoch_time'], '', 'epoch_ms');
    const vendorEventId = optId(doc, 'uuid', '');
    const cameraId = optId(doc, 'camera_id', '');
    const coords = coordsAt(doc, 'gps_latitude', 'gps_longitude', '');
    return results.map((r, i): ReadDraft => {
      const base = at('results', i);
      if (!isObj(r)) throw invalidField(base, 'an object');
      return {
        vendor: 'openalpr',
        format: 'openalpr.alpr_results',
        vendorEventId,
        plate: optString(r, 'plate', base),
        platePath: at(base, 'plate'),
        regionRaw: optString(r, 'region', base),
        time,
        cameraId,
        coords,
        confidence: confidence(r, 'confidence', base, 100),
        candidates: candidates(r, 'candidates', base, 'confidence', 100),
        vehicle: { ...EMPTY_VEHICLE },
        imageBase64: null,
        flags: [],
        timeInReadId: true,
      };
    });
  },
};
