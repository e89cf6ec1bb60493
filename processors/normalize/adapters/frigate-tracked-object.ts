/**
 * Frigate NVR MQTT topic `frigate/tracked_object_update`,
 * `frigate.tracked_object_update`. Messages of several types share the
 * topic; only "lpr" carries a plate, the others (description, face, ...)
 * give no read.
 *
 *   { "type": "lpr",
 *     "id": "1717003190.475377-ab12cd",   the tracked object's event id
 *     "camera": "driveway",
 *     "plate": "KTR4821",
 *     "score": 0.95,                      0-1
 *     "name": "Neighbour van" | null,     set when the plate is on the
 *                                         owner's known-plates list
 *     "timestamp": 1717003198.748393 }    float epoch SECONDS
 *
 * The read id is built as for frigate/events (camera, event id, canonical
 * plate; the time only when the id is absent), so this message and the
 * event that carries the same plate are one read. `name` is the owner's
 * label for the vehicle, not kept; it sets the known_plate flag.
 */
import type { ReadFlag } from '../../../schemas/types.ts';
import { confidence, optString, optText } from '../fields.ts';
import { EMPTY_VEHICLE, type Adapter, type ReadDraft } from '../types.ts';
import { NO_COORDS, epochTime } from './common.ts';

export const frigateTrackedObject: Adapter = {
  vendor: 'frigate',
  format: 'frigate.tracked_object_update',
  matches: (doc) =>
    typeof doc.type === 'string' && !('after' in doc) && 'id' in doc && 'camera' in doc,
  extract(doc) {
    if (doc.type !== 'lpr') return [];
    const flags: ReadFlag[] = [];
    if (optText(doc, 'name', '') !== null) flags.push('known_plate');
    const vendorEventId = optText(doc, 'id', '');
    const draft: ReadDraft = {
      vendor: 'frigate',
      format: 'frigate.tracked_object_update',
      vendorEventId,
      plate: optString(doc, 'plate', ''),
      platePath: 'plate',
      regionRaw: null,
      time: epochTime(doc, ['timestamp'], '', 'epoch_s'),
      cameraId: optText(doc, 'camera', ''),
      coords: NO_COORDS,
      confidence: confidence(doc, 'score', '', 1),
      candidates: [],
      vehicle: { ...EMPTY_VEHICLE },
      imageBase64: null,
      flags,
      timeInReadId: vendorEventId === null,
    };
    return [draft];
  },
};
