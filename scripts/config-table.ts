/**
 * Prints the configuration table of the README from lib/config.ts, the one
 * place settings are declared: `npx tsx scripts/config-table.ts`.
 */
import { configSpec } from '../lib/config.ts';

const rows = Object.values(configSpec).map((s) => {
  const def = Array.isArray(s.default) ? s.default.join(',') : String(s.default);
  return `| \`${s.env}\` | \`${def === '' ? '(empty)' : def}\` | ${s.doc} |`;
});
process.stdout.write(
  ['| variable | default | meaning |', '| --- | --- | --- |', ...rows].join('\n') + '\n',
);
