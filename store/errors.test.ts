import { ClickHouseError } from '@clickhouse/client';
import { describe, expect, it } from 'vitest';
import { AlprError, ErrorCodes } from '../lib/errors.ts';
import { parseFailure, toStoreError } from './errors.ts';

const { STORE_UNAVAILABLE, STORE_QUERY_FAILED, STORE_INSERT_REJECTED } = ErrorCodes;

/** The shape of chDB's typed errors (dist/errors.d.ts): a CHDB_* code and the ClickHouse one. */
function chdbError(message: string, clickhouseCode?: number, code = 'CHDB_QUERY'): Error {
  return Object.assign(new Error(message), { code, clickhouseCode });
}

function serverError(code: string, type: string): Error {
  return new ClickHouseError({ message: `${type} happened`, code, type });
}

function socketError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:8123`), { code });
}

const retentionText =
  'Code: 469. DB::Exception: Constraint `retention_within_ceiling` for table t.reads ' +
  'is violated at row 1 (VIOLATED_CONSTRAINT)';

const ctx = { op: 'insert', engine: 'server' as const, table: 'reads' };

describe('toStoreError', () => {
  it.each<[string, unknown, string, boolean]>([
    ['server TOO_MANY_PARTS', serverError('252', 'TOO_MANY_PARTS'), STORE_UNAVAILABLE, true],
    ['server timeout', serverError('159', 'TIMEOUT_EXCEEDED'), STORE_UNAVAILABLE, true],
    ['server bad password', serverError('516', 'AUTHENTICATION_FAILED'), STORE_UNAVAILABLE, false],
    ['server syntax error', serverError('62', 'SYNTAX_ERROR'), STORE_QUERY_FAILED, false],
    [
      'chDB unknown table',
      chdbError('Code: 60. DB::Exception: Table t.reads does not exist. (UNKNOWN_TABLE)', 60),
      STORE_QUERY_FAILED,
      false,
    ],
    [
      'chDB row that does not parse',
      chdbError('Code: 27. DB::Exception: Cannot parse (CANNOT_PARSE_INPUT_ASSERTION_FAILED)', 27),
      STORE_INSERT_REJECTED,
      false,
    ],
    ['retention constraint', chdbError(retentionText, 469), ErrorCodes.RETENTION_OVER_LIMIT, false],
    [
      'another constraint',
      chdbError('Code: 469. DB::Exception: Constraint `other` violated (VIOLATED_CONSTRAINT)', 469),
      STORE_INSERT_REJECTED,
      false,
    ],
    ['chDB timeout', chdbError('deadline', undefined, 'CHDB_TIMEOUT'), STORE_UNAVAILABLE, true],
    [
      'chDB second data directory',
      chdbError('only one active data directory per process', undefined, 'CHDB_CONNECTION'),
      STORE_UNAVAILABLE,
      false,
    ],
    ['connection refused', socketError('ECONNREFUSED'), STORE_UNAVAILABLE, true],
    ['connection reset', socketError('ECONNRESET'), STORE_UNAVAILABLE, true],
    ['client request timeout', new Error('Timeout error.'), STORE_UNAVAILABLE, true],
    ['code only in the text', new Error('Code: 252. x (TOO_MANY_PARTS)'), STORE_UNAVAILABLE, true],
    ['code not in the table', chdbError('Code: 99999. odd', 99999), STORE_QUERY_FAILED, false],
    ['not an Error at all', 'boom', STORE_QUERY_FAILED, false],
  ])('failure > %s > %s, retriable %s', (_name, failure, code, retriable) => {
    const e = toStoreError(failure, ctx);
    expect(e.code).toBe(code);
    expect(e.retriable).toBe(retriable);
    expect(e.cause).toBe(failure);
    expect(e.context).toMatchObject(ctx);
  });

  it('failure > already an AlprError > passed through unchanged', () => {
    const original = new AlprError(ErrorCodes.QUERY_INVALID, 'x');
    expect(toStoreError(original, ctx)).toBe(original);
  });

  it('failure > server text quotes a plate > the plate stays out of message and context', () => {
    const text =
      'Code: 27. DB::Exception: Cannot parse input before: \'{"plate_raw":"KTR4821"\' ' +
      '(CANNOT_PARSE_INPUT_ASSERTION_FAILED)';
    const e = toStoreError(chdbError(text, 27), ctx);
    expect(e.message).not.toContain('KTR4821');
    expect(JSON.stringify(e.context)).not.toContain('KTR4821');
  });
});

describe('parseFailure', () => {
  it.each<[string, unknown, Partial<ReturnType<typeof parseFailure>>]>([
    [
      'server error',
      serverError('252', 'TOO_MANY_PARTS'),
      { clickhouseCode: 252, clickhouseType: 'TOO_MANY_PARTS' },
    ],
    [
      'text with a version suffix',
      new Error('Code: 60. DB::Exception: No table x.y. (UNKNOWN_TABLE) (version 24.8.1.1)'),
      { clickhouseCode: 60, clickhouseType: 'UNKNOWN_TABLE' },
    ],
    [
      'constraint name',
      new Error(retentionText),
      { clickhouseCode: 469, constraint: 'retention_within_ceiling' },
    ],
    ['socket error', socketError('EPIPE'), { clickhouseCode: null, clientCode: 'EPIPE' }],
  ])('failure > %s > parsed', (_name, failure, expected) => {
    expect(parseFailure(failure)).toMatchObject(expected);
  });
});
