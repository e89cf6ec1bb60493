import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlprError, ErrorCodes } from '../lib/errors.ts';
import { silentLogger } from '../lib/log.ts';
import type { AuditEvent } from '../schemas/types.ts';
import type { AuditLog } from './audit.ts';
import { createDirectory, hashToken } from './identity.ts';
import { loadPurposes } from './purposes.ts';
import { buildGateway, type ReadQueries } from './server.ts';

const TOKEN = 'analyst-token-0123456789abcdef';
const events: AuditEvent[] = [];
let auditFails = false;
const audit: AuditLog = {
  async write(e) {
    if (auditFails)
      throw new AlprError(ErrorCodes.AUDIT_WRITE_FAILED, 'broker down', { retriable: true });
    events.push(e);
  },
};
const row = { read_id: 'r1', plate_display: 'KTR4821' };
const queries: ReadQueries = {
  byPlate: async (q) => {
    if (q.toMs - q.fromMs > 90 * 86_400_000) {
      throw new AlprError(ErrorCodes.QUERY_INVALID, 'toMs: window longer than 90 days', {
        context: { field: 'toMs' },
      });
    }
    return Array.from({ length: Math.min(q.limit, 1) }, () => row);
  },
  byCamera: async () => [row, row],
  inArea: async () => [],
};

const app = await buildGateway({
  logger: silentLogger,
  directory: createDirectory([
    {
      user_id: 'jdoe',
      name: 'Jane Doe',
      agency_id: 'a1',
      roles: ['analyst'],
      token_sha256: hashToken(TOKEN),
    },
  ]),
  purposes: loadPurposes(new URL('../config/purposes.json', import.meta.url).pathname),
  caseNumberPattern: '^[0-9]{4}-[A-Z]{2,4}-[0-9]{3,8}$',
  audit,
  queries,
});
beforeAll(() => app.ready());
afterAll(() => app.close());

const good = {
  purpose: 'stolen_vehicle',
  case_number: '2026-CR-001234',
  notes: 'tow lot follow-up',
  plate: 'KTR 4821',
  from: '2026-11-01T00:00:00Z',
  to: '2026-12-01T00:00:00Z',
};

async function post(body: unknown, token: string | null = TOKEN, url = '/v1/reads/by-plate') {
  events.length = 0;
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const res = await app.inject({ method: 'POST', url, payload: body as object, headers });
  return { status: res.statusCode, json: res.json() as Record<string, any>, events: [...events] };
}

describe('access gateway', () => {
  it('plate query > identified, listed purpose, valid case number > rows returned after one audit event', async () => {
    const r = await post(good);
    expect(r.status).toBe(200);
    expect(r.json.rows).toEqual([row]);
    expect(r.events).toHaveLength(1);
    expect(r.events[0]).toMatchObject({
      action: 'query.plate',
      outcome: 'allowed',
      user_id: 'jdoe',
      purpose: 'stolen_vehicle',
      case_number: '2026-CR-001234',
      notes: 'tow lot follow-up',
      row_count: 1,
    });
    expect(JSON.parse(r.events[0]!.parameters)).toMatchObject({ plate: 'KTR 4821' });
    expect(r.json.audit_event_id).toBe(r.events[0]!.event_id);
  });

  it.each([
    ['no token', good, null, 401, ErrorCodes.UNAUTHENTICATED],
    ['unknown token', good, 'someone-elses-token-000000', 401, ErrorCodes.UNAUTHENTICATED],
    [
      'purpose outside the catalogue',
      { ...good, purpose: 'curiosity' },
      TOKEN,
      403,
      ErrorCodes.PURPOSE_NOT_PERMITTED,
    ],
    [
      'prohibited use',
      { ...good, purpose: 'immigration_enforcement' },
      TOKEN,
      403,
      ErrorCodes.PURPOSE_PROHIBITED,
    ],
    [
      'malformed case number',
      { ...good, case_number: 'investigation' },
      TOKEN,
      400,
      ErrorCodes.CASE_NUMBER_INVALID,
    ],
    [
      'missing case number',
      { ...good, case_number: undefined },
      TOKEN,
      400,
      ErrorCodes.QUERY_INVALID,
    ],
    ['missing purpose', { ...good, purpose: undefined }, TOKEN, 400, ErrorCodes.QUERY_INVALID],
    [
      'prohibited use in capitals with a trailing space',
      { ...good, purpose: 'IMMIGRATION_ENFORCEMENT ' },
      TOKEN,
      403,
      ErrorCodes.PURPOSE_PROHIBITED,
    ],
    [
      'prohibited use run together, with a dotless i',
      { ...good, purpose: 'ımmigrationenforcement' },
      TOKEN,
      403,
      ErrorCodes.PURPOSE_PROHIBITED,
    ],
    [
      'prohibited use written as words',
      { ...good, purpose: 'Immigration enforcement' },
      TOKEN,
      403,
      ErrorCodes.PURPOSE_PROHIBITED,
    ],
    ['unknown field', { ...good, sql: 'DROP TABLE reads' }, TOKEN, 400, ErrorCodes.QUERY_INVALID],
    ['time without zone', { ...good, from: 'yesterday' }, TOKEN, 400, ErrorCodes.QUERY_INVALID],
  ] as const)(
    'plate query > %s > refused, audited, no rows',
    async (_name, body, token, status, code) => {
      const r = await post(body, token);
      expect(r.status).toBe(status);
      expect(r.json.error.code).toBe(code);
      expect(r.json.rows).toBeUndefined();
      expect(r.events).toHaveLength(1);
      expect(r.events[0]).toMatchObject({
        outcome: 'refused',
        refusal_code: code,
        action: 'query.plate',
      });
      expect(r.events[0]!.user_id).toBe(status === 401 ? null : 'jdoe');
    },
  );

  it('plate query > missing field > error names the field', async () => {
    const r = await post({ ...good, case_number: undefined });
    expect(r.json.error.field).toBe('case_number');
  });

  it('plate query > audit trail unavailable > 503 and no rows', async () => {
    auditFails = true;
    try {
      const r = await post(good);
      expect(r.status).toBe(503);
      expect(r.json.error.code).toBe(ErrorCodes.AUDIT_WRITE_FAILED);
      expect(r.json.rows).toBeUndefined();
    } finally {
      auditFails = false;
    }
  });

  it('camera query > allowed > audit row count matches rows sent', async () => {
    const r = await post(
      { ...good, plate: undefined, camera_id: 'cam-1' },
      TOKEN,
      '/v1/reads/by-camera',
    );
    expect(r.status).toBe(200);
    expect(r.events[0]).toMatchObject({ action: 'query.camera', row_count: 2 });
  });

  it.each([
    ['/v1/admin/accounts/%', 400, ErrorCodes.QUERY_INVALID],
    ['/v1/reads/by-plate%ZZ', 400, ErrorCodes.QUERY_INVALID],
    ['/v1/no-such-route?x=1', 404, ErrorCodes.ROUTE_NOT_FOUND],
  ])('request for %s > %s in the product error shape naming the url', async (url, status, code) => {
    const res = await app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(status);
    expect(res.json()).toMatchObject({ error: { code, field: 'url' } });
  });

  it('openapi > served > lists the three queries', async () => {
    const res = await app.inject({ method: 'GET', url: '/openapi.json' });
    const doc = res.json() as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/reads/by-plate', '/v1/reads/by-camera', '/v1/reads/in-area']),
    );
  });

  it.each([
    ['malformed JSON', '{"purpose": ', 'application/json', 400, ErrorCodes.QUERY_INVALID, 'body'],
    ['empty body', '', 'application/json', 400, ErrorCodes.QUERY_INVALID, 'body'],
    [
      '__proto__ key',
      '{"__proto__": {"x": 1}}',
      'application/json',
      400,
      ErrorCodes.QUERY_INVALID,
      'body',
    ],
    [
      'body nested 20,000 deep',
      '['.repeat(20_000) + ']'.repeat(20_000),
      'application/json',
      400,
      ErrorCodes.QUERY_INVALID,
      'body',
    ],
    ['array body', '[]', 'application/json', 400, ErrorCodes.QUERY_INVALID, 'body'],
    ['text body', 'plate KTR4821', 'text/plain', 415, ErrorCodes.QUERY_INVALID, 'content-type'],
    [
      'XML body',
      '<plate>KTR4821</plate>',
      'application/xml',
      415,
      ErrorCodes.QUERY_INVALID,
      'content-type',
    ],
    [
      'body over 64 KiB',
      JSON.stringify({ notes: 'x'.repeat(70_000) }),
      'application/json',
      413,
      ErrorCodes.MESSAGE_TOO_LARGE,
      'body',
    ],
  ])(
    'plate query > %s > named error, audited as refused',
    async (_n, payload, type, status, code, field) => {
      events.length = 0;
      const res = await app.inject({
        method: 'POST',
        url: '/v1/reads/by-plate',
        payload,
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': type },
      });
      expect(res.statusCode).toBe(status);
      const json = res.json() as { error: { code: string; field: string } };
      expect(json.error).toMatchObject({ code, field });
      expect(events[0]).toMatchObject({ outcome: 'refused', refusal_code: code });
    },
  );

  it('plate query > window refused by the store > error names the API field', async () => {
    const r = await post({ ...good, from: '2026-01-01T00:00:00Z', to: '2026-12-01T00:00:00Z' });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ code: ErrorCodes.QUERY_INVALID, field: 'to' });
    expect(r.json.error.message).not.toMatch(/toMs/);
  });

  it('plate query > page filled to the limit > marked truncated', async () => {
    const full = await post({ ...good, limit: 1 });
    expect(full.json).toMatchObject({ row_count: 1, truncated: true });
    const partial = await post({ ...good, limit: 5 });
    expect(partial.json).toMatchObject({ row_count: 1, truncated: false });
  });
});
