/**
 * The account lifecycle (policy, "Oversight & Administration": access
 * "authorized by chief executive of the agency on a user-by-user basis";
 * "user IDs that correspond to specific individuals"; "a process for
 * removing inactive users").
 *
 *   requested --approve (chief, trained person)--> active --suspend--> suspended
 *       |                                            |                   |
 *       +--refuse (chief)--> refused                 +--remove--> removed (soft: history kept)
 *                                   suspended --approve (chief)--> active
 *
 * A program administrator requests; a chief executive approves or refuses,
 * one account per call, never an account for themselves or one they asked
 * for. Approval hands out a one-time enrolment code (72 h) with which the
 * person sets a password and receives their TOTP secret (auth.ts).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { AlprError, ErrorCodes } from '../lib/errors.ts';
import { foldedLetters } from '../lib/fold.ts';
import type { User } from '../gateway/identity.ts';
import {
  recordAct,
  requireRole,
  requireSameAgency,
  toAccount,
  type Account,
  type GovernanceContext,
} from './context.ts';
import { checkPerson, ROLES, type PersonRequest, type Role } from './identities.ts';
import { requireTraining } from './training.ts';
import type { Db } from './db.ts';

export const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

function notFound(username: string): AlprError {
  return new AlprError(ErrorCodes.ACCOUNT_NOT_FOUND, 'no such account', {
    context: { field: 'username', username },
  });
}

function badState(a: Account, act: string): AlprError {
  return new AlprError(
    ErrorCodes.ACCOUNT_STATE_INVALID,
    `cannot ${act} an account that is ${a.status}`,
    {
      context: { username: a.username, status: a.status },
    },
  );
}

export async function findAccount(db: Db, username: string): Promise<Account | null> {
  const [r] = await db.query<Record<string, unknown>>(
    'SELECT * FROM accounts WHERE username = $1',
    // Usernames are stored in lower case; J.MENSAH names j.mensah, as at login.
    [username.trim().toLowerCase()],
  );
  return r ? toAccount(r) : null;
}

export async function getAccount(db: Db, username: string): Promise<Account> {
  const a = await findAccount(db, username);
  if (!a) throw notFound(username);
  return a;
}

export async function listAccounts(db: Db, status?: string): Promise<Account[]> {
  const rows = status
    ? await db.query<Record<string, unknown>>(
        'SELECT * FROM accounts WHERE status = $1 ORDER BY username',
        [status],
      )
    : await db.query<Record<string, unknown>>('SELECT * FROM accounts ORDER BY username');
  return rows.map(toAccount);
}

type Person = Pick<PersonRequest, 'name' | 'agency_id' | 'badge' | 'email'>;

// Forms under which one person's details are compared: a badge without
// punctuation or zeros leading its numbers (C-01 is c1), an e-mail without its +tag
// (r.okafor+lpr@ is r.okafor@), a name of letters only, accents dropped.
const badgeForm = (b: string) => foldedLetters(b).replace(/(^|\D)0+(?=\d)/g, '$1');
const emailForm = (e: string) =>
  e
    .trim()
    .toLowerCase()
    .replace(/\+[^@]*@/, '@');

/** Whether two records name one person: same e-mail, or same badge or name in one agency. */
export function samePerson(a: Person, b: Person): boolean {
  if (emailForm(a.email) === emailForm(b.email)) return true;
  if (a.agency_id !== b.agency_id) return false;
  return (
    badgeForm(a.badge) === badgeForm(b.badge) || foldedLetters(a.name) === foldedLetters(b.name)
  );
}

async function checkNotDuplicate(db: Db, p: PersonRequest): Promise<void> {
  // Every live account is read and compared here, in one place, rather than
  // in SQL: a request is a rare act and an agency has at most thousands.
  const rows = await db.query<Person & { username: string }>(
    `SELECT username, name, agency_id, badge, email FROM accounts
      WHERE status NOT IN ('refused', 'removed')`,
  );
  const twin = rows.find((r) => samePerson(r, p));
  if (twin) {
    throw new AlprError(
      ErrorCodes.ACCOUNT_DUPLICATE_PERSON,
      `this person already has an account (${twin.username}): same e-mail, or same badge ` +
        'or name in the agency',
      { context: { field: 'badge', username: twin.username } },
    );
  }
  const [taken] = await db.query('SELECT 1 FROM accounts WHERE username = $1', [
    p.username.trim().toLowerCase(),
  ]);
  if (taken) {
    throw new AlprError(ErrorCodes.ACCOUNT_DUPLICATE_PERSON, 'username is taken', {
      context: { field: 'username' },
    });
  }
}

export async function insertAccount(
  ctx: GovernanceContext,
  p: PersonRequest & { justification: string },
  status: 'requested' | 'active',
  requestedBy: string,
): Promise<Account> {
  await checkNotDuplicate(ctx.db, p);
  const id = randomUUID();
  try {
    await ctx.db.query(
      `INSERT INTO accounts (account_id, username, name, agency_id, badge, email, role, status,
         justification, requested_by, requested_at_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        id,
        p.username.trim().toLowerCase(),
        p.name.trim(),
        p.agency_id.trim(),
        p.badge.trim(),
        p.email.trim().toLowerCase(),
        p.role,
        status,
        p.justification.trim(),
        requestedBy,
        ctx.now(),
      ],
    );
  } catch (e) {
    // A concurrent request for the same person lost the race on the unique index.
    if ((e as AlprError).context?.pg_code === '23505') {
      throw new AlprError(
        ErrorCodes.ACCOUNT_DUPLICATE_PERSON,
        'this person already has an account',
        { cause: e },
      );
    }
    throw e;
  }
  return getAccount(ctx.db, p.username.trim().toLowerCase());
}

/** A program administrator asks for an account for one named person. */
export async function requestAccount(
  ctx: GovernanceContext,
  actor: User,
  p: PersonRequest & { justification: string },
): Promise<Account> {
  requireRole(actor, 'program_admin');
  checkPerson(p);
  requireSameAgency(actor, p.agency_id);
  if (typeof p.justification !== 'string' || p.justification.trim().length < 10) {
    throw new AlprError(
      ErrorCodes.QUERY_INVALID,
      'justification (the need for access, at least 10 characters) is required',
      {
        context: { field: 'justification' },
      },
    );
  }
  const a = await insertAccount(ctx, p, 'requested', actor.user_id);
  await recordAct(ctx, {
    action: 'account.request',
    actor: actor.user_id,
    details: { username: a.username, agency_id: a.agency_id, role: a.role },
  });
  return a;
}

/** True when the actor is the person the account is for, or asked for it. */
async function isSelf(db: Db, actor: User, a: Account): Promise<boolean> {
  if (a.username === actor.user_id || a.requested_by === actor.user_id) return true;
  const me = await findAccount(db, actor.user_id);
  return me !== null && samePerson(me, a);
}

async function refuseSelf(
  ctx: GovernanceContext,
  actor: User,
  a: Account,
  act: string,
): Promise<void> {
  if (await isSelf(ctx.db, actor, a)) {
    throw new AlprError(
      ErrorCodes.SELF_APPROVAL,
      `a chief executive cannot ${act} their own account`,
      {
        context: { username: a.username },
      },
    );
  }
}

export interface Approval {
  account: Account;
  /** Shown once, handed to the person; null when credentials already exist (reinstatement). */
  enrolment_code: string | null;
  enrolment_expires_at_ms: number | null;
}

/** A chief executive authorises one trained person; refused for themselves. */
export async function approveAccount(
  ctx: GovernanceContext,
  actor: User,
  username: string,
): Promise<Approval> {
  requireRole(actor, 'chief_executive');
  const a = await getAccount(ctx.db, username);
  requireSameAgency(actor, a.agency_id);
  if (a.status !== 'requested' && a.status !== 'suspended') throw badState(a, 'approve');
  await refuseSelf(ctx, actor, a, 'approve');
  await requireTraining(ctx.db, a.account_id, ctx.now());
  const now = ctx.now();
  const code = a.credentials_set ? null : randomBytes(18).toString('base64url');
  const expires = code ? now + ctx.settings.enrolmentMs : null;
  await ctx.db.query(
    `UPDATE accounts SET status = 'active', decided_by = $2, decided_at_ms = $3, status_reason = NULL,
       last_used_at_ms = $3, failed_logins = 0, locked_until_ms = NULL,
       enrolment_sha256 = coalesce($4, enrolment_sha256), enrolment_expires_at_ms = coalesce($5, enrolment_expires_at_ms)
     WHERE account_id = $1`,
    [a.account_id, actor.user_id, now, code ? sha256(code) : null, expires],
  );
  await recordAct(ctx, {
    action: a.status === 'suspended' ? 'account.reinstate' : 'account.approve',
    actor: actor.user_id,
    details: { username: a.username, role: a.role },
  });
  return {
    account: await getAccount(ctx.db, username),
    enrolment_code: code,
    enrolment_expires_at_ms: expires,
  };
}

export async function refuseAccount(
  ctx: GovernanceContext,
  actor: User,
  username: string,
  reason: string,
): Promise<Account> {
  requireRole(actor, 'chief_executive');
  const a = await getAccount(ctx.db, username);
  requireSameAgency(actor, a.agency_id);
  if (a.status !== 'requested') throw badState(a, 'refuse');
  await refuseSelf(ctx, actor, a, 'decide on');
  await ctx.db.query(
    `UPDATE accounts SET status = 'refused', decided_by = $2, decided_at_ms = $3, status_reason = $4
     WHERE account_id = $1`,
    [a.account_id, actor.user_id, ctx.now(), reason?.slice(0, 500) ?? null],
  );
  await recordAct(ctx, {
    action: 'account.refuse',
    actor: actor.user_id,
    details: { username: a.username },
  });
  return getAccount(ctx.db, username);
}

export async function changeRole(
  ctx: GovernanceContext,
  actor: User,
  username: string,
  role: string,
): Promise<Account> {
  requireRole(actor, 'chief_executive');
  if (!(ROLES as readonly string[]).includes(role)) {
    throw new AlprError(ErrorCodes.ROLE_INVALID, `role must be one of ${ROLES.join(', ')}`, {
      context: { field: 'role' },
    });
  }
  const a = await getAccount(ctx.db, username);
  if (a.status === 'removed' || a.status === 'refused') throw badState(a, 'change the role of');
  await refuseSelf(ctx, actor, a, 'change the role of');
  await ctx.db.query('UPDATE accounts SET role = $2 WHERE account_id = $1', [
    a.account_id,
    role as Role,
  ]);
  // Live sessions carry the old role's reach: end them.
  await revokeSessions(ctx.db, a.account_id, 'role_changed', ctx.now());
  await recordAct(ctx, {
    action: 'account.role_change',
    actor: actor.user_id,
    details: { username: a.username, from: a.role, to: role },
  });
  return getAccount(ctx.db, username);
}

export async function revokeSessions(
  db: Db,
  accountId: string,
  reason: string,
  now: number,
): Promise<void> {
  await db.query(
    `UPDATE sessions SET revoked_at_ms = $2, revoked_reason = $3 WHERE account_id = $1 AND revoked_at_ms IS NULL`,
    [accountId, now, reason],
  );
}

// Accounts that watch over the program or its administrators: only a chief
// executive suspends or removes them, never a program administrator.
const OVERSEEING_ROLES: readonly string[] = ['chief_executive', 'auditor', 'oversight'];

function requireChiefFor(actor: User, a: Account, act: string): void {
  if (OVERSEEING_ROLES.includes(a.role) && !actor.roles.includes('chief_executive')) {
    throw new AlprError(
      ErrorCodes.ROLE_FORBIDDEN,
      `only a chief executive may ${act} the account of a ${a.role}`,
      { context: { required: ['chief_executive'], username: a.username } },
    );
  }
}

/** Suspension ends every live session at once. `actor` null: the system (inactivity). */
export async function suspendAccount(
  ctx: GovernanceContext,
  actor: User | null,
  username: string,
  reason: string,
): Promise<Account> {
  if (actor) requireRole(actor, 'chief_executive', 'program_admin');
  const a = await getAccount(ctx.db, username);
  if (actor) requireChiefFor(actor, a, 'suspend');
  if (a.status !== 'active') throw badState(a, 'suspend');
  const now = ctx.now();
  await ctx.db.tx(async (t) => {
    await t.query(
      `UPDATE accounts SET status = 'suspended', status_reason = $2 WHERE account_id = $1`,
      [a.account_id, reason.slice(0, 500)],
    );
    await revokeSessions(t, a.account_id, 'suspended', now);
  });
  await recordAct(ctx, {
    action: 'account.suspend',
    actor: actor?.user_id ?? null,
    details: { username: a.username, reason: reason.slice(0, 500) },
  });
  return getAccount(ctx.db, username);
}

/**
 * Removal is a soft delete: the row (and so the person's audit history,
 * which names the username) stays; credentials are erased and sessions end.
 */
export async function removeAccount(
  ctx: GovernanceContext,
  actor: User,
  username: string,
  reason: string,
) {
  requireRole(actor, 'chief_executive', 'program_admin');
  const a = await getAccount(ctx.db, username);
  requireChiefFor(actor, a, 'remove');
  if (a.status === 'removed') throw badState(a, 'remove');
  if (a.username === actor.user_id) {
    throw new AlprError(
      ErrorCodes.SELF_APPROVAL,
      'you cannot remove your own account; another administrator or the chief executive must',
      { context: { username: a.username } },
    );
  }
  const now = ctx.now();
  await ctx.db.tx(async (t) => {
    await t.query(
      `UPDATE accounts SET status = 'removed', removed_at_ms = $2, status_reason = $3,
         password_hash = NULL, totp_secret = NULL, enrolment_sha256 = NULL
       WHERE account_id = $1`,
      [a.account_id, now, reason.slice(0, 500)],
    );
    await revokeSessions(t, a.account_id, 'removed', now);
  });
  await recordAct(ctx, {
    action: 'account.remove',
    actor: actor.user_id,
    details: { username: a.username },
  });
  return getAccount(ctx.db, username);
}
