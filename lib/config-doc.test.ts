import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configSpec } from './config.ts';

describe('configuration docs', () => {
  it('README > every ALPR_* setting > documented in the configuration table', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const missing = Object.values(configSpec)
      .map((s) => s.env)
      .filter((env) => !readme.includes(`| \`${env}\` |`));
    expect(missing).toEqual([]);
  });
});
