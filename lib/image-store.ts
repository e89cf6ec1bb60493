/**
 * The one designated place where plate images are kept (policy: "designate
 * a single location ... that ALPR images can be downloaded and retrieved").
 * Images never travel on the bus; a read carries {ref, sha256, size}.
 *
 * Layout: <root>/ab/cd/<sha256>.jpg, where ab and cd are the first two byte
 * pairs of the hex digest. Two levels of 256 shards keep a directory near
 * 150 files at 10 million images instead of 10 million in one directory.
 *
 * Content addressed, so put() is idempotent: the same bytes always give the
 * same ref, and an image already present is not written again. A new file
 * is written to a temporary name in its shard and renamed into place, so a
 * reader never sees a half-written image and a crash leaves at most a stray
 * temporary file. Two writers racing on the same bytes both rename identical
 * content; imagesStored may then count that image twice (known limit).
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ImageRef } from '../schemas/types.ts';
import { AlprError, ErrorCodes } from './errors.ts';
import { metrics } from './metrics.ts';

export type { ImageRef };

export interface ImageStore {
  /** Absolute root directory of the store. */
  readonly root: string;
  /** Store the bytes (once) and return where they are. */
  put(bytes: Buffer): ImageRef;
  /** Absolute path of a stored image; refuses refs that are not store refs. */
  path(ref: ImageRef | string): string;
}

const REF = /^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}\.jpg$/;

export function refFor(sha256: string): string {
  return `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}.jpg`;
}

export function createImageStore(rootDir: string): ImageStore {
  const root = resolve(rootDir);

  function path(ref: ImageRef | string): string {
    const r = typeof ref === 'string' ? ref : ref.ref;
    // A ref comes from a read that anyone could have produced onto the bus;
    // only the exact shape put() makes may become a path (no "..", no "/").
    if (!REF.test(r)) {
      throw new AlprError(ErrorCodes.INVALID_FIELD, 'not an image store reference', {
        context: { field: 'image.ref' },
      });
    }
    return join(root, ...r.split('/'));
  }

  function put(bytes: Buffer): ImageRef {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const ref = refFor(sha256);
    const file = path(ref);
    const image: ImageRef = { ref, sha256, size: bytes.length };
    if (existsSync(file)) return image;
    const dir = join(root, sha256.slice(0, 2), sha256.slice(2, 4));
    const tmp = join(dir, `.${sha256}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      mkdirSync(dir, { recursive: true });
      writeFileSync(tmp, bytes, { flag: 'wx' });
      renameSync(tmp, file);
    } catch (cause) {
      try {
        rmSync(tmp, { force: true });
      } catch {
        // left behind as a stray .tmp file; the original fault is what matters
      }
      // A full disk or a lost mount passes; the runtime retries the batch.
      throw new AlprError(ErrorCodes.STORE_UNAVAILABLE, 'could not write to the image store', {
        retriable: true,
        cause,
        context: { root, ref },
      });
    }
    metrics.imagesStored.inc();
    return image;
  }

  return { root, put, path };
}
