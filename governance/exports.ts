/**
 * Downloads (policy: "a single location ... that ALPR images can be
 * downloaded"; "~90 days at the most" for downloaded images; "users must
 * specify a purpose when downloading"; downloaded data "not altered ...
 * before it is purged").
 *
 * An export is one directory <ALPR_EXPORT_DIR>/<export_id>/ holding
 *   reads.json           the rows, as the gateway returned them
 *   images/<sha256>.jpg  the plate images of those reads, when asked for
 *   manifest.json        who, purpose, case number, created/expires, and
 *                        {path, sha256, bytes} of every file above
 *   manifest.sig         hex HMAC-SHA256 of manifest.json's exact bytes
 * `verifyExport` recomputes every digest and the signature; a changed,
 * missing or added file, or an edited manifest, is reported. The purge
 * removes every export past its expiry (at most 90 days after creation).
 */
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { MAX_RETENTION_DAYS } from '../lib/config.ts';
import { AlprError, ErrorCodes } from '../lib/errors.ts';
import type { User } from '../gateway/identity.ts';
import { DAY_MS, recordAct, type GovernanceContext } from './context.ts';

export interface ExportSettings {
  dir: string;
  key: Buffer;
  retentionDays: number;
}

export interface ManifestFile {
  path: string;
  sha256: string;
  bytes: number;
}

export interface Manifest {
  export_id: string;
  created_by: string;
  agency_id: string;
  purpose: string;
  case_number: string;
  notes: string | null;
  created_at_ms: number;
  expires_at_ms: number;
  row_count: number;
  files: ManifestFile[];
}

/** The signing key: 32 random bytes, hex, created with mode 0600 on first use. */
export function loadExportKey(file: string): Buffer {
  if (!existsSync(file)) {
    mkdirSync(dirname(resolve(file)), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  if (key.length < 32) {
    throw new AlprError(
      ErrorCodes.CONFIG_INVALID,
      `${file}: export signing key must be 32+ bytes of hex`,
      {
        context: { file },
      },
    );
  }
  return key;
}

const digest = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const sign = (key: Buffer, b: Buffer) => createHmac('sha256', key).update(b).digest('hex');

export interface ExportInput {
  purpose: string;
  case_number: string;
  notes: string | null;
  rows: unknown[];
  /** Absolute paths of image files to include, keyed by their SHA-256. */
  images: Map<string, string>;
}

export async function createExport(
  ctx: GovernanceContext,
  s: ExportSettings,
  actor: User,
  input: ExportInput,
): Promise<Manifest & { path: string }> {
  const retention = Math.min(s.retentionDays, MAX_RETENTION_DAYS);
  const id = randomUUID();
  const root = resolve(s.dir, id);
  mkdirSync(join(root, 'images'), { recursive: true, mode: 0o700 });
  const files: ManifestFile[] = [];
  const put = (rel: string, bytes: Buffer) => {
    writeFileSync(join(root, rel), bytes, { mode: 0o600 });
    files.push({ path: rel, sha256: digest(bytes), bytes: bytes.length });
  };
  put('reads.json', Buffer.from(JSON.stringify(input.rows, null, 2)));
  for (const [sha, src] of input.images) {
    const rel = `images/${sha}.jpg`;
    copyFileSync(src, join(root, rel));
    chmodSync(join(root, rel), 0o600); // like every other file of the export
    const bytes = readFileSync(join(root, rel));
    files.push({ path: rel, sha256: digest(bytes), bytes: bytes.length });
  }
  const now = ctx.now();
  const manifest: Manifest = {
    export_id: id,
    created_by: actor.user_id,
    agency_id: actor.agency_id,
    purpose: input.purpose,
    case_number: input.case_number,
    notes: input.notes,
    created_at_ms: now,
    expires_at_ms: now + retention * DAY_MS,
    row_count: input.rows.length,
    files,
  };
  const body = Buffer.from(JSON.stringify(manifest, null, 2));
  writeFileSync(join(root, 'manifest.json'), body, { mode: 0o600 });
  writeFileSync(join(root, 'manifest.sig'), sign(s.key, body), { mode: 0o600 });
  const [acct] = await ctx.db.query<{
    account_id: string;
  }>('SELECT account_id FROM accounts WHERE username = $1', [actor.user_id]);
  if (acct) {
    await ctx.db.query(
      `INSERT INTO exports (export_id, account_id, purpose, case_number, files, created_at_ms, expires_at_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        id,
        acct.account_id,
        input.purpose,
        input.case_number,
        JSON.stringify(files),
        now,
        manifest.expires_at_ms,
      ],
    );
  }
  return { ...manifest, path: root };
}

export interface VerifyProblem {
  path: string;
  problem: 'signature' | 'modified' | 'missing' | 'unexpected' | 'manifest';
}

function listFiles(root: string, dir = root): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? listFiles(root, p) : [relative(root, p)];
  });
}

/** Every alteration of an export, or [] when it is exactly as written. */
export function verifyExport(dir: string, key: Buffer): VerifyProblem[] {
  const root = resolve(dir);
  let body: Buffer;
  let sig: string;
  try {
    body = readFileSync(join(root, 'manifest.json'));
    sig = readFileSync(join(root, 'manifest.sig'), 'utf8').trim();
  } catch {
    return [{ path: 'manifest.json', problem: 'manifest' }];
  }
  const expected = Buffer.from(sign(key, body));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return [{ path: 'manifest.json', problem: 'signature' }];
  }
  const manifest = JSON.parse(body.toString('utf8')) as Manifest;
  const problems: VerifyProblem[] = [];
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const f of manifest.files) {
    const p = resolve(root, f.path);
    if (!p.startsWith(root + '/') || !existsSync(p)) {
      problems.push({ path: f.path, problem: 'missing' });
    } else if (digest(readFileSync(p)) !== f.sha256) {
      problems.push({ path: f.path, problem: 'modified' });
    }
  }
  for (const f of listFiles(root)) {
    if (f !== 'manifest.json' && f !== 'manifest.sig' && !listed.has(f)) {
      problems.push({ path: f, problem: 'unexpected' });
    }
  }
  return problems;
}

/** Removes every export whose expiry has passed; one audit event per export removed. */
export async function purgeExports(ctx: GovernanceContext, exportDir: string): Promise<string[]> {
  const now = ctx.now();
  const root = resolve(exportDir);
  if (!existsSync(root)) return [];
  const purged: string[] = [];
  for (const id of readdirSync(root)) {
    const dir = join(root, id);
    if (!statSync(dir).isDirectory()) continue;
    let expires: number;
    try {
      expires = (JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest)
        .expires_at_ms;
    } catch {
      // No readable manifest: its age is all we know; the ceiling still applies.
      expires = statSync(dir).mtimeMs + MAX_RETENTION_DAYS * DAY_MS;
    }
    if (!(expires <= now)) continue;
    rmSync(dir, { recursive: true, force: true });
    await ctx.db.query('UPDATE exports SET purged_at_ms = $2 WHERE export_id = $1', [id, now]);
    await recordAct(ctx, {
      action: 'export.purge',
      actor: 'system:purge',
      details: { export_id: id },
    });
    purged.push(id);
  }
  return purged;
}
