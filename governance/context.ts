/**
 * What every governance workflow shares: the store, the audit trail, the
 * clock (injected, so tests can move time) and the settings from
 * lib/config.ts. Every administrative act writes one audit event through
 * AuditLog.write; the act is not reported done until the broker has it.
 */
import type { Config } from '../lib/config.ts';
import { AlprError, ErrorCodes } from '../lib/errors.ts';
import { newAuditEvent, type AuditLog } from '../gateway/audit.ts';
import type { User } from '../gateway/identity.ts';
import type { Db } from './db.ts';
import type { Role } from './identities.ts';

export interface GovernanceSettings {
  maxFailures: number;
  lockoutMs: number;
  sessionMaxMs: number;
  sessionIdleMs: number;
  inactivityMs: number;
  trainingValidMonths: number;
  /** How long a one-time enrolment code handed to a new user stays valid: 72 h. */
  enrolmentMs: number;
}

export interface GovernanceContext {
  db: Db;
  audit: AuditLog;
  now: () => number;
  settings: GovernanceSettings;
}

export const DAY_MS = 86_400_000;

export function settingsFrom(c: Config): GovernanceSettings {
  return {
    maxFailures: c.loginMaxFailures,
    lockoutMs: c.loginLockoutMinutes * 60_000,
    sessionMaxMs: c.sessionMaxHours * 3_600_000,
    sessionIdleMs: c.sessionIdleMinutes * 60_000,
    inactivityMs: c.inactivitySuspendDays * DAY_MS,
    trainingValidMonths: c.trainingValidMonths,
    enrolmentMs: 72 * 3_600_000,
  };
}

export const defaultSettings: GovernanceSettings = {
  maxFailures: 5,
  lockoutMs: 15 * 60_000,
  sessionMaxMs: 8 * 3_600_000,
  sessionIdleMs: 30 * 60_000,
  inactivityMs: 90 * DAY_MS,
  trainingValidMonths: 12,
  enrolmentMs: 72 * 3_600_000,
};

/** One administrative act on the audit trail. `details` must hold no secret. */
export async function recordAct(
  ctx: GovernanceContext,
  act: {
    action: string;
    actor: string | null;
    outcome?: 'allowed' | 'refused';
    code?: string;
    details: Record<string, unknown>;
    clientIp?: string | null;
  },
): Promise<string> {
  const event = newAuditEvent({
    at_ms: ctx.now(),
    action: act.action,
    outcome: act.outcome ?? 'allowed',
    refusal_code: act.code ?? null,
    user_id: act.actor,
    parameters: JSON.stringify(act.details),
    client_ip: act.clientIp ?? null,
  });
  await ctx.audit.write(event);
  return event.event_id;
}

export function requireRole(actor: User, ...roles: Role[]): void {
  if (!actor.roles.some((r) => (roles as string[]).includes(r))) {
    throw new AlprError(
      ErrorCodes.ROLE_FORBIDDEN,
      `this act needs the role ${roles.join(' or ')}`,
      {
        context: { required: roles },
      },
    );
  }
}

/**
 * Access is authorized by the chief executive of the agency: an
 * administrator requests, and a chief decides, only for their own agency.
 */
export function requireSameAgency(actor: User, agencyId: string): void {
  if (actor.agency_id !== agencyId) {
    throw new AlprError(
      ErrorCodes.AGENCY_FORBIDDEN,
      `agency_id ${agencyId} is not the agency of ${actor.user_id} (${actor.agency_id})`,
      { context: { field: 'agency_id', required: actor.agency_id } },
    );
  }
}

export interface Account {
  account_id: string;
  username: string;
  name: string;
  agency_id: string;
  badge: string;
  email: string;
  role: Role;
  status: 'requested' | 'active' | 'refused' | 'suspended' | 'removed';
  justification: string;
  requested_by: string | null;
  requested_at_ms: number;
  decided_by: string | null;
  decided_at_ms: number | null;
  status_reason: string | null;
  last_used_at_ms: number | null;
  credentials_set: boolean;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Public view of a row: never the hashes or the TOTP secret. */
export function toAccount(r: Record<string, unknown>): Account {
  return {
    account_id: r.account_id as string,
    username: r.username as string,
    name: r.name as string,
    agency_id: r.agency_id as string,
    badge: r.badge as string,
    email: r.email as string,
    role: r.role as Role,
    status: r.status as Account['status'],
    justification: r.justification as string,
    requested_by: (r.requested_by as string | null) ?? null,
    requested_at_ms: Number(r.requested_at_ms),
    decided_by: (r.decided_by as string | null) ?? null,
    decided_at_ms: num(r.decided_at_ms),
    status_reason: (r.status_reason as string | null) ?? null,
    last_used_at_ms: num(r.last_used_at_ms),
    credentials_set: r.password_hash !== null && r.totp_secret !== null,
  };
}

export function toUser(a: Pick<Account, 'username' | 'name' | 'agency_id' | 'role'>): User {
  return { user_id: a.username, name: a.name, agency_id: a.agency_id, roles: [a.role] };
}

export { num };
