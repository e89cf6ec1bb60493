/**
 * How the gateway names what went wrong: every refusal gets a stable code,
 * an HTTP status and, where one field is to blame, that field under the
 * API's own name. Fastify's own refusals (body parsing, size, media type)
 * and schema validation failures are translated here, once.
 */
import type { FastifyError } from 'fastify';
import { AlprError, ErrorCodes, isAlprError, type ErrorCode } from '../lib/errors.ts';

export const STATUS: Partial<Record<string, number>> = {
  [ErrorCodes.UNAUTHENTICATED]: 401,
  [ErrorCodes.LOGIN_FAILED]: 401,
  [ErrorCodes.ENROLMENT_INVALID]: 401,
  [ErrorCodes.ACCOUNT_LOCKED]: 423,
  [ErrorCodes.ACCOUNT_INACTIVE]: 403,
  [ErrorCodes.TRAINING_REQUIRED]: 403,
  [ErrorCodes.ROLE_FORBIDDEN]: 403,
  [ErrorCodes.AGENCY_FORBIDDEN]: 403,
  [ErrorCodes.SELF_APPROVAL]: 403,
  [ErrorCodes.ACCOUNT_NOT_FOUND]: 404,
  [ErrorCodes.ACCOUNT_STATE_INVALID]: 409,
  [ErrorCodes.ACCOUNT_DUPLICATE_PERSON]: 409,
  [ErrorCodes.CASE_NOT_FOUND]: 400,
  [ErrorCodes.CASE_LOOKUP_UNAVAILABLE]: 503,
  [ErrorCodes.GOVERNANCE_STORE_FAILED]: 503,
  [ErrorCodes.PURPOSE_NOT_PERMITTED]: 403,
  [ErrorCodes.PURPOSE_PROHIBITED]: 403,
  [ErrorCodes.CASE_NUMBER_INVALID]: 400,
  [ErrorCodes.QUERY_INVALID]: 400,
  [ErrorCodes.AUDIT_WRITE_FAILED]: 503,
  [ErrorCodes.STORE_UNAVAILABLE]: 503,
};

export function toMs(iso: string, field: string): number {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) {
    throw new AlprError(ErrorCodes.QUERY_INVALID, `${field} is not a valid time`, {
      context: { field },
    });
  }
  return ms;
}

// The store names query fields as its functions do; callers sent the API's.
const API_FIELD: Record<string, string> = {
  fromMs: 'from',
  toMs: 'to',
  minLat: 'min_lat',
  maxLat: 'max_lat',
  minLon: 'min_lon',
  maxLon: 'max_lon',
  cameraId: 'camera_id',
};

export function apiFieldNames(e: unknown): unknown {
  if (!isAlprError(e) || typeof e.context.field !== 'string') return e;
  let message = e.message;
  for (const [inner, outer] of Object.entries(API_FIELD)) {
    message = message.replace(new RegExp(`\\b${inner}\\b`, 'g'), outer);
  }
  const field = API_FIELD[e.context.field] ?? e.context.field;
  return new AlprError(e.code, message, { cause: e, context: { ...e.context, field } });
}

// Errors Fastify raises before a handler runs (body parsing, size, media
// type), named in the product's codes instead of passing as internal.
const FRAMEWORK: Record<string, { code: ErrorCode; field: string; message: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: ErrorCodes.QUERY_INVALID,
    field: 'content-type',
    message: 'send the request body as application/json',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: ErrorCodes.QUERY_INVALID,
    field: 'body',
    message: 'the request body is empty',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: ErrorCodes.MESSAGE_TOO_LARGE,
    field: 'body',
    message: 'the request body is larger than the gateway accepts',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: ErrorCodes.QUERY_INVALID,
    field: 'content-length',
    message: 'content-length does not match the body',
  },
};

function frameworkError(err: FastifyError): { error: AlprError; status: number } | null {
  const status = err.statusCode ?? 500;
  if (status < 400 || status >= 500) return null;
  const known = err.code ? FRAMEWORK[err.code] : undefined;
  if (known) {
    const error = new AlprError(known.code, known.message, {
      cause: err,
      context: { field: known.field },
    });
    return { error, status };
  }
  // Anything else Fastify refuses with a 4xx is a malformed request body,
  // such as JSON that does not parse or carries a __proto__ key.
  const error = new AlprError(
    ErrorCodes.QUERY_INVALID,
    `the request body is not valid JSON: ${err.message}`,
    {
      cause: err,
      context: { field: 'body' },
    },
  );
  return { error, status: 400 };
}

function validationError(err: FastifyError): AlprError {
  const v = err.validation?.[0];
  const path = v?.instancePath?.replace(/^\//, '').replace(/\//g, '.') ?? '';
  const extra =
    (v?.params as
      | {
          additionalProperty?: string;
          missingProperty?: string;
        }
      | undefined) ?? {};
  // A fault at the root (an array or a string where an object belongs) names
  // the part of the request: body, querystring or params.
  const field =
    extra.missingProperty ?? extra.additionalProperty ?? (path || err.validationContext || 'body');
  return new AlprError(ErrorCodes.QUERY_INVALID, `request ${err.message}`, { context: { field } });
}

/** The product's error for anything a request handler or Fastify threw. */
export function classifyError(err: unknown): {
  alpr: AlprError | null;
  code: string;
  status: number;
} {
  if (isAlprError(err)) return { alpr: err, code: err.code, status: STATUS[err.code] ?? 400 };
  const fe = err as FastifyError;
  if (fe.validation) {
    const alpr = validationError(fe);
    return { alpr, code: alpr.code, status: 400 };
  }
  const framework = frameworkError(fe);
  if (framework)
    return { alpr: framework.error, code: framework.error.code, status: framework.status };
  return { alpr: null, code: 'INTERNAL_ERROR', status: fe.statusCode ?? 500 };
}
