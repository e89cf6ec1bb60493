/**
 * The mandatory second factor: TOTP (RFC 6238, SHA-1, 6 digits, 30 s steps,
 * what every authenticator app reads). One step of clock drift either way is
 * accepted; a code is accepted once: the step it matched is stored and any
 * code of that step or an earlier one is refused (replay).
 */
import { generate, generateSecret, generateURI, verify } from 'otplib';

export const TOTP_STEP_SECONDS = 30;

export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

export function totpUri(secret: string, label: string, issuer = 'alpr-custodian'): string {
  return generateURI({ issuer, label, secret });
}

/** The code for a given time (tests and the demo). */
export function totpCode(secret: string, nowMs = Date.now()): Promise<string> {
  return generate({ secret, epoch: Math.floor(nowMs / 1000) });
}

/** The time step the code matched, or null; codes at or before lastStep are refused. */
export async function checkTotp(
  secret: string,
  code: string,
  nowMs: number,
  lastStep: number | null,
): Promise<number | null> {
  if (!/^[0-9]{6}$/.test(code)) return null;
  const r = await verify({
    secret,
    token: code,
    epoch: Math.floor(nowMs / 1000),
    epochTolerance: TOTP_STEP_SECONDS,
    ...(lastStep !== null ? { afterTimeStep: lastStep } : {}),
  }).catch(() => ({ valid: false as const }));
  if (!r.valid) return null;
  return (r as { timeStep?: number }).timeStep ?? null;
}
