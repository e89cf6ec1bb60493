/**
 * One entry of a Plate Recognizer `results` array, the same in Snapshot
 * (cloud and on-prem) and Stream. Two layouts exist:
 *
 * Plate mode (the default):
 *   { "plate": "ktr4821",                lower case -> plate_raw as sent
 *     "score": 0.902,                    OCR confidence 0-1
 *     "dscore": 0.766,                   detection score, ignored
 *     "region": {"code": "us-oh", "score": 0.859},
 *     "candidates": [{"plate": "ktr482l", "score": 0.871}],  Stream: no score
 *     "vehicle": {"type": "Sedan", "score": 0.778, "box": {...}},
 *     "model_make": [{"make": "Honda", "model": "Civic", "score": 0.4}],  optional
 *     "color": [{"color": "silver", "score": 0.7}],                       optional
 *     "direction": 196 | "" | null,      degrees, Stream and newer Snapshot
 *     "box", "source_url", "position_sec", ... ignored }
 *
 * Vehicle mode (detection_mode=vehicle), a vehicle with its plate if seen:
 *   { "plate": { "type": "Plate", "score": 0.9, "box": {...},
 *                "props": { "plate": [{"value": "nhk552", "score": 0.9}, ...],
 *                           "region": [{"value": "gb", "score": 0.9}] } } | null,
 *     "vehicle": { "type": "Sedan", "props": {
 *                  "make_model": [{"make": "Riley", "model": "RMF", "score": 0.3}],
 *                  "color": [{"value": "black", "score": 0.9}] } },
 *     "direction": ... }
 *   A vehicle-mode entry whose plate is null saw no plate: it gives no read.
 */
import type { Candidate, Vehicle } from '../../../schemas/types.ts';
import {
  at,
  candidates,
  confidence,
  direction,
  invalidField,
  isObj,
  optArray,
  optObject,
  optString,
  optText,
  type Obj,
} from '../fields.ts';
import { MAX_CANDIDATES } from '../fields.ts';

export interface ResultParts {
  plate: string | null;
  platePath: string;
  regionRaw: string | null;
  confidence: number | null;
  candidates: Candidate[];
  vehicle: Vehicle;
}

function firstOf(o: Obj | null, key: string, base: string): { item: Obj; path: string } | null {
  if (o === null) return null;
  const list = optArray(o, key, base);
  if (list === null || list.length === 0) return null;
  const path = at(at(base, key), 0);
  if (!isObj(list[0])) throw invalidField(path, 'an object');
  return { item: list[0], path };
}

function vehicleOf(r: Obj, base: string, props: boolean): Vehicle {
  const v = optObject(r, 'vehicle', base);
  const vBase = at(base, 'vehicle');
  // In vehicle mode the attributes sit in vehicle.props, else beside it.
  const attrs = props ? (v === null ? null : optObject(v, 'props', vBase)) : r;
  const attrBase = props ? at(vBase, 'props') : base;
  const mm = firstOf(attrs, props ? 'make_model' : 'model_make', attrBase);
  const color = firstOf(attrs, 'color', attrBase);
  return {
    make: mm === null ? null : optText(mm.item, 'make', mm.path),
    model: mm === null ? null : optText(mm.item, 'model', mm.path),
    color: color === null ? null : optText(color.item, props ? 'value' : 'color', color.path),
    body_type: v === null ? null : optText(v, 'type', vBase),
    year: null,
    direction: direction(r, 'direction', base),
  };
}

function plateMode(r: Obj, base: string): ResultParts {
  let regionRaw: string | null = null;
  if (typeof r.region === 'string') {
    regionRaw = r.region;
  } else {
    const region = optObject(r, 'region', base);
    regionRaw = region === null ? null : optString(region, 'code', at(base, 'region'));
  }
  return {
    plate: optString(r, 'plate', base),
    platePath: at(base, 'plate'),
    regionRaw,
    confidence: confidence(r, 'score', base, 1),
    candidates: candidates(r, 'candidates', base, 'score', 1),
    vehicle: vehicleOf(r, base, false),
  };
}

function vehicleMode(plateObj: Obj, r: Obj, base: string): ResultParts {
  const pBase = at(base, 'plate');
  const props = optObject(plateObj, 'props', pBase) ?? {};
  const propsBase = at(pBase, 'props');
  const list = optArray(props, 'plate', propsBase) ?? [];
  const cands: Candidate[] = [];
  for (let i = 0; i < list.length && cands.length < MAX_CANDIDATES; i++) {
    const path = at(at(propsBase, 'plate'), i);
    const c = list[i];
    if (!isObj(c)) throw invalidField(path, 'an object');
    const value = optString(c, 'value', path);
    if (value !== null && value.trim() !== '') {
      cands.push({ plate: value, confidence: confidence(c, 'score', path, 1) });
    }
  }
  const region = firstOf(props, 'region', propsBase);
  const best = cands[0];
  return {
    plate: best?.plate ?? null,
    platePath: at(at(propsBase, 'plate'), 0),
    regionRaw: region === null ? null : optString(region.item, 'value', region.path),
    confidence: best?.confidence ?? null,
    candidates: cands,
    vehicle: vehicleOf(r, base, true),
  };
}

/** Null for a vehicle-mode entry that saw no plate. */
export function resultParts(r: unknown, base: string): ResultParts | null {
  if (!isObj(r)) throw invalidField(base, 'an object');
  if (isObj(r.plate)) return vehicleMode(r.plate, r, base);
  if (r.plate === null && isObj(r.vehicle) && isObj(r.vehicle.props)) return null;
  return plateMode(r, base);
}

/** Every entry of `results` that carries a plate, with its path. */
export function resultsParts(o: Obj, base: string): ResultParts[] {
  const results = optArray(o, 'results', base);
  if (results === null) throw invalidField(at(base, 'results'), 'an array');
  const out: ResultParts[] = [];
  results.forEach((r, i) => {
    const parts = resultParts(r, at(at(base, 'results'), i));
    if (parts !== null) out.push(parts);
  });
  return out;
}
