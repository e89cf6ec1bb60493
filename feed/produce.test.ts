import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Producer } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { replayFiles } from './produce.ts';

const dir = mkdtempSync(join(tmpdir(), 'alpr-replay-'));
const file = join(dir, 'big.json');
writeFileSync(file, '{"x":1}');

function producer(send: Producer['send']): Producer {
  return { send } as Producer;
}

describe('replay', () => {
  it('replay > one file > one record with its name, bytes untouched', async () => {
    const sent: Parameters<Producer['send']>[0][] = [];
    const p = producer(async (r) => {
      sent.push(r);
      return [];
    });
    expect(await replayFiles(p, [file], { vendor: 'frigate' })).toBe(1);
    const m = sent[0]!.messages[0]!;
    expect(m.value?.toString()).toBe('{"x":1}');
    expect(m.headers).toMatchObject({ 'alpr-file': 'big.json', 'alpr-vendor': 'frigate' });
  });

  it('replay > broker refuses the record > error names the file and its size', async () => {
    const p = producer(async () => {
      throw new Error('The request included a message larger than the max message size');
    });
    const err = (await replayFiles(p, [file]).catch((e) => e)) as Error;
    expect(err.message).toMatch(/^sending big\.json \(7 bytes\) to alpr\.reads\.raw failed: /);
    expect(err.cause).toBeInstanceOf(Error);
  });
});
