/**
 * The access gateway: the only way to read stored plate data. Each query
 * needs a personal token, a purpose from the catalogue and a case number in
 * the agency's format. The audit event (who, when, purpose, case number,
 * notes, parameters, row count, outcome) is acknowledged by the broker
 * before any row is sent; if it cannot be, the caller gets no data. Refusals
 * are audited the same way.
 */
import Fastify, { type FastifyError, type FastifyRequest } from 'fastify';
import swagger from '@fastify/swagger';
import { AlprError, ErrorCodes, isAlprError } from '../lib/errors.ts';
import type { Logger } from '../lib/log.ts';
import { registry } from '../lib/metrics.ts';
import type { AuditOutcome } from '../schemas/types.ts';
import { newAuditEvent, type AuditLog } from './audit.ts';
import type { Directory, User } from './identity.ts';
import { checkCaseNumber, checkPurpose, type PurposeCatalogue } from './purposes.ts';
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
  byPlate(q: { plate: string; region?: string; fromMs: number; toMs: number; limit: number }): Promise<unknown[]>;
  byCamera(q: { cameraId: string; fromMs: number; toMs: number; limit: number }): Promise<unknown[]>;
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

export interface GatewayOptions {
  logger: Logger;
  directory: Directory;
  purposes: PurposeCatalogue;
  caseNumberPattern: string;
  audit: AuditLog;
  queries: ReadQueries;
}

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
  }
  interface FastifyContextConfig {
    action?: string;
  }
}

const STATUS: Partial<Record<string, number>> = {
  [ErrorCodes.UNAUTHENTICATED]: 401,
  [ErrorCodes.PURPOSE_NOT_PERMITTED]: 403,
  [ErrorCodes.PURPOSE_PROHIBITED]: 403,
  [ErrorCodes.CASE_NUMBER_INVALID]: 400,
  [ErrorCodes.QUERY_INVALID]: 400,
  [ErrorCodes.AUDIT_WRITE_FAILED]: 503,
  [ErrorCodes.STORE_UNAVAILABLE]: 503,
};

const ACCOUNTABILITY_FIELDS = new Set(['purpose', 'case_number', 'notes']);

function bodyOf(req: FastifyRequest): Record<string, unknown> {
  return req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v.slice(0, 2000) : null;
}

function parameters(req: FastifyRequest): string {
  const params = Object.fromEntries(
    Object.entries(bodyOf(req)).filter(([k]) => !ACCOUNTABILITY_FIELDS.has(k)),
  );
  return JSON.stringify(params);
}

function toMs(iso: string, field: string): number {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) {
    throw new AlprError(ErrorCodes.QUERY_INVALID, `${field} is not a valid time`, { context: { field } });
  }
  return ms;
}

function validationError(err: FastifyError): AlprError {
  const v = err.validation?.[0];
  const path = v?.instancePath?.replace(/^\//, '').replace(/\//g, '.') ?? '';
  const extra = (v?.params as { additionalProperty?: string; missingProperty?: string } | undefined) ?? {};
  const field = extra.missingProperty ?? extra.additionalProperty ?? path ?? 'body';
  return new AlprError(ErrorCodes.QUERY_INVALID, `request ${err.message}`, { context: { field } });
}

export async function buildGateway(opts: GatewayOptions) {
  const { directory, purposes, audit } = opts;
  const casePattern = new RegExp(opts.caseNumberPattern);
  const app = Fastify({
    loggerInstance: opts.logger.child({ component: 'gateway' }),
    bodyLimit: 64 * 1024,
    // Unknown fields are refused, not silently dropped: a caller must learn
    // that a filter it sent was not applied.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false } },
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

  async function record(req: FastifyRequest, outcome: AuditOutcome, extra: { code?: string; rows?: number }) {
    const b = bodyOf(req);
    const event = newAuditEvent({
      action: req.routeOptions.config.action ?? `http.${req.method.toLowerCase()}`,
      outcome,
      refusal_code: extra.code ?? null,
      user_id: req.user?.user_id ?? null,
      purpose: str(b.purpose),
      case_number: str(b.case_number),
      notes: str(b.notes),
      parameters: parameters(req),
      row_count: extra.rows ?? null,
      client_ip: req.ip,
    });
    await audit.write(event);
    return event.event_id;
  }

  app.setErrorHandler(async (err: FastifyError | AlprError, req, reply) => {
    const alpr = isAlprError(err)
      ? err
      : (err as FastifyError).validation
        ? validationError(err as FastifyError)
        : null;
    const code = alpr?.code ?? 'INTERNAL_ERROR';
    const status = alpr ? (STATUS[code] ?? 400) : ((err as FastifyError).statusCode ?? 500);
    if (!alpr) req.log.error({ err }, 'gateway request failed');
    let auditId: string | undefined;
    if (req.routeOptions.config.action && code !== ErrorCodes.AUDIT_WRITE_FAILED) {
      try {
        auditId = await record(req, status >= 500 ? 'failed' : 'refused', { code });
      } catch (auditErr) {
        req.log.error({ err: auditErr }, 'refusal could not be audited');
      }
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

  // Identify first: even a request with an invalid body is attributed.
  app.addHook('onRequest', async (req) => {
    if (!req.routeOptions.config.action) return;
    req.user = null;
    req.user = directory.authenticate(req.headers.authorization);
  });

  async function guarded<T>(req: FastifyRequest, b: PlateQueryBody | CameraQueryBody | AreaQueryBody, run: (w: { fromMs: number; toMs: number }) => Promise<T[]>) {
    checkPurpose(purposes, b.purpose);
    checkCaseNumber(casePattern, b.case_number);
    const fromMs = toMs(b.from, 'from');
    const toMsV = toMs(b.to, 'to');
    const rows = await run({ fromMs, toMs: toMsV });
    // The audit event must be on the broker before any row leaves.
    const auditId = await record(req, 'allowed', { rows: rows.length });
    return { audit_event_id: auditId, row_count: rows.length, rows };
  }

  const common = { response: { 400: errorResponse, 401: errorResponse, 403: errorResponse, 503: errorResponse } };

  app.post<{ Body: PlateQueryBody }>(
    '/v1/reads/by-plate',
    { config: { action: 'query.plate' }, schema: { ...common, body: plateQuery, summary: 'Reads of one plate' } },
    async (req) =>
      guarded(req, req.body, (w) =>
        opts.queries.byPlate({ plate: req.body.plate, region: req.body.region, limit: req.body.limit, ...w }),
      ),
  );
  app.post<{ Body: CameraQueryBody }>(
    '/v1/reads/by-camera',
    { config: { action: 'query.camera' }, schema: { ...common, body: cameraQuery, summary: 'Reads of one camera' } },
    async (req) =>
      guarded(req, req.body, (w) =>
        opts.queries.byCamera({ cameraId: req.body.camera_id, limit: req.body.limit, ...w }),
      ),
  );
  app.post<{ Body: AreaQueryBody }>(
    '/v1/reads/in-area',
    { config: { action: 'query.area' }, schema: { ...common, body: areaQuery, summary: 'Reads in a box' } },
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

  app.get('/v1/purposes', { schema: { summary: 'The purpose catalogue' } }, async () => ({
    version: purposes.version,
    permitted: purposes.permitted,
    prohibited: purposes.prohibited,
  }));
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { schema: { hide: true } }, async () => ({ ok: true }));
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
  return app;
}
