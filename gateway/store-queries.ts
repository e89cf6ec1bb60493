/**
 * The gateway's read queries, served by the ClickHouse store. The store
 * checks every parameter (QUERY_INVALID naming the field) and never returns
 * a read past its retention.
 */
import { readsByCamera, readsByPlate, readsInArea, type ClickHouseEngine } from '../store/index.ts';
import type { ReadQueries } from './server.ts';

export function storeQueries(engine: ClickHouseEngine): ReadQueries {
  return {
    byPlate: (q) => readsByPlate(engine, q),
    byCamera: (q) => readsByCamera(engine, q),
    inArea: (q) => readsInArea(engine, q),
  };
}
