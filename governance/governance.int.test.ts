/**
 * The account, credential and training workflows on both engines: embedded
 * PGlite and a real PostgreSQL server (ALPR_POSTGRES_URL; .ci/run starts
 * one). The catalogue and exports are in records.int.test.ts. Each engine
 * gets one store; tests run in order and the clock only moves forward, so
 * the time-travel tests (sessions, lockout, training expiry, inactivity)
 * come last.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../lib/errors.ts';
import {
  approveAccount,
  changeRole,
  getAccount,
  refuseAccount,
  removeAccount,
  requestAccount,
  suspendAccount,
} from './accounts.ts';
import { authenticate, enrol, login, suspendInactive } from './auth.ts';
import { DAY_MS } from './context.ts';
import { openPglite, openPostgres, type Db } from './db.ts';
import { migrate } from './migrate.ts';
import {
  person,
  seedAgency,
  signIn,
  testGovernance,
  type Agency,
  type Member,
  type TestGovernance,
} from './test-support.ts';
import { totpCode } from './totp.ts';
import { publishCourse, recordCompletion, REQUIRED_TOPICS, trainingStatus } from './training.ts';

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

const url = process.env.ALPR_POSTGRES_URL;
const engines: [string, () => Promise<Db>, boolean][] = [
  ['pglite', () => openPglite(null), true],
  [
    'postgres',
    () => openPostgres(url!, { schema: `gov_${randomBytes(6).toString('hex')}` }),
    Boolean(url),
  ],
];

for (const [engine, open, available] of engines) {
  describe.skipIf(!available)(`governance on ${engine}`, () => {
    let t: TestGovernance;
    let agency: Agency;
    let db: Db;
    const bearer = (token: string) => `Bearer ${token}`;
    const fresh = async (username: string, badge: string, trained = true): Promise<Member> => {
      await requestAccount(
        t.ctx,
        agency.admin.user,
        person(username, `Test ${username}`, badge, 'analyst'),
      );
      if (trained)
        await recordCompletion(t.ctx, agency.admin.user, { username, course_version: 1 });
      const ap = await approveAccount(t.ctx, agency.chief.user, username);
      const pw = `orchid-${badge}-lantern-vessel`;
      const e = await enrol(t.ctx, { username, enrolment_code: ap.enrolment_code!, password: pw });
      const a = await getAccount(t.ctx.db, username);
      return {
        user: { user_id: username, name: a.name, agency_id: a.agency_id, roles: ['analyst'] },
        username,
        password: pw,
        totpSecret: e.totp_secret,
      };
    };

    beforeAll(async () => {
      db = await open();
      t = await testGovernance(db);
      agency = await seedAgency(t);
    });
    afterAll(() => db?.close());

    it('migrations > applied twice > second run applies nothing', async () => {
      expect(await migrate(db)).toEqual([]);
      const rows = await db.query<{ version: unknown }>(
        'SELECT version FROM schema_migrations ORDER BY version',
      );
      expect(rows.map((r) => Number(r.version))).toEqual([1, 2, 3, 4]);
    });

    it('access authorized by chief executive > approval > account active, audited with the approver', async () => {
      const a = await getAccount(db, 'a.rivera');
      expect(a).toMatchObject({
        status: 'active',
        decided_by: 'r.okafor',
        requested_by: 'd.brennan',
      });
      const ev = t.events.find(
        (e) => e.action === 'account.approve' && e.parameters.includes('a.rivera'),
      );
      expect(ev).toMatchObject({ user_id: 'r.okafor', outcome: 'allowed' });
    });

    it('user IDs correspond to specific individuals > generic username requested > IDENTITY_GENERIC', async () => {
      const p = person('patrol12', 'Patrol Car', '9001', 'analyst');
      expect(await codeOf(requestAccount(t.ctx, agency.admin.user, p))).toBe(
        ErrorCodes.IDENTITY_GENERIC,
      );
    });

    it('designate personnel to oversee the program > administrator suspends or removes the chief > ROLE_FORBIDDEN, chief still active', async () => {
      const admin = agency.admin.user;
      expect(await codeOf(suspendAccount(t.ctx, admin, 'r.okafor', 'dislike'))).toBe(
        ErrorCodes.ROLE_FORBIDDEN,
      );
      expect(await codeOf(removeAccount(t.ctx, admin, 'r.okafor', 'dislike'))).toBe(
        ErrorCodes.ROLE_FORBIDDEN,
      );
      expect(await getAccount(db, 'r.okafor')).toMatchObject({ status: 'active' });
    });

    it('training prior to gaining access > administrator records their own training > SELF_APPROVAL', async () => {
      const own = { username: 'd.brennan', course_version: 1 };
      expect(await codeOf(recordCompletion(t.ctx, agency.admin.user, own))).toBe(
        ErrorCodes.SELF_APPROVAL,
      );
    });

    it('removing users > administrator removes their own account > SELF_APPROVAL', async () => {
      expect(await codeOf(removeAccount(t.ctx, agency.admin.user, 'D.Brennan', 'leaving'))).toBe(
        ErrorCodes.SELF_APPROVAL,
      );
    });

    it('access authorized by chief executive of the agency > administrator requests for another agency > AGENCY_FORBIDDEN', async () => {
      const p = {
        ...person('m.ortiz', 'Maria Ortiz', '7310', 'analyst'),
        agency_id: 'other-agency',
      };
      const err = await requestAccount(t.ctx, agency.admin.user, p).catch((e) => e);
      expect(err).toMatchObject({
        code: ErrorCodes.AGENCY_FORBIDDEN,
        context: { field: 'agency_id' },
      });
      expect(await codeOf(getAccount(db, 'm.ortiz'))).toBe(ErrorCodes.ACCOUNT_NOT_FOUND);
    });

    it('access authorized by chief executive of the agency > chief of another agency decides > AGENCY_FORBIDDEN', async () => {
      await requestAccount(
        t.ctx,
        agency.admin.user,
        person('k.walsh', 'Kim Walsh', '7311', 'analyst'),
      );
      await recordCompletion(t.ctx, agency.admin.user, { username: 'k.walsh', course_version: 1 });
      const otherChief = {
        user_id: 'p.lindqvist',
        name: 'Per Lindqvist',
        agency_id: 'other-agency',
        roles: ['chief_executive'],
      };
      expect(await codeOf(approveAccount(t.ctx, otherChief, 'k.walsh'))).toBe(
        ErrorCodes.AGENCY_FORBIDDEN,
      );
      expect(await codeOf(refuseAccount(t.ctx, otherChief, 'k.walsh', 'not ours'))).toBe(
        ErrorCodes.AGENCY_FORBIDDEN,
      );
      expect(await getAccount(db, 'k.walsh')).toMatchObject({ status: 'requested' });
    });

    it.each([
      [
        'badge written C-01 for C-1',
        { name: 'R. A. Okafor', badge: 'C-01', email: 'ra.okafor@demo-agency.example' },
      ],
      [
        'e-mail with a +tag',
        { name: 'Ruth Adaeze', badge: 'Z-88', email: 'R.Okafor+lpr@demo-agency.example' },
      ],
      [
        'same name, accents and case aside',
        { name: 'RUTH  OKÁFOR', badge: 'Z-89', email: 'ruth.o@demo-agency.example' },
      ],
    ])(
      'user IDs correspond to specific individuals > the chief again, %s > ACCOUNT_DUPLICATE_PERSON',
      async (_n, who) => {
        const p = { ...person('ruth.okafor', 'x', 'x', 'analyst'), ...who };
        const err = await requestAccount(t.ctx, agency.admin.user, p).catch((e) => e);
        expect(err).toMatchObject({
          code: ErrorCodes.ACCOUNT_DUPLICATE_PERSON,
          context: { username: 'r.okafor' },
        });
      },
    );

    it('user IDs correspond to specific individuals > same badge in the agency > ACCOUNT_DUPLICATE_PERSON', async () => {
      const p = { ...person('ana.rivera2x', 'Ana Rivera', '4411', 'analyst'), username: 'ana.r' };
      expect(await codeOf(requestAccount(t.ctx, agency.admin.user, p))).toBe(
        ErrorCodes.ACCOUNT_DUPLICATE_PERSON,
      );
    });

    it('user IDs correspond to specific individuals > same e-mail > ACCOUNT_DUPLICATE_PERSON', async () => {
      const p = {
        ...person('ana.r', 'Ana Rivera', '9999', 'analyst'),
        email: 'A.Rivera@demo-agency.example',
      };
      expect(await codeOf(requestAccount(t.ctx, agency.admin.user, p))).toBe(
        ErrorCodes.ACCOUNT_DUPLICATE_PERSON,
      );
    });

    it('procedures for granting accounts > analyst requests an account > ROLE_FORBIDDEN', async () => {
      const p = person('j.doe', 'Jane Doe', '7000', 'analyst');
      expect(await codeOf(requestAccount(t.ctx, agency.analyst.user, p))).toBe(
        ErrorCodes.ROLE_FORBIDDEN,
      );
    });

    it('access authorized by chief executive > program admin approves > ROLE_FORBIDDEN', async () => {
      expect(await codeOf(approveAccount(t.ctx, agency.admin.user, agency.untrained))).toBe(
        ErrorCodes.ROLE_FORBIDDEN,
      );
    });

    it('training prior to gaining access > chief approves an untrained person > TRAINING_REQUIRED', async () => {
      expect(await codeOf(approveAccount(t.ctx, agency.chief.user, agency.untrained))).toBe(
        ErrorCodes.TRAINING_REQUIRED,
      );
      expect((await getAccount(db, agency.untrained)).status).toBe('requested');
    });

    it('access authorized by chief executive > chief approves an account for themselves > SELF_APPROVAL', async () => {
      // A second account for the chief's own person is refused as a duplicate; a request
      // by the chief (given the admin role for it) for someone else is their own request.
      const dual = { ...agency.chief.user, roles: ['chief_executive', 'program_admin'] };
      await requestAccount(t.ctx, dual, person('m.ortiz', 'Maria Ortiz', '3300', 'analyst'));
      await recordCompletion(t.ctx, agency.admin.user, { username: 'm.ortiz', course_version: 1 });
      expect(await codeOf(approveAccount(t.ctx, agency.chief.user, 'm.ortiz'))).toBe(
        ErrorCodes.SELF_APPROVAL,
      );
    });

    it('access authorized on a user-by-user basis > chief refuses a request > refused, audited', async () => {
      await requestAccount(
        t.ctx,
        agency.admin.user,
        person('k.lund', 'Karl Lund', '3301', 'analyst'),
      );
      const a = await refuseAccount(t.ctx, agency.chief.user, 'k.lund', 'no investigative need');
      expect(a.status).toBe('refused');
      expect(t.events.at(-1)).toMatchObject({ action: 'account.refuse', user_id: 'r.okafor' });
    });

    it('require strong passwords > weak password at enrolment > PASSWORD_WEAK, code still usable', async () => {
      await requestAccount(
        t.ctx,
        agency.admin.user,
        person('p.haas', 'Paul Haas', '3302', 'analyst'),
      );
      await recordCompletion(t.ctx, agency.admin.user, { username: 'p.haas', course_version: 1 });
      const ap = await approveAccount(t.ctx, agency.chief.user, 'p.haas');
      const weak = enrol(t.ctx, {
        username: 'p.haas',
        enrolment_code: ap.enrolment_code!,
        password: 'password1234',
      });
      expect(await codeOf(weak)).toBe(ErrorCodes.PASSWORD_WEAK);
      const ok = await enrol(t.ctx, {
        username: 'p.haas',
        enrolment_code: ap.enrolment_code!,
        password: 'marble-canyon-fennel-12',
      });
      expect(ok.otpauth_uri).toMatch(/^otpauth:\/\/totp\//);
      const again = enrol(t.ctx, {
        username: 'p.haas',
        enrolment_code: ap.enrolment_code!,
        password: 'marble-canyon-fennel-13',
      });
      expect(await codeOf(again)).toBe(ErrorCodes.ENROLMENT_INVALID);
    });

    it('passwords kept confidential > login and enrolment > no password, code or secret in any audit event', async () => {
      const all = JSON.stringify(t.events);
      for (const m of [agency.chief, agency.admin, agency.analyst]) {
        expect(all).not.toContain(m.password);
        expect(all).not.toContain(m.totpSecret);
      }
    });

    it('login > password and current TOTP > session; token stored only hashed', async () => {
      const token = await signIn(t, agency.analyst);
      expect(await authenticate(t.ctx, bearer(token))).toMatchObject({
        user_id: 'a.rivera',
        roles: ['analyst'],
      });
      const raw = await db.query('SELECT 1 FROM sessions WHERE token_sha256 = $1', [token]);
      expect(raw).toHaveLength(0);
      expect(t.events.at(-1)).toMatchObject({
        action: 'auth.login',
        outcome: 'allowed',
        user_id: 'a.rivera',
      });
    });

    it('login > wrong password > LOGIN_FAILED, audited with the reason', async () => {
      t.clock.advance(30_000);
      const totp = await totpCode(agency.analyst.totpSecret, t.clock.now);
      const r = login(t.ctx, { username: 'a.rivera', password: 'not-the-password-00', totp });
      expect(await codeOf(r)).toBe(ErrorCodes.LOGIN_FAILED);
      expect(t.events.at(-1)).toMatchObject({
        action: 'auth.login',
        outcome: 'refused',
        refusal_code: 'LOGIN_FAILED',
      });
      expect(JSON.parse(t.events.at(-1)!.parameters)).toEqual({ reason: 'wrong_password' });
    });

    it('second factor > TOTP code replayed > LOGIN_FAILED', async () => {
      t.clock.advance(30_000);
      const totp = await totpCode(agency.analyst.totpSecret, t.clock.now);
      await login(t.ctx, { username: 'a.rivera', password: agency.analyst.password, totp });
      const replay = login(t.ctx, {
        username: 'a.rivera',
        password: agency.analyst.password,
        totp,
      });
      expect(await codeOf(replay)).toBe(ErrorCodes.LOGIN_FAILED);
      expect(JSON.parse(t.events.at(-1)!.parameters)).toEqual({ reason: 'wrong_or_replayed_totp' });
    });

    it('suspended user with a live session > next request > refused', async () => {
      const m = await fresh('s.ivanova', '3303');
      const token = await signIn(t, m);
      await suspendAccount(t.ctx, agency.chief.user, 's.ivanova', 'investigation of misuse');
      expect(await codeOf(authenticate(t.ctx, bearer(token)))).toBe(ErrorCodes.UNAUTHENTICATED);
      t.clock.advance(30_000);
      const again = login(t.ctx, {
        username: m.username,
        password: m.password,
        totp: await totpCode(m.totpSecret, t.clock.now),
      });
      expect(await codeOf(again)).toBe(ErrorCodes.ACCOUNT_INACTIVE);
    });

    it('removing users > removal > sessions end, credentials erased, history kept', async () => {
      const m = await fresh('t.berg', '3304');
      const token = await signIn(t, m);
      await removeAccount(t.ctx, agency.admin.user, 't.berg', 'left the agency');
      expect(await codeOf(authenticate(t.ctx, bearer(token)))).toBe(ErrorCodes.UNAUTHENTICATED);
      const [row] = await db.query<Record<string, unknown>>(
        'SELECT * FROM accounts WHERE username = $1',
        ['t.berg'],
      );
      expect(row).toMatchObject({ status: 'removed', password_hash: null, totp_secret: null });
      expect(t.events.filter((e) => e.user_id === 't.berg').length).toBeGreaterThan(0);
    });

    it('role change > chief changes a role > live sessions end, audited', async () => {
      const m = await fresh('u.costa', '3305');
      const token = await signIn(t, m);
      const a = await changeRole(t.ctx, agency.chief.user, 'u.costa', 'auditor');
      expect(a.role).toBe('auditor');
      expect(await codeOf(authenticate(t.ctx, bearer(token)))).toBe(ErrorCodes.UNAUTHENTICATED);
      expect(t.events.at(-1)).toMatchObject({ action: 'account.role_change', user_id: 'r.okafor' });
    });

    it('training content > course missing a required topic > TRAINING_COURSE_INVALID', async () => {
      const topics = REQUIRED_TOPICS.filter((x) => x !== 'hit_verification');
      expect(
        await codeOf(publishCourse(t.ctx, agency.admin.user, { title: 'short course', topics })),
      ).toBe(ErrorCodes.TRAINING_COURSE_INVALID);
    });

    // ---- time moves forward from here on ----

    it('sessions short-lived > 31 minutes idle > UNAUTHENTICATED', async () => {
      const token = await signIn(t, agency.analyst);
      t.clock.advance(31 * 60_000);
      expect(await codeOf(authenticate(t.ctx, bearer(token)))).toBe(ErrorCodes.UNAUTHENTICATED);
    });

    it('sessions short-lived > used every 20 minutes for 8 hours > expires anyway', async () => {
      const token = await signIn(t, agency.analyst);
      for (let i = 0; i < 23; i++) {
        t.clock.advance(20 * 60_000);
        await authenticate(t.ctx, bearer(token));
      }
      t.clock.advance(20 * 60_000);
      expect(await codeOf(authenticate(t.ctx, bearer(token)))).toBe(ErrorCodes.UNAUTHENTICATED);
    });

    it('lockout > 5 wrong passwords > locked 15 minutes even for the right one, then usable', async () => {
      const m = await fresh('v.stone', '3306');
      for (let i = 0; i < 5; i++) {
        t.clock.advance(30_000);
        const r = login(t.ctx, {
          username: m.username,
          password: 'wrong-password-xx',
          totp: '000000',
        });
        expect(await codeOf(r)).toBe(ErrorCodes.LOGIN_FAILED);
      }
      expect(
        t.events.some((e) => e.action === 'account.lock' && e.parameters.includes('v.stone')),
      ).toBe(true);
      t.clock.advance(30_000);
      const right = login(t.ctx, {
        username: m.username,
        password: m.password,
        totp: await totpCode(m.totpSecret, t.clock.now),
      });
      expect(await codeOf(right)).toBe(ErrorCodes.ACCOUNT_LOCKED);
      t.clock.advance(15 * 60_000);
      expect(await signIn(t, m)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });

    it('process for removing inactive users > 90 days unused > suspended, login refused', async () => {
      t.clock.advance(91 * DAY_MS);
      const suspended = await suspendInactive(t.ctx);
      expect(suspended).toContain('p.haas');
      expect((await getAccount(db, 'p.haas')).status_reason).toBe('inactivity');
    });

    it('access lapses at training expiry > 12 months after completion > TRAINING_REQUIRED', async () => {
      const m = await fresh('w.tran', '3307');
      const token = await signIn(t, m);
      const s = await trainingStatus(db, (await getAccount(db, 'w.tran')).account_id, t.clock.now);
      expect(s.current).toBe(true);
      // keep the account in use so that inactivity does not suspend it first
      for (let d = 0; d < 366; d += 60) {
        t.clock.advance(Math.min(60, 366 - d) * DAY_MS);
        await db.query('UPDATE accounts SET last_used_at_ms = $2 WHERE username = $1', [
          'w.tran',
          t.clock.now,
        ]);
      }
      expect(await codeOf(authenticate(t.ctx, bearer(token)))).toBe(ErrorCodes.UNAUTHENTICATED);
      t.clock.advance(30_000);
      const r = login(t.ctx, {
        username: m.username,
        password: m.password,
        totp: await totpCode(m.totpSecret, t.clock.now),
      });
      expect(await codeOf(r)).toBe(ErrorCodes.TRAINING_REQUIRED);
    });

    it('training on a new course version > published > earlier completions no longer count', async () => {
      await publishCourse(t.ctx, agency.admin.user, { title: 'v2', topics: [...REQUIRED_TOPICS] });
      const s = await trainingStatus(
        db,
        (await getAccount(db, 'a.rivera')).account_id,
        t.clock.now,
      );
      expect(s).toMatchObject({ current_version: 2, current: false });
    });
  });
}
