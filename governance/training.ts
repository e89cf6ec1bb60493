/**
 * Training before access (policy, "Training & Accountability"): versioned
 * courses that must cover every required topic, and completion records with
 * a date and an expiry (12 months by default). Only a completion of the
 * current course version counts; publishing a new version means everyone
 * retakes it, and access lapses the moment a completion expires.
 */
import { AlprError, ErrorCodes } from '../lib/errors.ts';
import type { User } from '../gateway/identity.ts';
import { recordAct, requireRole, type GovernanceContext } from './context.ts';
import type { Db } from './db.ts';

/** The topics the policy names; a course missing one is refused. */
export const REQUIRED_TOPICS = [
  'permissible_uses',
  'security_and_privacy',
  'sanctions_for_misuse',
  'hit_verification',
  'legal_obligations',
  'reporting_violations',
  'penalties',
] as const;

export interface Course {
  version: number;
  title: string;
  topics: string[];
  published_at_ms: number;
}

export interface TrainingStatus {
  current_version: number | null;
  completed_at_ms: number | null;
  expires_at_ms: number | null;
  current: boolean;
}

export function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.getTime();
}

export async function currentCourse(db: Db): Promise<Course | null> {
  const [r] = await db.query<Record<string, unknown>>(
    'SELECT version, title, topics, published_at_ms FROM training_courses ORDER BY version DESC LIMIT 1',
  );
  if (!r) return null;
  return {
    version: Number(r.version),
    title: r.title as string,
    topics: JSON.parse(r.topics as string) as string[],
    published_at_ms: Number(r.published_at_ms),
  };
}

export async function publishCourse(
  ctx: GovernanceContext,
  actor: User,
  course: { title: string; topics: string[] },
): Promise<Course> {
  requireRole(actor, 'program_admin', 'chief_executive');
  const missing = REQUIRED_TOPICS.filter((t) => !course.topics?.includes(t));
  if (!course.title?.trim() || missing.length > 0) {
    throw new AlprError(
      ErrorCodes.TRAINING_COURSE_INVALID,
      'a course needs a title and every required topic',
      {
        context: { field: 'topics', missing },
      },
    );
  }
  const at = ctx.now();
  const version = await ctx.db.tx(async (t) => {
    const [r] = await t.query<{ v: unknown }>(
      'SELECT coalesce(max(version), 0) + 1 AS v FROM training_courses',
    );
    const v = Number(r!.v);
    await t.query(
      'INSERT INTO training_courses (version, title, topics, published_by, published_at_ms) VALUES ($1,$2,$3,$4,$5)',
      [v, course.title.trim(), JSON.stringify(course.topics), actor.user_id, at],
    );
    return v;
  });
  await recordAct(ctx, {
    action: 'training.course.publish',
    actor: actor.user_id,
    details: { version },
  });
  return { version, title: course.title.trim(), topics: course.topics, published_at_ms: at };
}

export async function trainingStatus(
  db: Db,
  accountId: string,
  now: number,
): Promise<TrainingStatus> {
  const course = await currentCourse(db);
  if (!course)
    return {
      current_version: null,
      completed_at_ms: null,
      expires_at_ms: null,
      current: false,
    };
  const [r] = await db.query<Record<string, unknown>>(
    `SELECT completed_at_ms, expires_at_ms FROM training_completions
      WHERE account_id = $1 AND course_version = $2 ORDER BY expires_at_ms DESC LIMIT 1`,
    [accountId, course.version],
  );
  const expires = r ? Number(r.expires_at_ms) : null;
  return {
    current_version: course.version,
    completed_at_ms: r ? Number(r.completed_at_ms) : null,
    expires_at_ms: expires,
    current: expires !== null && expires > now,
  };
}

/** TRAINING_REQUIRED unless the current course is completed and not expired. */
export async function requireTraining(
  db: Db,
  accountId: string,
  now: number,
): Promise<TrainingStatus> {
  const s = await trainingStatus(db, accountId, now);
  if (!s.current) {
    throw new AlprError(
      ErrorCodes.TRAINING_REQUIRED,
      s.expires_at_ms !== null && s.expires_at_ms <= now
        ? 'training has expired; the current course must be completed again'
        : 'the current training course has not been completed',
      { context: { current_version: s.current_version, expires_at_ms: s.expires_at_ms } },
    );
  }
  return s;
}

export async function recordCompletion(
  ctx: GovernanceContext,
  actor: User,
  rec: { username: string; course_version: number; completed_at_ms?: number },
): Promise<TrainingStatus> {
  requireRole(actor, 'program_admin');
  if (rec.username.trim().toLowerCase() === actor.user_id) {
    throw new AlprError(
      ErrorCodes.SELF_APPROVAL,
      'you cannot record your own training; another administrator must',
      { context: { field: 'username' } },
    );
  }
  const now = ctx.now();
  const completed = rec.completed_at_ms ?? now;
  if (!Number.isFinite(completed) || completed > now) {
    throw new AlprError(ErrorCodes.QUERY_INVALID, 'completed_at must be a past time', {
      context: { field: 'completed_at' },
    });
  }
  const [acct] = await ctx.db.query<{ account_id: string; status: string }>(
    'SELECT account_id, status FROM accounts WHERE username = $1',
    [rec.username],
  );
  if (!acct || acct.status === 'removed' || acct.status === 'refused') {
    throw new AlprError(ErrorCodes.ACCOUNT_NOT_FOUND, 'no such account', {
      context: { field: 'username' },
    });
  }
  const [course] = await ctx.db.query('SELECT 1 FROM training_courses WHERE version = $1', [
    rec.course_version,
  ]);
  if (!course) {
    throw new AlprError(ErrorCodes.TRAINING_COURSE_INVALID, 'no course has this version', {
      context: { field: 'course_version' },
    });
  }
  const expires = addMonths(completed, ctx.settings.trainingValidMonths);
  await ctx.db.query(
    `INSERT INTO training_completions
       (account_id, course_version, completed_at_ms, expires_at_ms, recorded_by, recorded_at_ms)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [acct.account_id, rec.course_version, completed, expires, actor.user_id, now],
  );
  await recordAct(ctx, {
    action: 'training.record',
    actor: actor.user_id,
    details: {
      username: rec.username,
      course_version: rec.course_version,
      completed_at_ms: completed,
      expires_at_ms: expires,
    },
  });
  return trainingStatus(ctx.db, acct.account_id, now);
}
