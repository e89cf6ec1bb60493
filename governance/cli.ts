/**
 * Governance commands for operators:
 *
 *   npx tsx governance/cli.ts verify <export-dir>     exit 0 when untouched, 1 listing each change,
 *                                                     2 when the path is no directory
 *   npx tsx governance/cli.ts purge                   remove exports past their expiry (audited)
 *   npx tsx governance/cli.ts sweep                   suspend inactive accounts, purge exports (audited)
 *   npx tsx governance/cli.ts bootstrap --username u --name "Given Family" --badge b --email e
 *                                       --trained-on 2026-11-30
 *       installation only: the first chief executive; prints the one-time enrolment code
 *   npx tsx governance/cli.ts totp < secret-file      current code for a TOTP secret (demo, tests)
 *
 * Settings come from the same ALPR_* variables as the pipeline. Commands
 * that change records write their audit events to the broker, so the broker
 * and the schema registry must be reachable; `verify` and `totp` need
 * neither. A gateway process owns an embedded store's directory: stop it
 * (or use a PostgreSQL server) before running store commands.
 */
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../lib/config.ts';
import { createLogger } from '../lib/log.ts';
import { createKafkaAuditLog } from '../gateway/audit.ts';
import { createRegistryClient } from '../schemas/registry.ts';
import { createSerdes } from '../schemas/serdes.ts';
import { createKafka } from '../topology/kafka.ts';
import { bootstrapChief } from './bootstrap.ts';
import type { GovernanceContext } from './context.ts';
import { loadExportKey, purgeExports, verifyExport } from './exports.ts';
import { openGovernance } from './index.ts';
import { runDuties } from './sweeper.ts';
import { totpCode } from './totp.ts';

const out = (s: string) => process.stdout.write(`${s}\n`);

async function withGovernance(
  config: Config,
  run: (ctx: GovernanceContext) => Promise<void>,
): Promise<void> {
  const logger = createLogger(config.logLevel);
  const kafka = createKafka(config, logger);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    const serdes = await createSerdes(createRegistryClient(config), { logger });
    const ctx = await openGovernance(config, createKafkaAuditLog(producer, serdes.auditEvent));
    try {
      await run(ctx);
    } finally {
      await ctx.db.close();
    }
  } finally {
    await producer.disconnect();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const config = loadConfig();
  switch (command) {
    case 'verify': {
      if (!rest[0]) throw new Error('usage: verify <export-dir>');
      // A path that is no directory is a mistyped argument, not an altered
      // export: said so, with its own exit status.
      if (!statSync(rest[0], { throwIfNoEntry: false })?.isDirectory()) {
        process.stderr.write(`no export at ${rest[0]}: not a directory\n`);
        return 2;
      }
      const problems = verifyExport(rest[0], loadExportKey(config.exportKeyFile));
      for (const p of problems) out(`${p.problem}\t${p.path}`);
      out(
        problems.length === 0
          ? 'export intact: every file matches the signed manifest'
          : 'export ALTERED',
      );
      return problems.length === 0 ? 0 : 1;
    }
    case 'totp': {
      const secret = readFileSync(0, 'utf8').trim();
      out(await totpCode(secret));
      return 0;
    }
    case 'purge':
      await withGovernance(config, async (ctx) => {
        const purged = await purgeExports(ctx, config.exportDir);
        out(`purged ${purged.length} expired export(s)`);
      });
      return 0;
    case 'sweep':
      await withGovernance(config, async (ctx) => {
        const r = await runDuties(ctx, config.exportDir);
        out(`suspended ${r.suspended} inactive account(s), purged ${r.purged} export(s)`);
      });
      return 0;
    case 'bootstrap': {
      const { values: v } = parseArgs({
        args: rest,
        options: {
          username: { type: 'string' },
          name: { type: 'string' },
          badge: { type: 'string' },
          email: { type: 'string' },
          agency: { type: 'string', default: config.agencyId },
          'trained-on': { type: 'string' },
        },
      });
      const trained = Date.parse(v['trained-on'] ?? '');
      if (!v.username || !v.name || !v.badge || !v.email || !Number.isFinite(trained)) {
        throw new Error(
          'usage: bootstrap --username --name --badge --email --trained-on YYYY-MM-DD',
        );
      }
      await withGovernance(config, async (ctx) => {
        const a = await bootstrapChief(
          ctx,
          {
            username: v.username!,
            name: v.name!,
            badge: v.badge!,
            email: v.email!,
            agency_id: v.agency!,
          },
          trained,
        );
        out(`chief executive ${a.account.username} is active.`);
        out(`one-time enrolment code (hand it to them in person; valid 72 h): ${a.enrolment_code}`);
      });
      return 0;
    }
    default:
      out('commands: verify <dir> | purge | sweep | bootstrap ... | totp < secret-file');
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    const code = (err as { code?: string })?.code ?? 'ERROR';
    process.stderr.write(`${err instanceof Error ? `${code}: ${err.message}` : String(err)}\n`);
    process.exit(1);
  },
);
