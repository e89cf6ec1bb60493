/**
 * Reporting errors in ALPR data and suspected or confirmed violations of
 * the policy: any signed-in account files a report (POST /v1/reports); the
 * chief executive, auditors and oversight read them (GET /v1/admin/reports)
 * and close them through the review queue. Filing is audited by the
 * workflow (governance/reports.ts), a refusal by the gateway's error handler.
 */
import type { FastifyInstance } from 'fastify';
import type { GovernanceContext } from '../governance/context.ts';
import {
  fileReport,
  listReports,
  REPORT_KINDS,
  SUMMARY_MAX,
  type ReportInput,
} from '../governance/reports.ts';
import type { GatewayKit } from './server.ts';
import { errorResponse } from './schemas.ts';

const id = { type: 'string', maxLength: 128 } as const;

export function registerReportRoutes(
  app: FastifyInstance,
  ctx: GovernanceContext,
  kit: GatewayKit,
): void {
  app.post<{ Body: ReportInput }>(
    '/v1/reports',
    {
      config: { action: 'report.file' },
      schema: {
        summary: 'Report an error in ALPR data or a suspected or confirmed policy violation',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['kind', 'summary'],
          properties: {
            kind: { type: 'string', enum: [...REPORT_KINDS] },
            summary: { type: 'string', minLength: 1, maxLength: SUMMARY_MAX + 100 },
            read_id: id,
            hit_id: id,
            audit_event_id: id,
            subject_username: { type: 'string', maxLength: 64 },
          },
        },
        response: { 400: errorResponse, 401: errorResponse, 403: errorResponse },
      },
    },
    async (req, reply) => {
      const r = await fileReport(ctx, kit.user(req), req.body);
      // The reporter gets the receipt, not the whole record back.
      return reply.status(201).send({
        report_id: r.report_id,
        review_id: r.review_id,
        kind: r.kind,
        created_at: new Date(r.created_at_ms).toISOString(),
      });
    },
  );

  app.get<{ Querystring: { open?: string } }>(
    '/v1/admin/reports',
    {
      config: { action: 'report.list' },
      schema: {
        summary: 'Reports of errors and violations, newest first (chief, auditor, oversight)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { open: { type: 'string', enum: ['true', 'false'] } },
        },
        response: { 401: errorResponse, 403: errorResponse },
      },
    },
    async (req) => {
      const reports = await listReports(ctx, kit.user(req), { open: req.query.open === 'true' });
      // Who read the reports (and so learned who reported whom) is on the trail.
      await kit.record(req, 'allowed', { rows: reports.length });
      return { reports };
    },
  );
}
