import { describe, expect, it } from 'vitest';
import { AlprError, ErrorCodes } from '../lib/errors.ts';
import { checkPassword, hashPassword, verifyPassword } from './passwords.ts';
import { checkTotp, newTotpSecret, totpCode } from './totp.ts';

function ruleOf(password: string, words: string[] = []): string | null {
  try {
    checkPassword(password, words);
    return null;
  } catch (e) {
    expect((e as AlprError).code).toBe(ErrorCodes.PASSWORD_WEAK);
    return (e as AlprError).context.rule as string;
  }
}

describe('require strong passwords', () => {
  it.each([
    ['short', 'Tr0ub4dor&3', 'length'],
    ['common words and digits', 'password1234', 'strength'],
    ['keyboard walk', 'qwertyuiop123', 'strength'],
    ['own name', 'AnaRivera2026!', 'strength'],
  ])('password > %s > PASSWORD_WEAK', (_n, pw, rule) => {
    expect(ruleOf(pw, ['Ana Rivera', 'a.rivera'])).toBe(rule);
  });

  it('password > long unrelated words > accepted', () => {
    expect(ruleOf('quiet-harbor-saffron-77', ['Ana Rivera'])).toBeNull();
  });

  it('password hash > argon2id > verifies the password and no other', async () => {
    const h = await hashPassword('quiet-harbor-saffron-77');
    expect(h.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(h, 'quiet-harbor-saffron-77')).toBe(true);
    expect(await verifyPassword(h, 'quiet-harbor-saffron-78')).toBe(false);
    expect(await verifyPassword(null, 'anything')).toBe(false);
  });
});

describe('second factor (TOTP)', () => {
  const t = Date.parse('2026-11-02T09:00:00Z');

  it('totp > current code > accepted with its step', async () => {
    const s = newTotpSecret();
    expect(await checkTotp(s, await totpCode(s, t), t, null)).toBe(Math.floor(t / 30_000));
  });

  it('totp > code replayed in the same step > refused', async () => {
    const s = newTotpSecret();
    const step = await checkTotp(s, await totpCode(s, t), t, null);
    expect(await checkTotp(s, await totpCode(s, t), t + 1000, step)).toBeNull();
  });

  it('totp > code from five minutes ago > refused', async () => {
    const s = newTotpSecret();
    expect(await checkTotp(s, await totpCode(s, t - 300_000), t, null)).toBeNull();
  });
});
