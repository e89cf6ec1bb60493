/**
 * Who may hold an account: one named person, never a generic or shared
 * identity (policy: "user IDs that correspond to specific individuals (no
 * generic or 'guest' ID creation)"). Pure checks, no store.
 */
import { AlprError, ErrorCodes } from '../lib/errors.ts';

export const ROLES = [
  'analyst',
  'program_admin',
  'chief_executive',
  'auditor',
  'oversight',
] as const;
export type Role = (typeof ROLES)[number];

export interface PersonRequest {
  username: string;
  name: string;
  agency_id: string;
  badge: string;
  email: string;
  role: string;
}

// Words that name a function, a shift or a group rather than a person.
const GENERIC_WORDS = new Set([
  'admin',
  'administrator',
  'root',
  'guest',
  'test',
  'tester',
  'demo',
  'shared',
  'share',
  'dispatch',
  'dispatcher',
  'patrol',
  'user',
  'users',
  'operator',
  'officer',
  'analyst',
  'supervisor',
  'sergeant',
  'desk',
  'watch',
  'shift',
  'night',
  'day',
  'team',
  'unit',
  'squad',
  'office',
  'records',
  'police',
  'pd',
  'sheriff',
  'temp',
  'default',
  'service',
  'system',
  'alpr',
  'lpr',
  'training',
  'info',
  'support',
  'generic',
  'anonymous',
  'nobody',
  'public',
  'all',
  'everyone',
  'staff',
  'account',
]);

function generic(field: string, value: string, reason: string): AlprError {
  return new AlprError(ErrorCodes.IDENTITY_GENERIC, `${field} looks generic or shared: ${reason}`, {
    context: { field, reason },
  });
}

/** Splits a username or local part into its words: "patrol.7" -> ["patrol", "7"]. */
function words(s: string): string[] {
  return s
    .toLowerCase()
    .split(/[^a-z0-9]+|(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])/)
    .filter(Boolean);
}

/** Refuses a generic identity: a role word, a word followed by digits, no person's name. */
export function checkIdentifier(field: string, value: string): void {
  const v = value.trim().toLowerCase();
  if (!/^[a-z][a-z0-9._-]{2,63}$/.test(v)) {
    throw new AlprError(
      ErrorCodes.QUERY_INVALID,
      `${field} must be 3 to 64 letters, digits, . _ -`,
      {
        context: { field },
      },
    );
  }
  const parts = words(v);
  const letters = parts.filter((p) => !/^[0-9]+$/.test(p));
  if (letters.length === 0) throw generic(field, value, 'no name');
  if (letters.every((p) => GENERIC_WORDS.has(p))) throw generic(field, value, 'role or group word');
  // "car12", "unit-4", "dispatch01": a unit or a terminal, not a person
  if (/^[a-z]+[._-]?[0-9]+$/.test(v)) throw generic(field, value, 'word followed by digits');
}

export function checkPerson(req: PersonRequest): Role {
  for (const f of ['username', 'name', 'agency_id', 'badge', 'email', 'role'] as const) {
    if (typeof req[f] !== 'string' || req[f].trim() === '') {
      throw new AlprError(ErrorCodes.QUERY_INVALID, `${f} is required`, { context: { field: f } });
    }
  }
  if (!(ROLES as readonly string[]).includes(req.role)) {
    throw new AlprError(ErrorCodes.ROLE_INVALID, `role must be one of ${ROLES.join(', ')}`, {
      context: { field: 'role' },
    });
  }
  checkIdentifier('username', req.username);
  // A person's name has at least a given name and a family name.
  const nameWords = req.name.trim().split(/\s+/);
  if (nameWords.length < 2 || nameWords.every((w) => GENERIC_WORDS.has(w.toLowerCase()))) {
    throw generic('name', req.name, 'not a given and family name');
  }
  const email = /^([^@\s]+)@([^@\s]+\.[^@\s]+)$/.exec(req.email.trim());
  if (!email) {
    throw new AlprError(ErrorCodes.QUERY_INVALID, 'email is not an address', {
      context: { field: 'email' },
    });
  }
  checkIdentifier('email', email[1]!.replace(/\+.*$/, ''));
  return req.role as Role;
}
