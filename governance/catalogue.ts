/**
 * The purpose catalogue as a versioned record in the governance store
 * (policy, "Permissible Use": enumerate the specific criminal-justice
 * purposes, prohibit all others, identify what may not be sought). The
 * first version is seeded from config/purposes.json; a chief executive
 * publishes later versions, each kept, each an audit event naming what
 * changed. Requests naming a prohibited use are refused by the gateway and
 * put on the review queue here.
 */
import { AlprError, ErrorCodes } from '../lib/errors.ts';
import type { User } from '../gateway/identity.ts';
import { parseCatalogue, type PurposeCatalogue } from '../gateway/purposes.ts';
import { recordAct, requireRole, type GovernanceContext } from './context.ts';
import type { Db } from './db.ts';

export async function currentCatalogue(db: Db): Promise<PurposeCatalogue | null> {
  const [r] = await db.query<{ version: unknown; document: string }>(
    'SELECT version, document FROM purpose_catalogues ORDER BY version DESC LIMIT 1',
  );
  if (!r) return null;
  return { ...(JSON.parse(r.document) as PurposeCatalogue), version: Number(r.version) };
}

/** First start: the file becomes version 1 (or its own version). Later starts keep the store's. */
export async function seedCatalogue(ctx: GovernanceContext, fileCatalogue: PurposeCatalogue) {
  const existing = await currentCatalogue(ctx.db);
  if (existing) return existing;
  const version = fileCatalogue.version;
  const { version: _v, ...doc } = fileCatalogue;
  await ctx.db.query(
    `INSERT INTO purpose_catalogues (version, document, published_by, published_at_ms)
     VALUES ($1, $2, 'system:seed', $3) ON CONFLICT (version) DO NOTHING`,
    [version, JSON.stringify(doc), ctx.now()],
  );
  await recordAct(ctx, { action: 'catalogue.seed', actor: 'system:seed', details: { version } });
  return (await currentCatalogue(ctx.db))!;
}

const ids = (c: PurposeCatalogue | null, k: 'permitted' | 'prohibited' | 'not_sought') =>
  new Set((c?.[k] ?? []).map((e) => e.id));

export async function publishCatalogue(
  ctx: GovernanceContext,
  actor: User,
  doc: unknown,
): Promise<PurposeCatalogue> {
  requireRole(actor, 'chief_executive');
  const parsed = parseCatalogue(doc, 'catalogue', ErrorCodes.CATALOGUE_INVALID);
  const before = await currentCatalogue(ctx.db);
  // Prohibitions only grow: one person must not turn a prohibited use
  // (immigration enforcement, say) into a permitted one by publishing.
  const dropped = [...ids(before, 'prohibited')].filter((x) => !ids(parsed, 'prohibited').has(x));
  if (dropped.length > 0) {
    throw new AlprError(
      ErrorCodes.CATALOGUE_INVALID,
      `a prohibited use cannot be withdrawn or permitted: ${dropped.join(', ')}`,
      { context: { field: 'prohibited', ids: dropped } },
    );
  }
  const { version: _v, ...body } = parsed;
  const version = await ctx.db.tx(async (t) => {
    const [r] = await t.query<{ v: unknown }>(
      'SELECT coalesce(max(version), 0) + 1 AS v FROM purpose_catalogues',
    );
    const v = Number(r!.v);
    await t.query(
      'INSERT INTO purpose_catalogues (version, document, published_by, published_at_ms) VALUES ($1, $2, $3, $4)',
      [v, JSON.stringify(body), actor.user_id, ctx.now()],
    );
    return v;
  });
  const diff: Record<string, { added: string[]; removed: string[] }> = {};
  for (const k of ['permitted', 'prohibited', 'not_sought'] as const) {
    const a = ids(before, k);
    const b = ids(parsed, k);
    diff[k] = { added: [...b].filter((x) => !a.has(x)), removed: [...a].filter((x) => !b.has(x)) };
  }
  await recordAct(ctx, {
    action: 'catalogue.change',
    actor: actor.user_id,
    details: { from_version: before?.version ?? null, version, ...diff },
  });
  return { ...parsed, version };
}

export interface ReviewItem {
  review_id: number;
  kind: string;
  user_id: string | null;
  purpose: string | null;
  case_number: string | null;
  audit_event_id: string | null;
  created_at_ms: number;
  resolved_by: string | null;
  resolution: string | null;
}

/** A request that must be looked at by a person (a prohibited use named). */
export async function flagForReview(
  db: Db,
  item: {
    kind: string;
    user_id: string | null;
    purpose: string | null;
    case_number: string | null;
    audit_event_id: string | null;
    now: number;
  },
): Promise<number> {
  const [r] = await db.query<{ review_id: unknown }>(
    `INSERT INTO review_queue (kind, account_id, purpose, case_number, audit_event_id, created_at_ms)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING review_id`,
    [item.kind, item.user_id, item.purpose, item.case_number, item.audit_event_id, item.now],
  );
  return Number(r!.review_id);
}

export async function listReviews(db: Db, open = true): Promise<ReviewItem[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT * FROM review_queue ${open ? 'WHERE resolved_at_ms IS NULL' : ''} ORDER BY review_id`,
  );
  return rows.map((r) => ({
    review_id: Number(r.review_id),
    kind: r.kind as string,
    user_id: (r.account_id as string | null) ?? null,
    purpose: (r.purpose as string | null) ?? null,
    case_number: (r.case_number as string | null) ?? null,
    audit_event_id: (r.audit_event_id as string | null) ?? null,
    created_at_ms: Number(r.created_at_ms),
    resolved_by: (r.resolved_by as string | null) ?? null,
    resolution: (r.resolution as string | null) ?? null,
  }));
}

/** A person who looked at a flagged request records the outcome; audited. */
export async function resolveReview(
  ctx: GovernanceContext,
  actor: User,
  reviewId: number,
  resolution: string,
): Promise<ReviewItem> {
  requireRole(actor, 'chief_executive', 'auditor', 'oversight');
  // Nobody closes an item about themselves: one they raised (a request, a
  // report they filed) or a report naming them; another reviewer must.
  const [about] = await ctx.db.query<{ user_id: string | null; subject: string | null }>(
    `SELECT q.account_id AS user_id, r.subject_username AS subject
       FROM review_queue q LEFT JOIN reports r ON r.review_id = q.review_id
      WHERE q.review_id = $1`,
    [reviewId],
  );
  if (about && (about.subject === actor.user_id || about.user_id === actor.user_id)) {
    throw new AlprError(
      ErrorCodes.SELF_APPROVAL,
      'you cannot resolve a review item about yourself; another reviewer or oversight must',
      { context: { field: 'review_id', review_id: reviewId } },
    );
  }
  const rows = await ctx.db.query<{ review_id: unknown }>(
    `UPDATE review_queue SET resolved_by = $2, resolved_at_ms = $3, resolution = $4
      WHERE review_id = $1 AND resolved_at_ms IS NULL RETURNING review_id`,
    [reviewId, actor.user_id, ctx.now(), resolution.slice(0, 2000)],
  );
  if (rows.length === 0) {
    throw new AlprError(ErrorCodes.ACCOUNT_STATE_INVALID, 'no open review item with this id', {
      context: { field: 'review_id', review_id: reviewId },
    });
  }
  await recordAct(ctx, {
    action: 'review.resolve',
    actor: actor.user_id,
    details: { review_id: reviewId },
  });
  return (await listReviews(ctx.db, false)).find((r) => r.review_id === reviewId)!;
}
