/**
 * One error type for the whole product. Retry and dead-letter routing read
 * `code` and `retriable`, never the message text.
 */
export const ErrorCodes = {
  // bad input from a camera or a vendor bridge: dead-lettered, never retried
  MALFORMED_JSON: 'MALFORMED_JSON',
  MESSAGE_TOO_LARGE: 'MESSAGE_TOO_LARGE',
  UNKNOWN_VENDOR_SHAPE: 'UNKNOWN_VENDOR_SHAPE',
  MISSING_PLATE: 'MISSING_PLATE',
  INVALID_FIELD: 'INVALID_FIELD',
  INVALID_COORDINATES: 'INVALID_COORDINATES',
  INVALID_TIMESTAMP: 'INVALID_TIMESTAMP',
  CAPTURE_TIME_IN_FUTURE: 'CAPTURE_TIME_IN_FUTURE',
  CAPTURE_TIME_TOO_OLD: 'CAPTURE_TIME_TOO_OLD',
  UNKNOWN_CAMERA_ZONE: 'UNKNOWN_CAMERA_ZONE',
  UNDECODABLE_RECORD: 'UNDECODABLE_RECORD',
  // hotlist files
  HOTLIST_ROW_INVALID: 'HOTLIST_ROW_INVALID',
  HOTLIST_FORMAT_INVALID: 'HOTLIST_FORMAT_INVALID',
  HOTLIST_CATEGORY_UNKNOWN: 'HOTLIST_CATEGORY_UNKNOWN',
  HOTLIST_PLATE_INVALID: 'HOTLIST_PLATE_INVALID',
  HOTLIST_REGION_INVALID: 'HOTLIST_REGION_INVALID',
  HOTLIST_DATE_INVALID: 'HOTLIST_DATE_INVALID',
  // configuration, refused at start-up
  CONFIG_INVALID: 'CONFIG_INVALID',
  RETENTION_OVER_LIMIT: 'RETENTION_OVER_LIMIT',
  // access gateway
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  PURPOSE_NOT_PERMITTED: 'PURPOSE_NOT_PERMITTED',
  PURPOSE_PROHIBITED: 'PURPOSE_PROHIBITED',
  CASE_NUMBER_INVALID: 'CASE_NUMBER_INVALID',
  QUERY_INVALID: 'QUERY_INVALID',
  ROUTE_NOT_FOUND: 'ROUTE_NOT_FOUND',
  AUDIT_WRITE_FAILED: 'AUDIT_WRITE_FAILED',
  ROLE_FORBIDDEN: 'ROLE_FORBIDDEN',
  AGENCY_FORBIDDEN: 'AGENCY_FORBIDDEN',
  CASE_NOT_FOUND: 'CASE_NOT_FOUND',
  CASE_LOOKUP_UNAVAILABLE: 'CASE_LOOKUP_UNAVAILABLE',
  // governance: accounts, credentials, training, catalogue, exports
  IDENTITY_GENERIC: 'IDENTITY_GENERIC',
  ACCOUNT_DUPLICATE_PERSON: 'ACCOUNT_DUPLICATE_PERSON',
  ACCOUNT_NOT_FOUND: 'ACCOUNT_NOT_FOUND',
  ACCOUNT_STATE_INVALID: 'ACCOUNT_STATE_INVALID',
  ACCOUNT_INACTIVE: 'ACCOUNT_INACTIVE',
  ACCOUNT_LOCKED: 'ACCOUNT_LOCKED',
  ROLE_INVALID: 'ROLE_INVALID',
  SELF_APPROVAL: 'SELF_APPROVAL',
  TRAINING_REQUIRED: 'TRAINING_REQUIRED',
  TRAINING_COURSE_INVALID: 'TRAINING_COURSE_INVALID',
  PASSWORD_WEAK: 'PASSWORD_WEAK',
  LOGIN_FAILED: 'LOGIN_FAILED',
  ENROLMENT_INVALID: 'ENROLMENT_INVALID',
  CATALOGUE_INVALID: 'CATALOGUE_INVALID',
  EXPORT_INVALID: 'EXPORT_INVALID',
  EXPORT_TAMPERED: 'EXPORT_TAMPERED',
  REPORT_INVALID: 'REPORT_INVALID',
  GOVERNANCE_STORE_FAILED: 'GOVERNANCE_STORE_FAILED',
  // infrastructure
  STORE_UNAVAILABLE: 'STORE_UNAVAILABLE',
  // the store refused the statement (a bug or a schema drift) or the rows in it
  STORE_QUERY_FAILED: 'STORE_QUERY_FAILED',
  STORE_INSERT_REJECTED: 'STORE_INSERT_REJECTED',
  BROKER_UNAVAILABLE: 'BROKER_UNAVAILABLE',
  // schema registry and the Confluent wire format (schemas/serdes.ts)
  SCHEMA_REGISTRY_UNAVAILABLE: 'SCHEMA_REGISTRY_UNAVAILABLE',
  SCHEMA_REGISTRY_REFUSED: 'SCHEMA_REGISTRY_REFUSED',
  SCHEMA_INCOMPATIBLE: 'SCHEMA_INCOMPATIBLE',
  UNKNOWN_SCHEMA_ID: 'UNKNOWN_SCHEMA_ID',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];

export interface AlprErrorOptions {
  retriable?: boolean;
  cause?: unknown;
  /** Machine-readable context: field path, topic, partition, offset, key... */
  context?: Record<string, unknown>;
}

export class AlprError extends Error {
  readonly code: ErrorCode;
  readonly retriable: boolean;
  readonly context: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, opts: AlprErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AlprError';
    this.code = code;
    this.retriable = opts.retriable ?? false;
    this.context = opts.context ?? {};
  }
}

export function isAlprError(e: unknown): e is AlprError {
  return e instanceof AlprError;
}
