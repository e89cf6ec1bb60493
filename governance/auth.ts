/**
 * Credentials and sessions (policy: "require strong passwords"; usernames
 * and passwords "not transferrable ... kept confidential"; "a process for
 * removing inactive users").
 *
 * - enrolment: the one-time code from approval sets an argon2id password
 *   and creates the TOTP secret, returned once (secret and otpauth URI).
 * - login: password and TOTP code, both required; 5 failures in a row
 *   (configurable) lock the account for 15 minutes; a TOTP code is accepted
 *   once. Success returns an opaque random session token (32 bytes); only
 *   its SHA-256 is stored.
 * - sessions end 8 hours after login or 30 minutes after last use, and at
 *   once on suspension, removal, role change or logout.
 * - an account unused for 90 days is suspended (at its next login attempt,
 *   at its next request, and by the periodic sweep).
 *
 * Every login, success or failure, is one audit event; failures carry the
 * reason in the audit trail but one generic code to the caller, so that
 * the response does not tell which factor was wrong.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { AlprError, ErrorCodes } from '../lib/errors.ts';
import type { User } from '../gateway/identity.ts';
import { findAccount, revokeSessions, sha256, suspendAccount } from './accounts.ts';
import { num, recordAct, toAccount, toUser, type GovernanceContext } from './context.ts';
import { checkPassword, hashPassword, verifyPassword } from './passwords.ts';
import { checkTotp, newTotpSecret, totpUri } from './totp.ts';
import { requireTraining } from './training.ts';

export interface Enrolment {
  totp_secret: string;
  otpauth_uri: string;
}

export async function enrol(
  ctx: GovernanceContext,
  req: { username: string; enrolment_code: string; password: string },
  clientIp: string | null = null,
): Promise<Enrolment> {
  const now = ctx.now();
  const [r] = await ctx.db.query<Record<string, unknown>>(
    'SELECT * FROM accounts WHERE username = $1',
    [String(req.username ?? '').toLowerCase()],
  );
  const stored = (r?.enrolment_sha256 as string | null) ?? null;
  const given = sha256(String(req.enrolment_code ?? ''));
  const valid =
    r !== undefined &&
    r.status === 'active' &&
    stored !== null &&
    timingSafeEqual(Buffer.from(stored), Buffer.from(given)) &&
    Number(r.enrolment_expires_at_ms) > now;
  if (!valid) {
    const id = await recordAct(ctx, {
      action: 'account.enrol',
      actor: r ? (r.username as string) : null,
      outcome: 'refused',
      code: ErrorCodes.ENROLMENT_INVALID,
      details: {},
      clientIp,
    });
    throw new AlprError(ErrorCodes.ENROLMENT_INVALID, 'unknown, used or expired enrolment code', {
      context: { audit_event_id: id },
    });
  }
  const a = toAccount(r);
  checkPassword(req.password, [a.username, a.name, a.email, a.badge]);
  const secret = newTotpSecret();
  await ctx.db.query(
    `UPDATE accounts SET password_hash = $2, totp_secret = $3, totp_last_step = NULL,
       enrolment_sha256 = NULL, enrolment_expires_at_ms = NULL WHERE account_id = $1`,
    [a.account_id, await hashPassword(req.password), secret],
  );
  await recordAct(ctx, { action: 'account.enrol', actor: a.username, details: {}, clientIp });
  return { totp_secret: secret, otpauth_uri: totpUri(secret, `${a.agency_id}:${a.username}`) };
}

export interface Session {
  token: string;
  expires_at_ms: number;
  idle_timeout_ms: number;
  user: User;
}

function refusal(
  code: (typeof ErrorCodes)[keyof typeof ErrorCodes],
  message: string,
  auditId: string,
) {
  return new AlprError(code, message, { context: { audit_event_id: auditId } });
}

function inactiveSince(r: Record<string, unknown>): number {
  return num(r.last_used_at_ms) ?? num(r.decided_at_ms) ?? Number(r.requested_at_ms);
}

export async function login(
  ctx: GovernanceContext,
  req: { username: string; password: string; totp: string },
  clientIp: string | null = null,
): Promise<Session> {
  const now = ctx.now();
  const username = String(req.username ?? '').toLowerCase();
  const [r] = await ctx.db.query<Record<string, unknown>>(
    'SELECT * FROM accounts WHERE username = $1',
    [username],
  );
  const fail = async (
    code: (typeof ErrorCodes)[keyof typeof ErrorCodes],
    reason: string,
    message: string,
  ) => {
    const id = await recordAct(ctx, {
      action: 'auth.login',
      actor: r ? username : null,
      outcome: 'refused',
      code,
      details: { reason, ...(r ? {} : { username_unknown: true }) },
      clientIp,
    });
    return refusal(code, message, id);
  };
  const passwordOk = await verifyPassword(
    (r?.password_hash as string | null) ?? null,
    String(req.password ?? ''),
  );
  if (!r)
    throw await fail(
      ErrorCodes.LOGIN_FAILED,
      'unknown_username',
      'wrong username, password or code',
    );
  const lockedUntil = num(r.locked_until_ms);
  if (lockedUntil !== null && lockedUntil > now) {
    throw await fail(
      ErrorCodes.ACCOUNT_LOCKED,
      'locked',
      'too many failed logins; try again later',
    );
  }
  if (r.status === 'active' && now - inactiveSince(r) > ctx.settings.inactivityMs) {
    await suspendAccount(ctx, null, username, 'inactivity');
    throw await fail(
      ErrorCodes.ACCOUNT_INACTIVE,
      'suspended_inactivity',
      'account suspended for inactivity',
    );
  }
  const step =
    passwordOk && r.totp_secret
      ? await checkTotp(r.totp_secret as string, String(req.totp ?? ''), now, num(r.totp_last_step))
      : null;
  if (!passwordOk || step === null) {
    const failures = Number(r.failed_logins) + 1;
    const lock = failures >= ctx.settings.maxFailures;
    await ctx.db.query(
      'UPDATE accounts SET failed_logins = $2, locked_until_ms = $3 WHERE account_id = $1',
      [r.account_id, lock ? 0 : failures, lock ? now + ctx.settings.lockoutMs : lockedUntil],
    );
    const reason = !passwordOk ? 'wrong_password' : 'wrong_or_replayed_totp';
    const err = await fail(ErrorCodes.LOGIN_FAILED, reason, 'wrong username, password or code');
    if (lock) {
      await recordAct(ctx, {
        action: 'account.lock',
        actor: null,
        details: { username, failures, locked_for_ms: ctx.settings.lockoutMs },
      });
    }
    throw err;
  }
  if (r.status !== 'active') {
    throw await fail(
      ErrorCodes.ACCOUNT_INACTIVE,
      `status_${r.status as string}`,
      `account is ${r.status as string}`,
    );
  }
  try {
    await requireTraining(ctx.db, r.account_id as string, now);
  } catch (e) {
    throw await fail(ErrorCodes.TRAINING_REQUIRED, 'training', (e as Error).message);
  }
  const token = randomBytes(32).toString('base64url');
  const expires = now + ctx.settings.sessionMaxMs;
  await ctx.db.tx(async (t) => {
    await t.query(
      `UPDATE accounts SET failed_logins = 0, locked_until_ms = NULL, totp_last_step = $2, last_used_at_ms = $3
       WHERE account_id = $1`,
      [r.account_id, step, now],
    );
    await t.query(
      `INSERT INTO sessions (token_sha256, account_id, created_at_ms, last_seen_at_ms, expires_at_ms)
       VALUES ($1, $2, $3, $3, $4)`,
      [sha256(token), r.account_id, now, expires],
    );
  });
  await recordAct(ctx, {
    action: 'auth.login',
    actor: username,
    details: { expires_at_ms: expires },
    clientIp,
  });
  return {
    token,
    expires_at_ms: expires,
    idle_timeout_ms: ctx.settings.sessionIdleMs,
    user: toUser(toAccount(r)),
  };
}

/**
 * `sessionOf`: the account whose session it was, when the token named one
 * that ended: the refusal is then audited under that account (whoever holds
 * the token now, it is that person's credential being used).
 */
function unauthenticated(reason: string, sessionOf?: string): AlprError {
  return new AlprError(
    ErrorCodes.UNAUTHENTICATED,
    'a valid session token is required; log in again',
    { context: { reason, ...(sessionOf ? { session_of: sessionOf } : {}) } },
  );
}

export function bearer(authorization: string | undefined): string {
  const m = /^Bearer ([A-Za-z0-9._~+/=-]{16,512})$/.exec(authorization ?? '');
  if (!m) throw unauthenticated(authorization ? 'malformed' : 'missing');
  return m[1]!;
}

/** The person behind a session token, re-checked on every request. */
export async function authenticate(
  ctx: GovernanceContext,
  authorization: string | undefined,
): Promise<User> {
  const token = bearer(authorization);
  const now = ctx.now();
  const [s] = await ctx.db.query<Record<string, unknown>>(
    `SELECT s.*, a.username, a.status, a.last_used_at_ms AS account_used_at_ms
       FROM sessions s JOIN accounts a USING (account_id) WHERE s.token_sha256 = $1`,
    [sha256(token)],
  );
  if (!s) throw unauthenticated('unknown');
  const owner = s.username as string;
  if (s.revoked_at_ms !== null) {
    throw unauthenticated(`revoked_${s.revoked_reason as string}`, owner);
  }
  if (Number(s.expires_at_ms) <= now) throw unauthenticated('expired', owner);
  if (now - Number(s.last_seen_at_ms) > ctx.settings.sessionIdleMs) {
    await ctx.db.query(
      `UPDATE sessions SET revoked_at_ms = $2, revoked_reason = 'idle' WHERE token_sha256 = $1`,
      [s.token_sha256, now],
    );
    throw unauthenticated('idle', owner);
  }
  if (s.status !== 'active') {
    // Defence in depth: suspension revokes sessions; this catches any left.
    throw new AlprError(ErrorCodes.ACCOUNT_INACTIVE, `account is ${s.status as string}`, {
      context: { reason: s.status },
    });
  }
  await requireTraining(ctx.db, s.account_id as string, now);
  await ctx.db.query('UPDATE sessions SET last_seen_at_ms = $2 WHERE token_sha256 = $1', [
    s.token_sha256,
    now,
  ]);
  await ctx.db.query('UPDATE accounts SET last_used_at_ms = $2 WHERE account_id = $1', [
    s.account_id,
    now,
  ]);
  const acct = await findAccount(ctx.db, s.username as string);
  return toUser(acct!);
}

export async function logout(
  ctx: GovernanceContext,
  authorization: string | undefined,
  clientIp: string | null = null,
): Promise<void> {
  const token = bearer(authorization);
  const rows = await ctx.db.query<{ username: string }>(
    `UPDATE sessions s SET revoked_at_ms = $2, revoked_reason = 'logout' FROM accounts a
      WHERE s.token_sha256 = $1 AND s.revoked_at_ms IS NULL AND a.account_id = s.account_id
      RETURNING a.username`,
    [sha256(token), ctx.now()],
  );
  // An unknown or already-ended session is said so (and so audited as a
  // refusal by the gateway), not answered as if a session had ended.
  if (!rows[0]) throw unauthenticated('no live session');
  await recordAct(ctx, { action: 'auth.logout', actor: rows[0].username, details: {}, clientIp });
}

/** Suspends every active account unused for the inactivity period; returns their usernames. */
export async function suspendInactive(ctx: GovernanceContext): Promise<string[]> {
  const cutoff = ctx.now() - ctx.settings.inactivityMs;
  const rows = await ctx.db.query<{ username: string }>(
    `SELECT username FROM accounts WHERE status = 'active'
       AND coalesce(last_used_at_ms, decided_at_ms, requested_at_ms) < $1`,
    [cutoff],
  );
  for (const r of rows) await suspendAccount(ctx, null, r.username, 'inactivity');
  return rows.map((r) => r.username);
}

export { revokeSessions };
