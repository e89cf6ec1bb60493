/**
 * The periodic governance duties of a running gateway: suspend accounts
 * unused for the inactivity period and purge expired exports. Hourly: both
 * limits are counted in days, so an hour of lateness is under 0.05% of a
 * 90-day period. The same duties run on demand with `governance/cli.ts`.
 */
import type { Logger } from '../lib/log.ts';
import { suspendInactive } from './auth.ts';
import type { GovernanceContext } from './context.ts';
import { purgeExports } from './exports.ts';

export async function runDuties(ctx: GovernanceContext, exportDir: string) {
  const suspended = await suspendInactive(ctx);
  const purged = await purgeExports(ctx, exportDir);
  return { suspended: suspended.length, purged: purged.length };
}

export function startGovernanceSweeper(
  ctx: GovernanceContext,
  exportDir: string,
  logger: Logger,
  everyMs = 3_600_000,
): { stop(): void } {
  const tick = () =>
    void runDuties(ctx, exportDir)
      .then((r) => logger.info(r, 'governance duties done'))
      .catch((err) => logger.error({ err }, 'governance duties failed'));
  const first = setTimeout(tick, 5_000);
  const timer = setInterval(tick, everyMs);
  first.unref();
  timer.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}
