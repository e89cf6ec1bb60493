/**
 * The demo's agency, seeded through the same workflows a real installation
 * uses: the installation bootstraps a chief executive (Ruth Okafor); a
 * program administrator (Dan Brennan) is requested, trained and approved by
 * the chief; he requests an analyst (Ana Rivera), records her training, and
 * the chief approves her; a second analyst (Lena Novak) is requested but
 * untrained, so the chief cannot approve her yet. Every act is audited.
 *
 * Passwords are random and, with the TOTP secrets, kept in
 * .data/demo/credentials.json (mode 0600) so the demo can sign in. A second
 * run reuses them. Runs before the gateway opens the embedded store.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { configSpec, type Config } from '../lib/config.ts';
import type { AuditLog } from '../gateway/audit.ts';
import type { User } from '../gateway/identity.ts';
import { approveAccount, findAccount, requestAccount } from './accounts.ts';
import { bootstrapChief } from './bootstrap.ts';
import { enrol } from './auth.ts';
import type { GovernanceContext } from './context.ts';
import { openGovernance } from './index.ts';
import { totpCode } from './totp.ts';
import { recordCompletion } from './training.ts';

export interface DemoCredential {
  username: string;
  password: string;
  totp_secret: string;
}

export interface DemoAgency {
  chief: DemoCredential;
  admin: DemoCredential;
  analyst: DemoCredential;
  untrained: string;
  file: string;
}

const who = (username: string, name: string, badge: string, role: string) => ({
  username,
  name,
  agency_id: 'demo-agency',
  badge,
  email: `${username}@demo-agency.example`,
  role,
  justification: 'demo agency: investigations unit',
});

async function credential(
  ctx: GovernanceContext,
  username: string,
  code: string,
): Promise<DemoCredential> {
  // 24 random bytes: 192 bits, far above any strength threshold.
  const password = randomBytes(24).toString('base64url');
  const e = await enrol(ctx, { username, enrolment_code: code, password });
  return { username, password, totp_secret: e.totp_secret };
}

/**
 * One credentials file per store: `credentials.json` for the default
 * embedded store, `credentials-<sha256 of the store's location, 8 hex>.json`
 * for any other, so that demos on different stores never overwrite each
 * other's passwords.
 */
export function credentialsFile(config: Config, demoDir: string): string {
  const store = config.postgresUrl || resolve(config.governancePath);
  if (store === resolve(configSpec.governancePath!.default as string))
    return join(demoDir, 'credentials.json');
  return join(
    demoDir,
    `credentials-${createHash('sha256').update(store).digest('hex').slice(0, 8)}.json`,
  );
}

export async function seedDemoAgency(
  config: Config,
  audit: AuditLog,
  demoDir: string,
): Promise<DemoAgency> {
  const file = credentialsFile(config, demoDir);
  const ctx = await openGovernance(config, audit);
  try {
    if (await findAccount(ctx.db, 'r.okafor')) {
      if (!existsSync(file)) {
        throw new Error(
          `demo accounts exist but ${file} is gone; remove ${config.governancePath} to start over`,
        );
      }
      return { ...(JSON.parse(readFileSync(file, 'utf8')) as Omit<DemoAgency, 'file'>), file };
    }
    const trainedAt = ctx.now() - 86_400_000;
    const c = await bootstrapChief(
      ctx,
      who('r.okafor', 'Ruth Okafor', 'C-1', 'chief_executive'),
      trainedAt,
    );
    const chief = await credential(ctx, 'r.okafor', c.enrolment_code!);
    const chiefUser: User = {
      user_id: 'r.okafor',
      name: 'Ruth Okafor',
      agency_id: 'demo-agency',
      roles: ['chief_executive'],
    };
    const installation: User = {
      user_id: 'system:installation',
      name: 'installation',
      agency_id: 'demo-agency',
      roles: ['program_admin'],
    };
    await requestAccount(
      ctx,
      installation,
      who('d.brennan', 'Dan Brennan', 'A-7', 'program_admin'),
    );
    await recordCompletion(ctx, installation, {
      username: 'd.brennan',
      course_version: 1,
      completed_at_ms: trainedAt,
    });
    const a = await approveAccount(ctx, chiefUser, 'd.brennan');
    const admin = await credential(ctx, 'd.brennan', a.enrolment_code!);
    const adminUser: User = {
      user_id: 'd.brennan',
      name: 'Dan Brennan',
      agency_id: 'demo-agency',
      roles: ['program_admin'],
    };
    await requestAccount(ctx, adminUser, who('a.rivera', 'Ana Rivera', '4411', 'analyst'));
    await recordCompletion(ctx, adminUser, {
      username: 'a.rivera',
      course_version: 1,
      completed_at_ms: trainedAt,
    });
    const b = await approveAccount(ctx, chiefUser, 'a.rivera');
    const analyst = await credential(ctx, 'a.rivera', b.enrolment_code!);
    await requestAccount(ctx, adminUser, who('l.novak', 'Lena Novak', '5120', 'analyst'));
    const seeded = { chief, admin, analyst, untrained: 'l.novak' };
    writeFileSync(file, JSON.stringify(seeded, null, 2), { mode: 0o600 });
    return { ...seeded, file };
  } finally {
    await ctx.db.close();
  }
}

/** Password + current TOTP code -> session token, through the gateway. */
export async function demoLogin(base: string, c: DemoCredential): Promise<string> {
  const res = await fetch(`${base}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      username: c.username,
      password: c.password,
      totp: await totpCode(c.totp_secret),
    }),
  });
  const body = (await res.json()) as { token?: string; error?: { code: string } };
  if (!body.token)
    throw new Error(`demo login of ${c.username} refused: ${body.error?.code ?? res.status}`);
  return body.token;
}
