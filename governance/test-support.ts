/**
 * Test helpers: a governance context on a given engine with an in-memory
 * audit trail and a clock the test moves, and an agency with a chief
 * executive, a program administrator, a trained analyst and an untrained
 * one, each with real credentials.
 */
import type { AuditEvent } from '../schemas/types.ts';
import type { AuditLog } from '../gateway/audit.ts';
import type { User } from '../gateway/identity.ts';
import { approveAccount, requestAccount } from './accounts.ts';
import { bootstrapChief } from './bootstrap.ts';
import { enrol, login } from './auth.ts';
import {
  defaultSettings,
  toUser,
  type GovernanceContext,
  type GovernanceSettings,
} from './context.ts';
import type { Db } from './db.ts';
import { prepareGovernance } from './index.ts';
import { totpCode } from './totp.ts';
import { recordCompletion } from './training.ts';

export const PURPOSES_FILE = new URL('../config/purposes.json', import.meta.url).pathname;
export const T0 = Date.parse('2026-11-02T09:00:00Z');

export interface TestGovernance {
  ctx: GovernanceContext;
  events: AuditEvent[];
  clock: { now: number; advance(ms: number): void };
}

export async function testGovernance(
  db: Db,
  settings: Partial<GovernanceSettings> = {},
): Promise<TestGovernance> {
  const events: AuditEvent[] = [];
  const audit: AuditLog = {
    async write(e) {
      events.push(e);
    },
  };
  const clock = {
    now: T0,
    advance(ms: number) {
      clock.now += ms;
    },
  };
  const ctx = await prepareGovernance(db, audit, {
    purposesFile: PURPOSES_FILE,
    settings: { ...defaultSettings, ...settings },
    now: () => clock.now,
  });
  return { ctx, events, clock };
}

export const PASSWORDS: Record<string, string> = {
  'r.okafor': 'violet-anchor-ledger-93',
  'd.brennan': 'copper-meadow-lantern-41',
  'a.rivera': 'quiet-harbor-saffron-77',
  'l.novak': 'tundra-pebble-orchard-58',
};

export interface Member {
  user: User;
  username: string;
  password: string;
  totpSecret: string;
}

async function credentials(t: TestGovernance, username: string, code: string): Promise<Member> {
  const e = await enrol(t.ctx, { username, enrolment_code: code, password: PASSWORDS[username]! });
  const [r] = await t.ctx.db.query<Record<string, unknown>>(
    'SELECT * FROM accounts WHERE username = $1',
    [username],
  );
  return {
    user: toUser({
      username,
      name: r!.name as string,
      agency_id: r!.agency_id as string,
      role: r!.role as never,
    }),
    username,
    password: PASSWORDS[username]!,
    totpSecret: e.totp_secret,
  };
}

export interface Agency {
  chief: Member;
  admin: Member;
  analyst: Member;
  /** Requested and approved? No: requested only, training never recorded. */
  untrained: string;
}

const person = (username: string, name: string, badge: string, role: string) => ({
  username,
  name,
  agency_id: 'demo-agency',
  badge,
  email: `${username}@demo-agency.example`,
  role,
  justification: 'investigations unit, stolen vehicle desk',
});

/** chief (bootstrapped), admin and analyst (trained, approved, enrolled), one untrained request. */
export async function seedAgency(t: TestGovernance): Promise<Agency> {
  const c = await bootstrapChief(
    t.ctx,
    person('r.okafor', 'Ruth Okafor', 'C-1', 'x'),
    t.clock.now - 1000,
  );
  const chief = await credentials(t, 'r.okafor', c.enrolment_code!);
  // The first administrator is requested by the installation, approved by the chief.
  const system: User = {
    user_id: 'system:installation',
    name: 'installation',
    agency_id: 'demo-agency',
    roles: ['program_admin'],
  };
  await requestAccount(t.ctx, system, person('d.brennan', 'Dan Brennan', 'A-7', 'program_admin'));
  await recordCompletion(t.ctx, system, { username: 'd.brennan', course_version: 1 });
  const a = await approveAccount(t.ctx, chief.user, 'd.brennan');
  const admin = await credentials(t, 'd.brennan', a.enrolment_code!);
  await requestAccount(t.ctx, admin.user, person('a.rivera', 'Ana Rivera', '4411', 'analyst'));
  await recordCompletion(t.ctx, admin.user, { username: 'a.rivera', course_version: 1 });
  const b = await approveAccount(t.ctx, chief.user, 'a.rivera');
  const analyst = await credentials(t, 'a.rivera', b.enrolment_code!);
  await requestAccount(t.ctx, admin.user, person('l.novak', 'Lena Novak', '5120', 'analyst'));
  return { chief, admin, analyst, untrained: 'l.novak' };
}

/** Logs in with the current TOTP code; moves the clock one step first so codes never repeat. */
export async function signIn(t: TestGovernance, m: Member): Promise<string> {
  t.clock.advance(30_000);
  const s = await login(t.ctx, {
    username: m.username,
    password: m.password,
    totp: await totpCode(m.totpSecret, t.clock.now),
  });
  return s.token;
}

export { person };
