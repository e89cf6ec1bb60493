/**
 * Frigate NVR MQTT topic `frigate/events`, `frigate.events`: the life of
 * one tracked object, sent again and again under the same id.
 *
 *   { "type": "new" | "update" | "end",
 *     "before": { same fields as after, as of the previous message },
 *     "after": {
 *       "id": "1717003190.475377-ab12cd",     -> vendor_event_id
 *       "camera": "driveway",                 -> camera_id
 *       "start_time": 1717003190.475377,      float epoch SECONDS: the object
 *                                             came into view -> captured_at_ms
 *       "frame_time": 1717003196.837752,      this message's frame; used only
 *                                             when start_time is absent
 *       "end_time": null,
 *       "label": "car", "sub_label": ["Neighbour van", 0.91] | null,
 *       "recognized_license_plate": "KTR4821" | null,
 *       "recognized_license_plate_score": 0.933451,   0-1
 *       "current_estimated_speed": 21.4,
 *       "velocity_angle": 180,                degrees, -180..180
 *       "score", "top_score", "box", "current_zones", ... ignored } }
 * There is no region and there are no candidates.
 *
 * A message gives a read only when `after` carries a plate. The read's id
 * leaves the frame time out (camera, event id and canonical plate only),
 * so the many repeats of one text are one read. When the text changed since
 * `before` (OCR improved over the pass), the new text is a new read flagged
 * frigate_update. captured_at_ms is the event's start_time, the same in
 * every message of the event, so the repeats are identical rows that the
 * store collapses (frame_time moves with each update, every 1-5 s, and
 * would leave one row per message). For a parked car start_time can be
 * well before the plate was read; it is still a time the car was there.
 * Without an event id the time goes back into the id: otherwise the same
 * car on the same camera a week later would be the same read.
 * velocity_angle is kept only when a speed was estimated: without speed
 * zones Frigate reports speed 0 and angle 0, which is no direction.
 */
import { plateCanon } from '../../../lib/plate.ts';
import type { ReadFlag } from '../../../schemas/types.ts';
import {
  confidence,
  direction,
  optNumber,
  optObject,
  optString,
  optText,
  reqObject,
} from '../fields.ts';
import { EMPTY_VEHICLE, type Adapter, type ReadDraft } from '../types.ts';
import { NO_COORDS, epochTime } from './common.ts';

const TYPES = new Set(['new', 'update', 'end']);

export const frigateEvents: Adapter = {
  vendor: 'frigate',
  format: 'frigate.events',
  matches: (doc) => typeof doc.type === 'string' && TYPES.has(doc.type) && 'after' in doc,
  extract(doc) {
    const after = reqObject(doc, 'after', '');
    const plate = optString(after, 'recognized_license_plate', 'after');
    if (plate === null || plateCanon(plate) === '') return [];
    const before = optObject(doc, 'before', '');
    const previous = before && optString(before, 'recognized_license_plate', 'before');
    const previousCanon = previous === null ? '' : plateCanon(previous);
    const flags: ReadFlag[] = [];
    if (previousCanon !== '' && previousCanon !== plateCanon(plate)) {
      flags.push('frigate_update');
    }
    const speed = optNumber(after, 'current_estimated_speed', 'after');
    const vendorEventId = optText(after, 'id', 'after');
    const draft: ReadDraft = {
      vendor: 'frigate',
      format: 'frigate.events',
      vendorEventId,
      plate,
      platePath: 'after.recognized_license_plate',
      regionRaw: null,
      time: epochTime(after, ['start_time', 'frame_time'], 'after', 'epoch_s'),
      cameraId: optText(after, 'camera', 'after'),
      coords: NO_COORDS,
      confidence: confidence(after, 'recognized_license_plate_score', 'after', 1),
      candidates: [],
      vehicle: {
        ...EMPTY_VEHICLE,
        direction: speed !== null && speed > 0 ? direction(after, 'velocity_angle', 'after') : null,
      },
      imageBase64: null,
      flags,
      timeInReadId: vendorEventId === null,
    };
    return [draft];
  },
};
