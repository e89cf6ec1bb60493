import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAlprError } from './errors.ts';
import { readJsonConfig } from './json-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'alpr-json-file-'));

function failure(file: string): { code: string; message: string } {
  try {
    readJsonConfig(file, 'camera registry', 'ALPR_CAMERAS_FILE');
  } catch (err) {
    if (isAlprError(err)) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('expected readJsonConfig to throw');
}

describe('readJsonConfig', () => {
  it('returns the parsed document', () => {
    const file = join(dir, 'ok.json');
    writeFileSync(file, '{"cameras":[]}');
    expect(readJsonConfig(file, 'camera registry', 'ALPR_CAMERAS_FILE')).toEqual({ cameras: [] });
  });

  it.each([
    ['a missing file', join(dir, 'absent.json'), /ENOENT/],
    ['malformed JSON', join(dir, 'bad.json'), /JSON/],
    ['an empty file', join(dir, 'empty.json'), /JSON/],
  ])('%s: CONFIG_INVALID naming the file, the reason and the key', (_, file, reason) => {
    writeFileSync(join(dir, 'bad.json'), '{"cameras": [');
    writeFileSync(join(dir, 'empty.json'), '');
    const f = failure(file);
    expect(f.code).toBe('CONFIG_INVALID');
    expect(f.message).toContain(file);
    expect(f.message).toContain('ALPR_CAMERAS_FILE');
    expect(f.message).toMatch(reason);
  });
});
