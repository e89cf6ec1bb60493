/**
 * Entry point of the pipeline process.
 *
 *   tsx topology/main.ts [--roles normalize,match-tag,store,gateway]
 *
 * Configuration comes from ALPR_* variables (README "Configuration").
 * SIGINT or SIGTERM stop it cleanly: buffered rows are written and offsets
 * committed, so the next start resumes where this one stopped.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../lib/config.ts';
import { isAlprError } from '../lib/errors.ts';
import { createLogger } from '../lib/log.ts';
import { ROLES, startApp, type Role } from './app.ts';

const logger = createLogger();

function parseRoles(raw: string | undefined): Role[] {
  if (!raw) return [...ROLES];
  const roles = raw.split(',').map((s) => s.trim());
  const bad = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (bad.length > 0)
    throw new Error(`unknown role(s) ${bad.join(', ')}; choose from ${ROLES.join(', ')}`);
  return roles as Role[];
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { roles: { type: 'string' } } });
  const config = loadConfig();
  const app = await startApp(config, logger, parseRoles(values.roles));
  logger.info({ gateway: app.gatewayUrl }, 'pipeline running; Ctrl-C to stop');
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await app.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  if (isAlprError(err)) logger.fatal({ code: err.code, context: err.context }, err.message);
  else logger.fatal({ err }, 'pipeline failed to start');
  process.exit(1);
});
