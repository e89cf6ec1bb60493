/**
 * Every ClickHouse failure becomes an AlprError here, from one table of
 * ClickHouse error codes (https://github.com/ClickHouse/ClickHouse, file
 * src/Common/ErrorCodes.cpp). Both engines report the same numeric codes:
 * chDB errors carry `clickhouseCode`, @clickhouse/client's ClickHouseError a
 * numeric string `code` and a `type`; otherwise the server text
 * "Code: 252. DB::Exception: ... (TOO_MANY_PARTS)" is parsed, once.
 *
 * Server text can quote row data (a parse error echoes the row, a violated
 * constraint its values), and rows hold plates: it stays on `cause` and never
 * goes into our message, which callers log.
 */
import { AlprError, ErrorCodes, isAlprError, type ErrorCode } from '../lib/errors.ts';

interface Mapping {
  code: ErrorCode;
  retriable: boolean;
}

const unavailable = (retriable: boolean): Mapping => ({
  code: ErrorCodes.STORE_UNAVAILABLE,
  retriable,
});
const rejected: Mapping = { code: ErrorCodes.STORE_INSERT_REJECTED, retriable: false };
const failed: Mapping = { code: ErrorCodes.STORE_QUERY_FAILED, retriable: false };

/** ClickHouse code -> our code; a code missing here is STORE_QUERY_FAILED, not retried. */
export const clickhouseCodes: Readonly<Record<number, Mapping>> = {
  // transient: the same statement can succeed later
  159: unavailable(true), // TIMEOUT_EXCEEDED
  198: unavailable(true), // DNS_ERROR
  202: unavailable(true), // TOO_MANY_SIMULTANEOUS_QUERIES
  209: unavailable(true), // SOCKET_TIMEOUT
  210: unavailable(true), // NETWORK_ERROR
  236: unavailable(true), // ABORTED
  241: unavailable(true), // MEMORY_LIMIT_EXCEEDED
  242: unavailable(true), // TABLE_IS_READ_ONLY (replica lost its keeper session)
  252: unavailable(true), // TOO_MANY_PARTS: inserts outran merges; back off
  279: unavailable(true), // ALL_CONNECTION_TRIES_FAILED
  319: unavailable(true), // UNKNOWN_STATUS_OF_INSERT: retry; rows are idempotent
  394: unavailable(true), // QUERY_WAS_CANCELLED
  425: unavailable(true), // SYSTEM_ERROR
  473: unavailable(true), // DEADLOCK_AVOIDED
  999: unavailable(true), // KEEPER_EXCEPTION
  // credentials or rights: a person must act
  164: unavailable(false), // READONLY
  192: unavailable(false), // UNKNOWN_USER
  193: unavailable(false), // WRONG_PASSWORD
  497: unavailable(false), // ACCESS_DENIED
  516: unavailable(false), // AUTHENTICATION_FAILED
  // rows the table refuses
  6: rejected, // CANNOT_PARSE_TEXT
  26: rejected, // CANNOT_PARSE_QUOTED_STRING
  27: rejected, // CANNOT_PARSE_INPUT_ASSERTION_FAILED
  38: rejected, // CANNOT_PARSE_DATE
  41: rejected, // CANNOT_PARSE_DATETIME
  69: rejected, // ARGUMENT_OUT_OF_BOUND
  70: rejected, // CANNOT_CONVERT_TYPE
  72: rejected, // CANNOT_PARSE_NUMBER
  117: rejected, // INCORRECT_DATA (e.g. an unknown JSON field)
  469: rejected, // VIOLATED_CONSTRAINT (see constraintCodes)
};

/** CHECK constraints of schemas/clickhouse/*.sql whose violation has its own code. */
export const constraintCodes: Readonly<Record<string, ErrorCode>> = {
  retention_within_ceiling: ErrorCodes.RETENTION_OVER_LIMIT,
};

// Node socket errors from the HTTP client: the server may be back soon.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
]);

// chDB's own error classes (dist/errors.d.ts) that carry no ClickHouse code.
const CHDB_CODES: Readonly<Record<string, Mapping>> = {
  CHDB_TIMEOUT: unavailable(true),
  CHDB_ABORT: unavailable(true),
  CHDB_CONNECTION: unavailable(false), // another data directory is open in this process
  CHDB_CLOSED: unavailable(false),
  CHDB_PLATFORM: unavailable(false),
  CHDB_ABI: unavailable(false),
};

export interface ParsedFailure {
  /** ClickHouse numeric code, when one was reported. */
  clickhouseCode: number | null;
  /** ClickHouse error name, e.g. TOO_MANY_PARTS. */
  clickhouseType: string | null;
  /** Name of a violated CHECK constraint. */
  constraint: string | null;
  /** Node or chDB error code, e.g. ECONNREFUSED, CHDB_TIMEOUT. */
  clientCode: string | null;
}

function numeric(v: unknown): number | null {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return null;
}

/** Read what a failure says about itself; the message is parsed here and only here. */
export function parseFailure(e: unknown): ParsedFailure {
  const err = (e ?? {}) as Record<string, unknown>;
  const message = typeof err.message === 'string' ? err.message : String(e);
  let clickhouseCode = numeric(err.clickhouseCode) ?? numeric(err.code);
  let clientCode = typeof err.code === 'string' && clickhouseCode === null ? err.code : null;
  if (clientCode === null && typeof err.cause === 'object' && err.cause !== null) {
    const causeCode = (err.cause as Record<string, unknown>).code;
    if (typeof causeCode === 'string' && NETWORK_CODES.has(causeCode)) clientCode = causeCode;
  }
  if (clickhouseCode === null) {
    const m = /Code: (\d+)\./.exec(message);
    if (m) clickhouseCode = Number(m[1]);
  }
  let clickhouseType = typeof err.type === 'string' && err.type !== '' ? err.type : null;
  if (clickhouseType === null && clickhouseCode !== null) {
    const m = /\(([A-Z][A-Z0-9_]+)\)\s*(?:\(version [^)]*\))?\s*$/.exec(message.trim());
    if (m) clickhouseType = m[1] ?? null;
  }
  const c = /Constraint `([^`]+)`/.exec(message);
  return { clickhouseCode, clickhouseType, constraint: c?.[1] ?? null, clientCode };
}

function isTimeoutText(e: unknown): boolean {
  const message = e instanceof Error ? e.message : '';
  // @clickhouse/client rejects with "Timeout error." after request_timeout
  return /^Timeout error\b|socket hang up/i.test(message);
}

function mappingOf(p: ParsedFailure, e: unknown): Mapping {
  if (p.constraint !== null) {
    const code = constraintCodes[p.constraint];
    if (code) return { code, retriable: false };
  }
  if (p.clickhouseCode !== null) return clickhouseCodes[p.clickhouseCode] ?? failed;
  if (p.clientCode !== null) {
    if (NETWORK_CODES.has(p.clientCode)) return unavailable(true);
    const chdb = CHDB_CODES[p.clientCode];
    if (chdb) return chdb;
  }
  if (isTimeoutText(e)) return unavailable(true);
  return failed;
}

export interface FailureContext {
  /** exec | query | insert | connect | close */
  op: string;
  engine: 'chdb' | 'server';
  table?: string;
}

/**
 * Wrap any engine failure as an AlprError: code and retriable from the table
 * above, the original on `cause`, ClickHouse's code and name in `context`.
 * An AlprError passes through untouched.
 */
export function toStoreError(e: unknown, ctx: FailureContext): AlprError {
  if (isAlprError(e)) return e;
  const p = parseFailure(e);
  const m = mappingOf(p, e);
  const what = p.clickhouseType ?? (p.clickhouseCode !== null ? `code ${p.clickhouseCode}` : null);
  const reason = what ?? p.clientCode ?? 'unclassified failure';
  const where = ctx.table ? ` on ${ctx.table}` : '';
  return new AlprError(m.code, `ClickHouse ${ctx.op}${where} failed: ${reason}`, {
    retriable: m.retriable,
    cause: e,
    context: {
      ...ctx,
      clickhouse_code: p.clickhouseCode,
      clickhouse_type: p.clickhouseType,
      ...(p.constraint !== null ? { constraint: p.constraint } : {}),
      ...(p.clientCode !== null ? { client_code: p.clientCode } : {}),
    },
  });
}
