/**
 * The gateway on the governance store (embedded PGlite, in memory): the
 * whole path from account request to an audited query, and every refusal
 * the policy asks for, each audited.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../lib/errors.ts';
import { silentLogger } from '../lib/log.ts';
import { openPglite, type Db } from '../governance/db.ts';
import { verifyExport } from '../governance/exports.ts';
import {
  seedAgency,
  signIn,
  testGovernance,
  type Agency,
  type TestGovernance,
} from '../governance/test-support.ts';
import { totpCode } from '../governance/totp.ts';
import { listReviews } from '../governance/catalogue.ts';
import { checkPlateQuery } from '../store/query-params.ts';
import { buildGateway, type ReadQueries } from './server.ts';
import { loadPurposes } from './purposes.ts';

const row = { read_id: 'r1', plate_display: 'KTR4821', image: null };
const queries: ReadQueries = {
  // The store's own parameter check, so its field names reach the gateway.
  byPlate: async (q) => (checkPlateQuery(q), [row]),
  byCamera: async () => [row],
  inArea: async () => [],
};
const knownCases = new Set(['2026-CR-001234']);

let db: Db;
let t: TestGovernance;
let agency: Agency;
let app: Awaited<ReturnType<typeof buildGateway>>;
const exportDir = mkdtempSync(join(tmpdir(), 'alpr-gw-export-'));
const key = randomBytes(32);

beforeAll(async () => {
  db = await openPglite(null);
  t = await testGovernance(db);
  agency = await seedAgency(t);
  app = await buildGateway({
    logger: silentLogger,
    purposes: loadPurposes(new URL('../config/purposes.json', import.meta.url).pathname),
    caseNumberPattern: '^[0-9]{4}-[A-Z]{2,4}-[0-9]{3,8}$',
    audit: t.ctx.audit,
    queries,
    governance: {
      ctx: t.ctx,
      exports: { dir: exportDir, key, retentionDays: 90 },
      caseLookup: { exists: async (n) => knownCases.has(n) },
      auditTrail: {
        events: async (q) => t.events.filter((e) => !q.userId || e.user_id === q.userId),
      },
    },
  });
  await app.ready();
}, 60_000);
afterAll(async () => {
  await app?.close();
  await db?.close();
  rmSync(exportDir, { recursive: true, force: true });
});

const good = {
  purpose: 'stolen_vehicle',
  case_number: '2026-CR-001234',
  plate: 'KTR 4821',
  from: '2026-10-01T00:00:00Z',
  to: '2026-11-01T00:00:00Z',
};

async function call(
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  token: string | null,
  body?: object,
) {
  const before = t.events.length;
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const res = await app.inject({ method, url, headers, ...(body ? { payload: body } : {}) });
  return {
    status: res.statusCode,
    json: res.json() as Record<string, any>,
    events: t.events.slice(before),
  };
}

function refusedAndAudited(r: Awaited<ReturnType<typeof call>>, status: number, code: string) {
  expect(r.status).toBe(status);
  expect(r.json.error.code).toBe(code);
  expect(r.json.rows).toBeUndefined();
  const ev = r.events.find((e) => e.event_id === r.json.error.audit_event_id);
  expect(ev).toMatchObject({ outcome: 'refused', refusal_code: code });
  return ev!;
}

describe('gateway with accounts', () => {
  it('account request to audited query > full path over HTTP > rows returned, every step audited', async () => {
    const admin = await signIn(t, agency.admin);
    const chief = await signIn(t, agency.chief);
    const person = {
      username: 'j.mensah',
      name: 'Joseph Mensah',
      agency_id: 'demo-agency',
      badge: '6021',
      email: 'j.mensah@demo-agency.example',
      role: 'analyst',
      justification: 'auto theft task force',
    };
    expect((await call('POST', '/v1/admin/accounts', admin, person)).status).toBe(201);
    const trained = await call('POST', '/v1/admin/training/completions', admin, {
      username: 'j.mensah',
      course_version: 1,
    });
    expect(trained.status).toBe(201);
    const approved = await call('POST', '/v1/admin/accounts/j.mensah/approve', chief);
    expect(approved.status).toBe(200);
    const code = approved.json.enrolment_code as string;
    const enrolled = await call('POST', '/v1/auth/enrol', null, {
      username: 'j.mensah',
      enrolment_code: code,
      password: 'granite-willow-ember-62',
    });
    expect(enrolled.status).toBe(200);
    t.clock.advance(30_000);
    const totp = await totpCode(enrolled.json.totp_secret, t.clock.now);
    const login = await call('POST', '/v1/auth/login', null, {
      username: 'j.mensah',
      password: 'granite-willow-ember-62',
      totp,
    });
    expect(login.status).toBe(200);
    const q = await call('POST', '/v1/reads/by-plate', login.json.token, good);
    expect(q.status).toBe(200);
    expect(q.json.rows).toEqual([row]);
    expect(q.events.at(-1)).toMatchObject({
      action: 'query.plate',
      outcome: 'allowed',
      user_id: 'j.mensah',
    });
    const acts = t.events.map((e) => e.action);
    for (const a of [
      'account.request',
      'training.record',
      'account.approve',
      'account.enrol',
      'auth.login',
    ]) {
      expect(acts).toContain(a);
    }
    expect(JSON.stringify(t.events)).not.toContain('granite-willow-ember-62');
    expect(JSON.stringify(t.events)).not.toContain(enrolled.json.totp_secret);
  });

  it('login > wrong password > 401 LOGIN_FAILED, audited, no token', async () => {
    t.clock.advance(30_000);
    const totp = await totpCode(agency.analyst.totpSecret, t.clock.now);
    const r = await call('POST', '/v1/auth/login', null, {
      username: 'a.rivera',
      password: 'not-it-at-all-00',
      totp,
    });
    const ev = refusedAndAudited(r, 401, ErrorCodes.LOGIN_FAILED);
    expect(ev.user_id).toBe('a.rivera');
    expect(ev.parameters).not.toContain('not-it-at-all-00');
    expect(r.json.token).toBeUndefined();
  });

  it('passwords kept confidential > login body with a secret under another name > refused; only the username recorded', async () => {
    const secret = 'hunter2-my-real-password';
    for (const [url, extra] of [
      ['/v1/auth/login', { password: secret, totp: '123456', passwd: secret }],
      ['/v1/auth/enrol', { password: secret, enrolment_code: 'x'.repeat(24), pin: secret }],
    ] as const) {
      const r = await call('POST', url, null, { username: 'a.rivera', ...extra });
      const ev = refusedAndAudited(r, 400, ErrorCodes.QUERY_INVALID);
      expect(JSON.parse(ev.parameters)).toEqual({ username: 'a.rivera' });
      expect(JSON.stringify(ev)).not.toContain(secret);
    }
  });

  it('bad input > NUL character or an integer past the store > 400 naming the field, audited', async () => {
    const admin = await signIn(t, agency.admin);
    const cases: [string, string, string | null, object | undefined, string][] = [
      [
        'POST',
        '/v1/auth/login',
        null,
        { username: 'r.okafor\u0000', password: 'x', totp: '1' },
        'username',
      ],
      ['GET', '/v1/admin/accounts/a.rivera%00', admin, undefined, 'username'],
      [
        'POST',
        '/v1/reports',
        admin,
        { kind: 'data_error', summary: 'a misread on camera 12', read_id: 'r\u0000' },
        'read_id',
      ],
      [
        'POST',
        '/v1/admin/training/completions',
        admin,
        { username: 'a.rivera', course_version: 99999999999999 },
        'course_version',
      ],
    ];
    for (const [method, url, token, body, field] of cases) {
      const r = await call(method as 'GET' | 'POST', url, token, body);
      refusedAndAudited(r, 400, ErrorCodes.QUERY_INVALID);
      expect(r.json.error.field).toBe(field);
    }
  });

  it('session token > after logout (replayed, or logout again) > 401 UNAUTHENTICATED, audited', async () => {
    const token = await signIn(t, agency.analyst);
    const out = await call('POST', '/v1/auth/logout', token);
    expect(out.status).toBe(200);
    expect(out.events.at(-1)).toMatchObject({ action: 'auth.logout', user_id: 'a.rivera' });
    for (const again of [token, 'not-a-real-token-0000000000']) {
      const r = await call('POST', '/v1/auth/logout', again);
      refusedAndAudited(r, 401, ErrorCodes.UNAUTHENTICATED);
    }
    refusedAndAudited(
      await call('POST', '/v1/reads/by-plate', token, good),
      401,
      ErrorCodes.UNAUTHENTICATED,
    );
  });

  it('session token > past 8 hours > 401 UNAUTHENTICATED, audited', async () => {
    const token = await signIn(t, agency.analyst);
    for (let i = 0; i < 17; i++) {
      t.clock.advance(29 * 60_000);
      await call('GET', '/v1/admin/accounts', token);
    }
    refusedAndAudited(
      await call('POST', '/v1/reads/by-plate', token, good),
      401,
      ErrorCodes.UNAUTHENTICATED,
    );
  });

  it('suspended user with a live session > query > refused, audited under that person with purpose and case', async () => {
    const admin = await signIn(t, agency.admin);
    const token = await signIn(t, agency.analyst);
    const s = await call('POST', '/v1/admin/accounts/a.rivera/suspend', admin, {
      reason: 'audit finding 2026-11',
    });
    expect(s.status).toBe(200);
    const ev = refusedAndAudited(
      await call('POST', '/v1/reads/by-plate', token, good),
      401,
      ErrorCodes.UNAUTHENTICATED,
    );
    // The trail says whose session it was and what it was used for.
    expect(ev).toMatchObject({
      user_id: 'a.rivera',
      purpose: good.purpose,
      case_number: good.case_number,
    });
    expect(JSON.parse(ev.parameters)).toMatchObject({ plate: good.plate });
    const chief = await signIn(t, agency.chief);
    expect(
      (await call('POST', '/v1/admin/accounts/a.rivera/approve', chief)).json.account.status,
    ).toBe('active');
  });

  it('access authorized by chief executive > chief approves self or own request > refused, audited', async () => {
    const chief = await signIn(t, agency.chief);
    const ev = refusedAndAudited(
      await call('POST', '/v1/admin/accounts/r.okafor/approve', chief),
      409,
      ErrorCodes.ACCOUNT_STATE_INVALID,
    );
    expect(ev.user_id).toBe('r.okafor');
    await db.query(`UPDATE accounts SET status = 'requested' WHERE username = 'l.novak'`);
    await db.query(`UPDATE accounts SET requested_by = 'r.okafor' WHERE username = 'l.novak'`);
    refusedAndAudited(
      await call('POST', '/v1/admin/accounts/l.novak/approve', chief),
      403,
      ErrorCodes.SELF_APPROVAL,
    );
    await db.query(`UPDATE accounts SET requested_by = 'd.brennan' WHERE username = 'l.novak'`);
  });

  it('training prior to gaining access > chief approves an untrained user > 403 TRAINING_REQUIRED, audited', async () => {
    const chief = await signIn(t, agency.chief);
    const ev = refusedAndAudited(
      await call('POST', `/v1/admin/accounts/${agency.untrained}/approve`, chief),
      403,
      ErrorCodes.TRAINING_REQUIRED,
    );
    expect(JSON.parse(ev.parameters)).toMatchObject({ username: agency.untrained });
  });

  it('generic identity > program admin requests "dispatch" > 400 IDENTITY_GENERIC, audited', async () => {
    const admin = await signIn(t, agency.admin);
    const r = await call('POST', '/v1/admin/accounts', admin, {
      username: 'dispatch',
      name: 'Night Dispatch',
      agency_id: 'demo-agency',
      badge: 'D-1',
      email: 'dispatch@demo-agency.example',
      role: 'analyst',
      justification: 'shared desk terminal',
    });
    refusedAndAudited(r, 400, ErrorCodes.IDENTITY_GENERIC);
  });

  it.each([
    ['missing case number', { ...good, case_number: undefined }, 400, ErrorCodes.QUERY_INVALID],
    [
      'malformed case number',
      { ...good, case_number: 'burglary' },
      400,
      ErrorCodes.CASE_NUMBER_INVALID,
    ],
    [
      'case unknown to the records system',
      { ...good, case_number: '2026-CR-000001' },
      400,
      ErrorCodes.CASE_NOT_FOUND,
    ],
    [
      'purpose outside the catalogue',
      { ...good, purpose: 'curiosity' },
      403,
      ErrorCodes.PURPOSE_NOT_PERMITTED,
    ],
  ] as const)(
    'select a purpose and enter a case number > %s > refused, audited',
    async (_n, body, status, code) => {
      const token = await signIn(t, agency.analyst);
      const ev = refusedAndAudited(
        await call('POST', '/v1/reads/by-plate', token, body),
        status,
        code,
      );
      expect(ev.user_id).toBe('a.rivera');
    },
  );

  it('prohibit all other purposes > prohibited use named > 403, audited and queued for review', async () => {
    const token = await signIn(t, agency.analyst);
    const body = { ...good, purpose: 'immigration_enforcement' };
    const ev = refusedAndAudited(
      await call('POST', '/v1/reads/by-plate', token, body),
      403,
      ErrorCodes.PURPOSE_PROHIBITED,
    );
    const items = await listReviews(db);
    expect(items.at(-1)).toMatchObject({
      kind: 'prohibited_use',
      user_id: 'a.rivera',
      purpose: 'immigration_enforcement',
      audit_event_id: ev.event_id,
    });
    const chief = await signIn(t, agency.chief);
    const oversight = await call('GET', '/v1/admin/review-queue', chief);
    expect(oversight.json.items.length).toBeGreaterThan(0);
    const id = items.at(-1)!.review_id;
    const done = await call('POST', `/v1/admin/review-queue/${id}/resolve`, chief, {
      resolution: 'referred to IA',
    });
    expect(done.json).toMatchObject({
      review_id: id,
      resolved_by: 'r.okafor',
      resolution: 'referred to IA',
    });
    expect(done.events.at(-1)).toMatchObject({ action: 'review.resolve', user_id: 'r.okafor' });
    refusedAndAudited(
      await call('POST', `/v1/admin/review-queue/${id}/resolve`, chief, { resolution: 'again' }),
      409,
      ErrorCodes.ACCOUNT_STATE_INVALID,
    );
  });

  it('accessible only to users who need the data > program administrator reads plate data > 403 ROLE_FORBIDDEN', async () => {
    const token = await signIn(t, agency.admin);
    refusedAndAudited(
      await call('POST', '/v1/reads/by-plate', token, good),
      403,
      ErrorCodes.ROLE_FORBIDDEN,
    );
  });

  it('purpose when downloading > export with purpose and case number > signed files, audit lists them', async () => {
    const token = await signIn(t, agency.analyst);
    const r = await call('POST', '/v1/exports', token, { ...good, notes: 'evidence for court' });
    expect(r.status).toBe(201);
    expect(r.json.path.startsWith(exportDir)).toBe(true);
    expect(verifyExport(r.json.path, key)).toEqual([]);
    const ev = r.events.find((e) => e.event_id === r.json.audit_event_id)!;
    expect(ev).toMatchObject({
      action: 'export.create',
      outcome: 'allowed',
      purpose: 'stolen_vehicle',
      case_number: '2026-CR-001234',
      row_count: 1,
    });
    expect(JSON.parse(ev.parameters).files.map((f: { path: string }) => f.path)).toEqual([
      'reads.json',
    ]);
  });

  it('purpose when downloading > export without a case number > 400, audited, nothing written', async () => {
    const token = await signIn(t, agency.analyst);
    refusedAndAudited(
      await call('POST', '/v1/exports', token, { ...good, case_number: undefined }),
      400,
      ErrorCodes.QUERY_INVALID,
    );
  });

  it('purpose when downloading > export over a year or reversed > 400 naming the API field', async () => {
    const token = await signIn(t, agency.analyst);
    for (const window of [
      { from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' },
      { from: '2026-10-02T00:00:00Z', to: '2026-10-01T00:00:00Z' },
    ]) {
      const r = await call('POST', '/v1/exports', token, { ...good, ...window });
      refusedAndAudited(r, 400, ErrorCodes.QUERY_INVALID);
      expect(r.json.error.field).toBe('to');
      expect(r.json.error.message).not.toMatch(/toMs|fromMs/);
    }
  });

  it('catalogue change > chief publishes without a purpose > that purpose refused from then on', async () => {
    const chief = await signIn(t, agency.chief);
    const c = (await call('GET', '/v1/purposes', null)).json;
    const next = {
      permitted: c.permitted.filter((p: { id: string }) => p.id !== 'missing_person'),
      prohibited: c.prohibited,
      not_sought: c.not_sought,
    };
    const r = await call('PUT', '/v1/admin/purposes', chief, next);
    expect(r.status).toBe(200);
    expect(r.events.at(-1)).toMatchObject({ action: 'catalogue.change', user_id: 'r.okafor' });
    const token = await signIn(t, agency.analyst);
    refusedAndAudited(
      await call('POST', '/v1/reads/by-plate', token, { ...good, purpose: 'missing_person' }),
      403,
      ErrorCodes.PURPOSE_NOT_PERMITTED,
    );
  });

  it('use monitored and audited > chief reads the audit trail > events returned, the reading audited', async () => {
    const chief = await signIn(t, agency.chief);
    const url =
      '/v1/audit/events?from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z&user_id=a.rivera';
    const r = await call('GET', url, chief);
    expect(r.status).toBe(200);
    expect(r.json.events.length).toBeGreaterThan(0);
    expect(r.events.at(-1)).toMatchObject({
      action: 'audit.read',
      outcome: 'allowed',
      user_id: 'r.okafor',
    });
  });

  it('audit trail > analyst asks for it > 403 ROLE_FORBIDDEN, audited', async () => {
    const token = await signIn(t, agency.analyst);
    const url = '/v1/audit/events?from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z';
    refusedAndAudited(await call('GET', url, token), 403, ErrorCodes.ROLE_FORBIDDEN);
  });

  it('mechanism to report errors and violations > over HTTP > receipt, audited; the chief reads it, the reading audited', async () => {
    const analyst = await signIn(t, agency.analyst);
    const filed = await call('POST', '/v1/reports', analyst, {
      kind: 'data_error',
      summary: 'Camera 12 reads 8 as B on every plate since Monday.',
      read_id: 'r1',
    });
    expect(filed.status).toBe(201);
    expect(Object.keys(filed.json).sort()).toEqual([
      'created_at',
      'kind',
      'report_id',
      'review_id',
    ]);
    expect(filed.events.at(-1)).toMatchObject({ action: 'report.file', user_id: 'a.rivera' });
    const chief = await signIn(t, agency.chief);
    const listed = await call('GET', '/v1/admin/reports?open=true', chief);
    expect(listed.status).toBe(200);
    expect(listed.json.reports[0]).toMatchObject({
      report_id: filed.json.report_id,
      reporter: 'a.rivera',
      read_id: 'r1',
    });
    expect(listed.events.at(-1)).toMatchObject({
      action: 'report.list',
      outcome: 'allowed',
      user_id: 'r.okafor',
    });
    refusedAndAudited(
      await call('GET', '/v1/admin/reports', analyst),
      403,
      ErrorCodes.ROLE_FORBIDDEN,
    );
  });

  it('mechanism to report errors and violations > bad report over HTTP > 400 naming the field, audited', async () => {
    const analyst = await signIn(t, agency.analyst);
    const cases: [object, string, string][] = [
      [{ kind: 'gossip', summary: 'something long enough' }, 'kind', 'QUERY_INVALID'],
      [{ kind: 'data_error' }, 'summary', 'QUERY_INVALID'],
      [{ kind: 'data_error', summary: 'too short' }, 'summary', ErrorCodes.REPORT_INVALID],
      [{ kind: 'data_error', summary: 'a misread plate', plate: 'X' }, 'plate', 'QUERY_INVALID'],
    ];
    for (const [body, field, code] of cases) {
      const r = await call('POST', '/v1/reports', analyst, body);
      refusedAndAudited(r, 400, r.json.error.code);
      expect(r.json.error).toMatchObject({ field });
      expect(r.json.error.code).toBe(code);
    }
    const anonymous = await call('POST', '/v1/reports', null, { kind: 'data_error', summary: 'x' });
    expect(anonymous.status).toBe(401);
  });
});
