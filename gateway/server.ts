/**
 * The access gateway: the only way to read stored plate data. Each query
 * needs a personal session token (governance/auth.ts), the analyst role, a
 * purpose from the catalogue and a case number in the agency's format
 * (and, when configured, known to the records system). The audit event
 * (who, when, purpose, case number, notes, parameters, row count, outcome) is acknowledged by the broker
 * before any row is sent; if it cannot be, the caller gets no data. Refusals
 * are audited the same way.
 */
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import swagger from '@fastify/swagger';
import { AlprError, ErrorCodes } from '../lib/errors.ts';
import { apiFieldNames, classifyError, toMs } from './errors.ts';
import { bodyOf, nulAt, parameters, recordable, str } from './request-record.ts';
import type { Logger } from '../lib/log.ts';
import { registry } from '../lib/metrics.ts';
import type { AuditOutcome } from '../schemas/types.ts';
import { newAuditEvent, type AuditLog } from './audit.ts';
import { sessionDirectory, type Directory, type User } from './identity.ts';
import { checkCaseNumber, checkPurpose, type PurposeCatalogue } from './purposes.ts';
import { registerAuthRoutes } from './routes-auth.ts';
import { registerAdminRoutes } from './routes-admin.ts';
import { registerExportRoutes } from './routes-export.ts';
import { registerAuditRoutes } from './routes-audit.ts';
import { registerReportRoutes } from './routes-reports.ts';
import type { AuditTrail } from './audit-trail.ts';
import { checkCaseExists, type CaseLookup } from '../governance/case-lookup.ts';
import { flagForReview } from '../governance/catalogue.ts';
import type { GovernanceContext } from '../governance/context.ts';
import type { ExportSettings } from '../governance/exports.ts';
import type { ImageStore } from '../lib/image-store.ts';
import {
  areaQuery,
  cameraQuery,
  errorResponse,
  plateQuery,
  type AreaQueryBody,
  type CameraQueryBody,
  type PlateQueryBody,
} from './schemas.ts';

/** The read queries the gateway may run; store/queries.ts provides them. */
export interface ReadQueries {
  byPlate(q: {
    plate: string;
    region?: string;
    fromMs: number;
    toMs: number;
    limit: number;
  }): Promise<unknown[]>;
  byCamera(q: {
    cameraId: string;
    fromMs: number;
    toMs: number;
    limit: number;
  }): Promise<unknown[]>;
  inArea(q: {
    minLat: number;
    maxLat: number;
    minLon: number;
    maxLon: number;
    fromMs: number;
    toMs: number;
    limit: number;
  }): Promise<unknown[]>;
}

/** The governance store and what rides on it: sessions, admin routes, exports. */
export interface GatewayGovernance {
  ctx: GovernanceContext;
  exports: ExportSettings;
  images?: ImageStore;
  caseLookup?: CaseLookup | null;
  /** The audit trail as stored (ClickHouse); without it, GET /v1/audit/events is not served. */
  auditTrail?: AuditTrail;
}

export interface GatewayOptions {
  logger: Logger;
  /** Who is calling; default with governance: its sessions. */
  directory?: Directory;
  /** The catalogue at start; with governance, the store's current version (kept up to date). */
  purposes: PurposeCatalogue;
  caseNumberPattern: string;
  audit: AuditLog;
  queries: ReadQueries;
  governance?: GatewayGovernance;
}

/** What route files share with the server. */
export interface GatewayKit {
  record(
    req: FastifyRequest,
    outcome: AuditOutcome,
    extra: { code?: string; rows?: number; params?: object },
  ): Promise<string>;
  /** Purpose, case number (format and, when configured, existence) and the analyst role. */
  checkAccess(req: FastifyRequest, b: { purpose: string; case_number: string }): Promise<void>;
  catalogue(): PurposeCatalogue;
  setCatalogue(c: PurposeCatalogue): void;
  user(req: FastifyRequest): User;
}

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
    /** Why identification failed; thrown once the body is parsed. */
    authError: unknown;
  }
  interface FastifyContextConfig {
    action?: string;
    /** No session needed (login, enrolment). */
    public?: boolean;
  }
}

export { toMs } from './errors.ts';

export async function buildGateway(opts: GatewayOptions) {
  const { audit, governance } = opts;
  const directory: Directory | null =
    opts.directory ?? (governance ? sessionDirectory(governance.ctx) : null);
  if (!directory) {
    throw new AlprError(
      ErrorCodes.CONFIG_INVALID,
      'the gateway needs the governance store or a users file',
      {},
    );
  }
  let purposes = opts.purposes;
  const casePattern = new RegExp(opts.caseNumberPattern);
  const app = Fastify({
    loggerInstance: opts.logger.child({ component: 'gateway' }),
    bodyLimit: 64 * 1024,
    // Unknown fields are refused, not silently dropped: a caller must learn
    // that a filter it sent was not applied.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false } },
    // A path that is not valid percent-encoding (/v1/admin/accounts/%) never
    // reaches a route; it is answered in the product's error shape all the same.
    frameworkErrors: (err, _req, reply) => {
      void (reply as FastifyReply).status(400).send({
        error: { code: ErrorCodes.QUERY_INVALID, message: err.message, field: 'url' },
      });
    },
  });
  app.setNotFoundHandler((req, reply) => {
    void reply.status(404).send({
      error: {
        code: ErrorCodes.ROUTE_NOT_FOUND,
        message: `no route ${req.method} ${req.url.split('?')[0]}; see /openapi.json`,
        field: 'url',
      },
    });
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'alpr-custodian access gateway',
        version: '1',
        description:
          'Every query requires a personal bearer token, a purpose from the catalogue and a case number. ' +
          'Each request, allowed or refused, is recorded on the audit trail before any data is returned.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  app.decorateRequest('user', null);
  app.decorateRequest('authError', null);
  // Every route takes JSON; a text body is refused (415) like any other type
  // rather than parsed into a string that fails validation less clearly.
  app.removeContentTypeParser('text/plain');

  async function record(
    req: FastifyRequest,
    outcome: AuditOutcome,
    extra: { code?: string; rows?: number; params?: object; userId?: string },
  ) {
    const b = bodyOf(req);
    const event = newAuditEvent({
      action: req.routeOptions.config.action ?? `http.${req.method.toLowerCase()}`,
      outcome,
      refusal_code: extra.code ?? null,
      user_id: req.user?.user_id ?? extra.userId ?? null,
      purpose: str(b.purpose),
      case_number: str(b.case_number),
      notes: str(b.notes),
      parameters: extra.params ? recordable(extra.params) : parameters(req),
      row_count: extra.rows ?? null,
      client_ip: req.ip,
    });
    await audit.write(event);
    return event.event_id;
  }

  app.setErrorHandler(async (err: FastifyError | AlprError, req, reply) => {
    // Store errors name fields as its functions do (toMs); callers sent the
    // API's (to), on every route: queries and exports alike. A failed
    // identification outranks whatever the body did wrong.
    const { alpr, code, status } = classifyError(apiFieldNames(req.authError ?? err));
    if (!alpr) req.log.error({ err }, 'gateway request failed');
    // A workflow that audited its own refusal (login, enrolment) names the event.
    const own = alpr?.context.audit_event_id;
    let auditId: string | undefined = typeof own === 'string' ? own : undefined;
    if (!auditId && req.routeOptions.config.action && code !== ErrorCodes.AUDIT_WRITE_FAILED) {
      try {
        const sessionOf = alpr?.context.session_of;
        auditId = await record(req, status >= 500 ? 'failed' : 'refused', {
          code,
          ...(typeof sessionOf === 'string' ? { userId: sessionOf } : {}),
        });
      } catch (auditErr) {
        req.log.error({ err: auditErr }, 'refusal could not be audited');
      }
    }
    if (auditId && code === ErrorCodes.PURPOSE_PROHIBITED && governance) {
      // A prohibited use is not only refused: a person must look at it.
      const b = bodyOf(req);
      await flagForReview(governance.ctx.db, {
        kind: 'prohibited_use',
        user_id: req.user?.user_id ?? null,
        purpose: str(b.purpose),
        case_number: str(b.case_number),
        audit_event_id: auditId,
        now: governance.ctx.now(),
      }).catch((flagErr) => {
        req.log.error({ err: flagErr }, 'prohibited use could not be queued for review');
      });
    }
    const field = alpr?.context.field;
    return reply.status(status).send({
      error: {
        code,
        message: alpr ? alpr.message : 'internal error',
        ...(typeof field === 'string' ? { field } : {}),
        ...(auditId ? { audit_event_id: auditId } : {}),
      },
    });
  });

  // Identify first: even a request with an invalid body is attributed. A
  // failed identification is held until the body is parsed, so that its
  // refusal is audited with the purpose and case number it was sent with.
  app.addHook('onRequest', async (req) => {
    const cfg = req.routeOptions.config;
    if (!cfg.action || cfg.public) return;
    req.user = null;
    try {
      req.user = await directory.authenticate(req.headers.authorization);
    } catch (err) {
      req.authError = err;
    }
  });
  app.addHook('preValidation', async (req) => {
    if (req.authError) throw req.authError;
  });

  // A NUL character is valid JSON but never a valid name, plate or id, and
  // PostgreSQL cannot store it: refuse it up front, naming where it was,
  // rather than let a statement fail as if the store were down.
  app.addHook('preValidation', async (req) => {
    const at = nulAt(req.params, '') ?? nulAt(req.query, '') ?? nulAt(req.body, '');
    if (at !== null) {
      throw new AlprError(ErrorCodes.QUERY_INVALID, `${at} contains a NUL character`, {
        context: { field: at },
      });
    }
  });

  const kit: GatewayKit = {
    record,
    async checkAccess(req, b) {
      const user = kit.user(req);
      // Reads data: analysts only (auditors and oversight see the trail, not plates).
      if (!user.roles.includes('analyst')) {
        throw new AlprError(
          ErrorCodes.ROLE_FORBIDDEN,
          'reading plate data needs the analyst role',
          {
            context: { required: ['analyst'] },
          },
        );
      }
      checkPurpose(purposes, b.purpose);
      checkCaseNumber(casePattern, b.case_number);
      await checkCaseExists(governance?.caseLookup ?? null, b.case_number, user.agency_id);
    },
    catalogue: () => purposes,
    setCatalogue(c) {
      purposes = c;
    },
    user(req) {
      if (!req.user)
        throw new AlprError(ErrorCodes.UNAUTHENTICATED, 'not signed in', {
          context: { reason: 'missing' },
        });
      return req.user;
    },
  };

  async function guarded<T>(
    req: FastifyRequest,
    b: PlateQueryBody | CameraQueryBody | AreaQueryBody,
    run: (w: { fromMs: number; toMs: number }) => Promise<T[]>,
  ) {
    await kit.checkAccess(req, b);
    const fromMs = toMs(b.from, 'from');
    const toMsV = toMs(b.to, 'to');
    const rows = await run({ fromMs, toMs: toMsV });
    // The audit event must be on the broker before any row leaves.
    const auditId = await record(req, 'allowed', { rows: rows.length });
    // A full page may have more behind it: say so rather than let a
    // partial answer pass for the whole one.
    const truncated = rows.length >= b.limit;
    return { audit_event_id: auditId, row_count: rows.length, truncated, rows };
  }

  const common = {
    response: { 400: errorResponse, 401: errorResponse, 403: errorResponse, 503: errorResponse },
  };

  app.post<{ Body: PlateQueryBody }>(
    '/v1/reads/by-plate',
    {
      config: { action: 'query.plate' },
      schema: { ...common, body: plateQuery, summary: 'Reads of one plate' },
    },
    async (req) =>
      guarded(req, req.body, (w) =>
        opts.queries.byPlate({
          plate: req.body.plate,
          region: req.body.region,
          limit: req.body.limit,
          ...w,
        }),
      ),
  );
  app.post<{ Body: CameraQueryBody }>(
    '/v1/reads/by-camera',
    {
      config: { action: 'query.camera' },
      schema: { ...common, body: cameraQuery, summary: 'Reads of one camera' },
    },
    async (req) =>
      guarded(req, req.body, (w) =>
        opts.queries.byCamera({ cameraId: req.body.camera_id, limit: req.body.limit, ...w }),
      ),
  );
  app.post<{ Body: AreaQueryBody }>(
    '/v1/reads/in-area',
    {
      config: { action: 'query.area' },
      schema: { ...common, body: areaQuery, summary: 'Reads in a box' },
    },
    async (req) =>
      guarded(req, req.body, (w) =>
        opts.queries.inArea({
          minLat: req.body.min_lat,
          maxLat: req.body.max_lat,
          minLon: req.body.min_lon,
          maxLon: req.body.max_lon,
          limit: req.body.limit,
          ...w,
        }),
      ),
  );

  if (governance) {
    // The route files take the plain instance type; this one carries the pino logger type.
    const plain = app as unknown as FastifyInstance;
    registerAuthRoutes(plain, governance.ctx);
    registerAdminRoutes(plain, governance.ctx, kit);
    registerExportRoutes(plain, governance, kit, opts.queries);
    registerReportRoutes(plain, governance.ctx, kit);
    if (governance.auditTrail) registerAuditRoutes(plain, kit, governance.auditTrail);
  }

  app.get('/v1/purposes', { schema: { summary: 'The purpose catalogue' } }, async () => ({
    version: purposes.version,
    permitted: purposes.permitted,
    prohibited: purposes.prohibited,
    not_sought: purposes.not_sought ?? [],
  }));
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
  return app;
}
