/**
 * Front door of the governance store: open the engine named by the
 * configuration (a PostgreSQL server when ALPR_POSTGRES_URL is set, else
 * embedded PGlite in ALPR_GOVERNANCE_PATH), apply migrations, seed the
 * purpose catalogue and the first training course when the store is empty.
 */
import { readFileSync } from 'node:fs';
import type { Config } from '../lib/config.ts';
import type { AuditLog } from '../gateway/audit.ts';
import { loadPurposes } from '../gateway/purposes.ts';
import { seedCatalogue } from './catalogue.ts';
import {
  recordAct,
  settingsFrom,
  type GovernanceContext,
  type GovernanceSettings,
} from './context.ts';
import { openPglite, openPostgres, type Db } from './db.ts';
import { migrate } from './migrate.ts';
import { currentCourse, REQUIRED_TOPICS } from './training.ts';

export type { GovernanceContext } from './context.ts';

const COURSE_FILE = new URL('../config/training-course.json', import.meta.url).pathname;

export async function openDb(config: Pick<Config, 'postgresUrl' | 'governancePath'>): Promise<Db> {
  return config.postgresUrl ? openPostgres(config.postgresUrl) : openPglite(config.governancePath);
}

/** Seeds the first course from config/training-course.json when none exists. */
export async function seedCourse(ctx: GovernanceContext, file = COURSE_FILE): Promise<void> {
  if (await currentCourse(ctx.db)) return;
  const c = JSON.parse(readFileSync(file, 'utf8')) as { title: string; topics: string[] };
  const topics = c.topics.filter((t) => (REQUIRED_TOPICS as readonly string[]).includes(t));
  await ctx.db.query(
    `INSERT INTO training_courses (version, title, topics, published_by, published_at_ms)
     VALUES (1, $1, $2, 'system:seed', $3) ON CONFLICT (version) DO NOTHING`,
    [c.title, JSON.stringify(topics), ctx.now()],
  );
  await recordAct(ctx, {
    action: 'training.course.publish',
    actor: 'system:seed',
    details: { version: 1 },
  });
}

export async function prepareGovernance(
  db: Db,
  audit: AuditLog,
  opts: { purposesFile: string; settings: GovernanceSettings; now?: () => number },
): Promise<GovernanceContext> {
  await migrate(db);
  const ctx: GovernanceContext = { db, audit, now: opts.now ?? Date.now, settings: opts.settings };
  await seedCatalogue(ctx, loadPurposes(opts.purposesFile));
  await seedCourse(ctx);
  return ctx;
}

export async function openGovernance(config: Config, audit: AuditLog): Promise<GovernanceContext> {
  const db = await openDb(config);
  try {
    return await prepareGovernance(db, audit, {
      purposesFile: config.purposesFile,
      settings: settingsFrom(config),
    });
  } catch (e) {
    await db.close();
    throw e;
  }
}
