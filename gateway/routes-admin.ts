/**
 * Administration routes over the governance store: the account lifecycle,
 * training, the purpose catalogue and the review queue. Each needs a
 * session; each workflow checks the actor's role and writes the audit
 * event of the act; a refusal is audited by the gateway's error handler.
 * One account per call: there is no bulk approval, by design (the policy
 * asks for authorisation "on a user-by-user basis").
 */
import type { FastifyInstance } from 'fastify';
import {
  approveAccount,
  changeRole,
  getAccount,
  listAccounts,
  refuseAccount,
  removeAccount,
  requestAccount,
  suspendAccount,
} from '../governance/accounts.ts';
import { listReviews, publishCatalogue, resolveReview } from '../governance/catalogue.ts';
import { requireRole, type GovernanceContext } from '../governance/context.ts';
import { ROLES } from '../governance/identities.ts';
import { publishCourse, recordCompletion, trainingStatus } from '../governance/training.ts';
import { toMs, type GatewayKit } from './server.ts';
import { errorResponse } from './schemas.ts';

const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max }) as const;
const errors = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  404: errorResponse,
  409: errorResponse,
};
const byName = {
  type: 'object',
  required: ['username'],
  properties: { username: text(64) },
} as const;
const reasonBody = {
  type: 'object',
  additionalProperties: false,
  required: ['reason'],
  properties: { reason: text(500) },
} as const;
const entryList = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['id', 'label'],
    properties: { id: text(64), label: text(300) },
  },
} as const;

type Named = { Params: { username: string } };

export function registerAdminRoutes(
  app: FastifyInstance,
  ctx: GovernanceContext,
  kit: GatewayKit,
): void {
  app.post<{
    Body: {
      username: string;
      name: string;
      agency_id: string;
      badge: string;
      email: string;
      role: string;
      justification: string;
    };
  }>(
    '/v1/admin/accounts',
    {
      config: { action: 'account.request' },
      schema: {
        summary: 'Request an account for one named person (program administrator)',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['username', 'name', 'agency_id', 'badge', 'email', 'role', 'justification'],
          properties: {
            username: text(64),
            name: text(200),
            agency_id: text(64),
            badge: text(64),
            email: text(254),
            role: { type: 'string', enum: [...ROLES] },
            justification: text(2000),
          },
        },
        response: errors,
      },
    },
    async (req, reply) =>
      reply.status(201).send(await requestAccount(ctx, kit.user(req), req.body)),
  );

  app.get<{ Querystring: { status?: string } }>(
    '/v1/admin/accounts',
    {
      config: { action: 'account.list' },
      schema: {
        summary: 'Accounts and their state',
        querystring: { type: 'object', properties: { status: { type: 'string', maxLength: 16 } } },
      },
    },
    async (req) => {
      requireRole(kit.user(req), 'program_admin', 'chief_executive', 'auditor', 'oversight');
      return { accounts: await listAccounts(ctx.db, req.query.status) };
    },
  );

  app.get<Named>(
    '/v1/admin/accounts/:username',
    {
      config: { action: 'account.read' },
      schema: { summary: 'One account and its training', params: byName },
    },
    async (req) => {
      requireRole(kit.user(req), 'program_admin', 'chief_executive', 'auditor', 'oversight');
      const account = await getAccount(ctx.db, req.params.username);
      return { account, training: await trainingStatus(ctx.db, account.account_id, ctx.now()) };
    },
  );

  app.post<Named>(
    '/v1/admin/accounts/:username/approve',
    {
      config: { action: 'account.approve' },
      schema: {
        summary: 'Approve one trained person (chief executive)',
        params: byName,
        response: errors,
      },
    },
    async (req) => approveAccount(ctx, kit.user(req), req.params.username),
  );

  for (const [verb, action, run] of [
    ['refuse', 'account.refuse', refuseAccount],
    ['suspend', 'account.suspend', suspendAccount],
    ['remove', 'account.remove', removeAccount],
  ] as const) {
    app.post<Named & { Body: { reason: string } }>(
      `/v1/admin/accounts/:username/${verb}`,
      {
        config: { action },
        schema: {
          summary: `${verb} an account`,
          params: byName,
          body: reasonBody,
          response: errors,
        },
      },
      async (req) => run(ctx, kit.user(req), req.params.username, req.body.reason),
    );
  }

  app.post<Named & { Body: { role: string } }>(
    '/v1/admin/accounts/:username/role',
    {
      config: { action: 'account.role_change' },
      schema: {
        summary: 'Change the role (chief executive)',
        params: byName,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['role'],
          properties: { role: { type: 'string', enum: [...ROLES] } },
        },
        response: errors,
      },
    },
    async (req) => changeRole(ctx, kit.user(req), req.params.username, req.body.role),
  );

  app.post<{ Body: { title: string; topics: string[] } }>(
    '/v1/admin/training/courses',
    {
      config: { action: 'training.course.publish' },
      schema: {
        summary: 'Publish a new course version; everyone must complete it',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['title', 'topics'],
          properties: {
            title: text(300),
            topics: { type: 'array', items: text(64), maxItems: 50 },
          },
        },
        response: errors,
      },
    },
    async (req, reply) => reply.status(201).send(await publishCourse(ctx, kit.user(req), req.body)),
  );

  app.post<{ Body: { username: string; course_version: number; completed_at?: string } }>(
    '/v1/admin/training/completions',
    {
      config: { action: 'training.record' },
      schema: {
        summary: 'Record that a person completed a course version',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['username', 'course_version'],
          properties: {
            username: text(64),
            course_version: { type: 'integer', minimum: 1, maximum: 2_147_483_647 },
            completed_at: { type: 'string', format: 'date-time' },
          },
        },
        response: errors,
      },
    },
    async (req, reply) => {
      const b = req.body;
      const completed = b.completed_at ? toMs(b.completed_at, 'completed_at') : undefined;
      const status = await recordCompletion(ctx, kit.user(req), {
        username: b.username,
        course_version: b.course_version,
        ...(completed !== undefined ? { completed_at_ms: completed } : {}),
      });
      return reply.status(201).send(status);
    },
  );

  app.put<{ Body: { permitted: unknown; prohibited: unknown; not_sought?: unknown } }>(
    '/v1/admin/purposes',
    {
      config: { action: 'catalogue.change' },
      schema: {
        summary: 'Publish a new version of the purpose catalogue (chief executive)',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['permitted', 'prohibited'],
          properties: { permitted: entryList, prohibited: entryList, not_sought: entryList },
        },
        response: errors,
      },
    },
    async (req) => {
      const c = await publishCatalogue(ctx, kit.user(req), req.body);
      kit.setCatalogue(c);
      return c;
    },
  );

  app.get(
    '/v1/admin/review-queue',
    { config: { action: 'review.list' }, schema: { summary: 'Requests flagged for review' } },
    async (req) => {
      requireRole(kit.user(req), 'chief_executive', 'auditor', 'oversight');
      return { items: await listReviews(ctx.db) };
    },
  );

  app.post<{ Params: { review_id: string }; Body: { resolution: string } }>(
    '/v1/admin/review-queue/:review_id/resolve',
    {
      config: { action: 'review.resolve' },
      schema: {
        summary: 'Record the outcome of a review (chief executive, auditor, oversight)',
        params: {
          type: 'object',
          required: ['review_id'],
          // path parameters arrive as text; types are not coerced (server.ts)
          properties: { review_id: { type: 'string', pattern: '^[1-9][0-9]{0,15}$' } },
        },
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['resolution'],
          properties: { resolution: text(2000) },
        },
        response: errors,
      },
    },
    async (req) =>
      resolveReview(ctx, kit.user(req), Number(req.params.review_id), req.body.resolution),
  );
}
