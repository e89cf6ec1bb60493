/**
 * GET /v1/audit/events: the audit trail for the people who oversee use
 * (auditor, oversight, chief executive), never plate data. Reading the
 * trail is itself an audit event. Windows are capped at 366 days.
 */
import type { FastifyInstance } from 'fastify';
import { AlprError, ErrorCodes } from '../lib/errors.ts';
import { requireRole } from '../governance/context.ts';
import type { AuditTrail } from './audit-trail.ts';
import { errorResponse } from './schemas.ts';
import { toMs, type GatewayKit } from './server.ts';

const MAX_WINDOW_MS = 366 * 86_400_000;

interface AuditQuerystring {
  from: string;
  to: string;
  user_id?: string;
  action?: string;
  outcome?: string;
  limit?: string;
}

export function registerAuditRoutes(
  app: FastifyInstance,
  kit: GatewayKit,
  trail: AuditTrail,
): void {
  app.get<{ Querystring: AuditQuerystring }>(
    '/v1/audit/events',
    {
      config: { action: 'audit.read' },
      schema: {
        summary: 'Audit events in a window (auditor, oversight, chief executive)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['from', 'to'],
          properties: {
            from: { type: 'string', format: 'date-time' },
            to: { type: 'string', format: 'date-time' },
            user_id: { type: 'string', maxLength: 64 },
            action: { type: 'string', maxLength: 64 },
            outcome: { type: 'string', enum: ['allowed', 'refused', 'failed'] },
            // query strings arrive as text; types are not coerced (server.ts)
            limit: { type: 'string', pattern: '^[1-9][0-9]{0,4}$' },
          },
        },
        response: { 400: errorResponse, 401: errorResponse, 403: errorResponse },
      },
    },
    async (req) => {
      requireRole(kit.user(req), 'auditor', 'oversight', 'chief_executive');
      const q = req.query;
      const fromMs = toMs(q.from, 'from');
      const toMsV = toMs(q.to, 'to');
      if (toMsV <= fromMs || toMsV - fromMs > MAX_WINDOW_MS) {
        throw new AlprError(ErrorCodes.QUERY_INVALID, 'to must follow from, within 366 days', {
          context: { field: 'to' },
        });
      }
      const events = await trail.events({
        fromMs,
        toMs: toMsV,
        limit: Math.min(Number(q.limit ?? 1000), 10_000),
        ...(q.user_id ? { userId: q.user_id } : {}),
        ...(q.action ? { action: q.action } : {}),
        ...(q.outcome ? { outcome: q.outcome } : {}),
      });
      const auditId = await kit.record(req, 'allowed', { rows: events.length, params: q });
      return { audit_event_id: auditId, row_count: events.length, events };
    },
  );
}
