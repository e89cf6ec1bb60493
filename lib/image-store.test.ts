import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCodes, isAlprError } from './errors.ts';
import { createImageStore } from './image-store.ts';
import { metrics } from './metrics.ts';

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0xff, 0xd9]);

function tempRoot(): string {
  return mkdtempSync(join(tmpdir(), 'alpr-images-'));
}

async function storedCount(): Promise<number> {
  return (await metrics.imagesStored.get()).values[0]?.value ?? 0;
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('image store', () => {
  it('put > new bytes > written under ab/cd/<sha256>.jpg with sha and size', () => {
    const store = createImageStore(tempRoot());
    const sha = createHash('sha256').update(JPEG).digest('hex');
    const ref = store.put(JPEG);
    const path = `${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}.jpg`;
    expect(ref).toEqual({ ref: path, sha256: sha, size: 12 });
    expect(store.path(ref)).toBe(join(store.root, sha.slice(0, 2), sha.slice(2, 4), `${sha}.jpg`));
    expect(readFileSync(store.path(ref)).equals(JPEG)).toBe(true);
    // the temporary file was renamed, not left beside the image
    expect(readdirSync(join(store.root, sha.slice(0, 2), sha.slice(2, 4)))).toEqual([`${sha}.jpg`]);
  });

  it('put > same bytes twice > one file, same ref, counted once', async () => {
    const store = createImageStore(tempRoot());
    const before = await storedCount();
    const a = store.put(JPEG);
    const b = store.put(Buffer.from(JPEG));
    expect(b).toEqual(a);
    expect(await storedCount()).toBe(before + 1);
  });

  it('put > second store on the same root > finds the image, does not count it', async () => {
    const root = tempRoot();
    createImageStore(root).put(JPEG);
    const before = await storedCount();
    createImageStore(root).put(JPEG);
    expect(await storedCount()).toBe(before);
  });

  it('put > root is not a directory > STORE_UNAVAILABLE, retriable', () => {
    const file = join(tempRoot(), 'not-a-dir');
    writeFileSync(file, 'x');
    const err = thrown(() => createImageStore(file).put(JPEG));
    expect(isAlprError(err) && err.code).toBe(ErrorCodes.STORE_UNAVAILABLE);
    expect(isAlprError(err) && err.retriable).toBe(true);
  });

  const sha = 'a'.repeat(64);
  it.each([
    ['parent directory', '../../etc/passwd'],
    ['traversal inside a shard', `aa/aa/../../${sha}.jpg`],
    ['absolute path', `/aa/aa/${sha}.jpg`],
    ['upper-case digest', `AA/AA/${'A'.repeat(64)}.jpg`],
    ['wrong extension', `aa/aa/${sha}.png`],
    ['empty', ''],
  ])('path > %s > refused with INVALID_FIELD', (_name, ref) => {
    const err = thrown(() => createImageStore(tempRoot()).path(ref));
    expect(isAlprError(err) && err.code).toBe(ErrorCodes.INVALID_FIELD);
  });
});
