/**
 * Who is calling. Every request carries `Authorization: Bearer <token>`.
 *
 * In production the token is a session from POST /v1/auth/login (password
 * and TOTP), checked against the governance store on every request
 * (`sessionDirectory`, governance/auth.ts): approved, trained, not
 * suspended, session neither expired, idle nor revoked.
 *
 * For development only, a users file (ALPR_USERS_FILE) can stand in: per
 * person, the SHA-256 of a long-lived token. It bypasses approval,
 * training and the second factor, so it is off unless set.
 *
 * users file: { "users": [ { "user_id": "jdoe", "name": "Jane Doe",
 *   "agency_id": "demo-agency", "roles": ["analyst"], "token_sha256": "<hex>" } ] }
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readJsonConfig } from '../lib/json-file.ts';
import { AlprError, ErrorCodes } from '../lib/errors.ts';
import { authenticate } from '../governance/auth.ts';
import type { GovernanceContext } from '../governance/context.ts';

export interface User {
  user_id: string;
  name: string;
  agency_id: string;
  roles: string[];
}

interface UserRecord extends User {
  token_sha256: string;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface Directory {
  authenticate(authorization: string | undefined): User | Promise<User>;
}

/** Sessions of the governance store: the production directory. */
export function sessionDirectory(ctx: GovernanceContext): Directory {
  return { authenticate: (authorization) => authenticate(ctx, authorization) };
}

function invalid(file: string, i: number, field: string): AlprError {
  return new AlprError(
    ErrorCodes.CONFIG_INVALID,
    `${file}: users[${i}].${field} is missing or invalid`,
    {
      context: { file, index: i, field },
    },
  );
}

export function parseUsers(json: unknown, file = 'users file'): UserRecord[] {
  const users = (json as { users?: unknown })?.users;
  if (!Array.isArray(users)) {
    throw new AlprError(ErrorCodes.CONFIG_INVALID, `${file}: expected {"users": [...]}`, {
      context: { file },
    });
  }
  const seen = new Set<string>();
  return users.map((u: Record<string, unknown>, i) => {
    for (const f of ['user_id', 'name', 'agency_id'] as const) {
      if (typeof u?.[f] !== 'string' || (u[f] as string).trim() === '') throw invalid(file, i, f);
    }
    if (typeof u.token_sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(u.token_sha256)) {
      throw invalid(file, i, 'token_sha256');
    }
    if (!Array.isArray(u.roles) || !u.roles.every((r) => typeof r === 'string'))
      throw invalid(file, i, 'roles');
    if (seen.has(u.user_id as string)) throw invalid(file, i, 'user_id (duplicate)');
    seen.add(u.user_id as string);
    return u as unknown as UserRecord;
  });
}

export function loadDirectory(file: string): Directory {
  const json = readJsonConfig(file, 'users file', 'ALPR_USERS_FILE');
  return createDirectory(parseUsers(json, file));
}

export function createDirectory(records: UserRecord[]): Directory {
  const byHash = new Map(records.map((r) => [r.token_sha256, r]));
  return {
    authenticate(authorization) {
      const m = /^Bearer ([A-Za-z0-9._~+/=-]{16,512})$/.exec(authorization ?? '');
      if (!m) {
        throw new AlprError(ErrorCodes.UNAUTHENTICATED, 'a personal bearer token is required', {
          context: { reason: authorization ? 'malformed' : 'missing' },
        });
      }
      const h = hashToken(m[1]!);
      const rec = byHash.get(h);
      // Map lookup by hash, then a constant-time compare of the hash itself.
      if (!rec || !timingSafeEqual(Buffer.from(rec.token_sha256), Buffer.from(h))) {
        throw new AlprError(ErrorCodes.UNAUTHENTICATED, 'unknown or revoked token', {
          context: { reason: 'unknown' },
        });
      }
      return {
        user_id: rec.user_id,
        name: rec.name,
        agency_id: rec.agency_id,
        roles: [...rec.roles],
      };
    },
  };
}
