import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../lib/errors.ts';
import { checkIdentifier, checkPerson } from './identities.ts';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

const person = {
  username: 'a.rivera',
  name: 'Ana Rivera',
  agency_id: 'demo-agency',
  badge: '4411',
  email: 'a.rivera@demo-agency.example',
  role: 'analyst',
};

describe('user IDs correspond to specific individuals (no generic or guest IDs)', () => {
  it.each([
    'admin',
    'guest',
    'test',
    'shared',
    'dispatch',
    'patrol',
    'user',
    'patrol12',
    'car54',
    'dispatch-01',
    'night.shift',
    'records_unit',
    'alpr.admin',
    'officer7',
    '1234',
  ])('username > %s > refused as generic', (username) => {
    const code = codeOf(() => checkIdentifier('username', username));
    expect([ErrorCodes.IDENTITY_GENERIC, ErrorCodes.QUERY_INVALID]).toContain(code);
  });

  it.each(['a.rivera', 'ana.rivera', 'rivera_a', 'jsmith', 'm.chen-li'])(
    'username > %s > accepted',
    (username) => {
      expect(codeOf(() => checkIdentifier('username', username))).toBeUndefined();
    },
  );

  it('person > shared mailbox e-mail > refused as generic', () => {
    expect(codeOf(() => checkPerson({ ...person, email: 'dispatch@demo-agency.example' }))).toBe(
      ErrorCodes.IDENTITY_GENERIC,
    );
  });

  it('person > one-word name > refused as generic', () => {
    expect(codeOf(() => checkPerson({ ...person, name: 'Patrol' }))).toBe(
      ErrorCodes.IDENTITY_GENERIC,
    );
  });

  it('person > unknown role > ROLE_INVALID', () => {
    expect(codeOf(() => checkPerson({ ...person, role: 'superuser' }))).toBe(
      ErrorCodes.ROLE_INVALID,
    );
  });

  it('person > named individual > role returned', () => {
    expect(checkPerson(person)).toBe('analyst');
  });
});
