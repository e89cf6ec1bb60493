/**
 * Two test tiers, both run by `npm test` (CI) and separately with
 * `vitest run --project unit` or `--project integration`:
 *
 * - unit: `*.test.ts`, no network, milliseconds each.
 * - integration: `*.int.test.ts`, against the real local broker (see
 *   infra/README.md) and the embedded engines. Each test uses its own topic,
 *   group and table names, so files run in parallel. A broker start, group
 *   join or first chDB query can take seconds on a 2-core machine, hence 60 s.
 */
import { defineConfig } from 'vitest/config';

const exclude = ['**/node_modules/**', '**/.git/**', '**/.cache/**', '**/.data/**', '**/dist/**'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: [...exclude, '**/*.int.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['**/*.int.test.ts'],
          exclude,
          // a process per file: a native addon (chdb) or a stuck socket stays in its own file
          pool: 'forks',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
