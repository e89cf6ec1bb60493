/**
 * Reports of errors in ALPR data and of suspected or confirmed violations
 * of the policy. Any working account may file one (an analyst who sees a
 * misread plate, a colleague who suspects a search was personal); it is
 * stored, opens an item in the review queue and is audited. Reports are
 * read by the chief executive, auditors and the outside oversight body,
 * never by other users; the audit event carries the references, not the
 * free text.
 */
import { AlprError, ErrorCodes } from '../lib/errors.ts';
import type { User } from '../gateway/identity.ts';
import { findAccount } from './accounts.ts';
import { flagForReview } from './catalogue.ts';
import { recordAct, requireRole, type GovernanceContext } from './context.ts';

export const REPORT_KINDS = ['data_error', 'policy_violation'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const SUMMARY_MIN = 10;
export const SUMMARY_MAX = 4000;

export interface ReportInput {
  kind: string;
  summary: string;
  read_id?: string | null;
  hit_id?: string | null;
  audit_event_id?: string | null;
  subject_username?: string | null;
}

export interface Report {
  report_id: number;
  kind: ReportKind;
  reporter: string;
  summary: string;
  read_id: string | null;
  hit_id: string | null;
  audit_event_id: string | null;
  subject_username: string | null;
  review_id: number;
  created_at_ms: number;
  /** From the review queue: null while open. */
  resolved_by: string | null;
  resolution: string | null;
}

function invalid(field: string, message: string): AlprError {
  return new AlprError(ErrorCodes.REPORT_INVALID, message, { context: { field } });
}

const ref = (v: string | null | undefined) => (v && v.trim() !== '' ? v.trim() : null);

/** Files one report; returns it with the id of its review item. */
export async function fileReport(
  ctx: GovernanceContext,
  actor: User,
  input: ReportInput,
): Promise<Report> {
  if (!(REPORT_KINDS as readonly string[]).includes(input.kind)) {
    throw invalid('kind', `kind must be one of ${REPORT_KINDS.join(', ')}`);
  }
  const kind = input.kind as ReportKind;
  const summary = input.summary.trim();
  if (summary.length < SUMMARY_MIN || summary.length > SUMMARY_MAX) {
    throw invalid(
      'summary',
      `summary must say what happened in ${SUMMARY_MIN} to ${SUMMARY_MAX} characters`,
    );
  }
  const subject = ref(input.subject_username)?.toLowerCase() ?? null;
  if (subject !== null && !(await findAccount(ctx.db, subject))) {
    throw invalid('subject_username', `no account is named ${subject}`);
  }
  const refs = {
    read_id: ref(input.read_id),
    hit_id: ref(input.hit_id),
    audit_event_id: ref(input.audit_event_id),
    subject_username: subject,
  };
  const now = ctx.now();
  // The review item and the report are written together or not at all.
  const { reviewId, reportId } = await ctx.db.tx(async (db) => {
    const reviewId = await flagForReview(db, {
      kind: `report.${kind}`,
      user_id: actor.user_id,
      purpose: null,
      case_number: null,
      audit_event_id: refs.audit_event_id,
      now,
    });
    const [row] = await db.query<{ report_id: unknown }>(
      `INSERT INTO reports (kind, reporter, summary, read_id, hit_id, audit_event_id,
                            subject_username, review_id, created_at_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING report_id`,
      [
        kind,
        actor.user_id,
        summary,
        refs.read_id,
        refs.hit_id,
        refs.audit_event_id,
        refs.subject_username,
        reviewId,
        now,
      ],
    );
    return { reviewId, reportId: Number(row!.report_id) };
  });
  await recordAct(ctx, {
    action: 'report.file',
    actor: actor.user_id,
    details: { report_id: reportId, review_id: reviewId, kind, ...refs },
  });
  return {
    report_id: reportId,
    kind,
    reporter: actor.user_id,
    summary,
    ...refs,
    review_id: reviewId,
    created_at_ms: now,
    resolved_by: null,
    resolution: null,
  };
}

/** Reports, newest first, with their review state (chief executive, auditor, oversight). */
export async function listReports(
  ctx: GovernanceContext,
  actor: User,
  opts: { open?: boolean } = {},
): Promise<Report[]> {
  requireRole(actor, 'chief_executive', 'auditor', 'oversight');
  const rows = await ctx.db.query<Record<string, unknown>>(
    `SELECT r.*, q.resolved_by, q.resolution
       FROM reports r JOIN review_queue q ON q.review_id = r.review_id
      ${opts.open ? 'WHERE q.resolved_at_ms IS NULL' : ''}
      ORDER BY r.report_id DESC`,
  );
  return rows.map((r) => ({
    report_id: Number(r.report_id),
    kind: r.kind as ReportKind,
    reporter: r.reporter as string,
    summary: r.summary as string,
    read_id: (r.read_id as string | null) ?? null,
    hit_id: (r.hit_id as string | null) ?? null,
    audit_event_id: (r.audit_event_id as string | null) ?? null,
    subject_username: (r.subject_username as string | null) ?? null,
    review_id: Number(r.review_id),
    created_at_ms: Number(r.created_at_ms),
    resolved_by: (r.resolved_by as string | null) ?? null,
    resolution: (r.resolution as string | null) ?? null,
  }));
}
