import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../lib/config.ts';
import { ErrorCodes, type AlprError } from '../lib/errors.ts';
import { defaultSettings, type GovernanceContext } from './context.ts';
import type { Db } from './db.ts';
import { createExport, loadExportKey } from './exports.ts';

// No store needed for the files themselves: a Db that knows no account.
const db: Db = {
  kind: 'pglite',
  query: async () => [],
  exec: async () => undefined,
  tx: (fn) => fn(db),
  close: async () => undefined,
};
const ctx: GovernanceContext = {
  db,
  audit: { write: async () => undefined },
  now: Date.now,
  settings: defaultSettings,
};
const dir = mkdtempSync(join(tmpdir(), 'alpr-cli-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const root = new URL('..', import.meta.url).pathname;
function verifyCli(exportPath: string, keyFile: string) {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'governance/cli.ts', 'verify', exportPath],
    {
      cwd: root,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, ALPR_EXPORT_KEY_FILE: keyFile },
    },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('downloaded data not altered before purge', () => {
  it('verify command > a path that is no directory > exit 2 saying so, not "altered"', () => {
    const r = verifyCli(join(dir, 'no-such-export'), join(dir, 'key'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no export at .*no-such-export: not a directory/);
    expect(r.stdout).not.toMatch(/ALTERED/);
  });

  it('verify command > untouched export, then one byte changed > exit 0, then exit 1 naming the file', () => {
    const keyFile = join(dir, 'key');
    const key = loadExportKey(keyFile);
    const user = {
      user_id: 'a.rivera',
      name: 'Ana Rivera',
      agency_id: 'demo-agency',
      roles: ['analyst'],
    };
    return createExport(ctx, { dir, key, retentionDays: 90 }, user, {
      purpose: 'stolen_vehicle',
      case_number: '2026-CR-001234',
      notes: null,
      rows: [{ read_id: 'r1', plate_display: 'KTR4821' }],
      images: new Map(),
    }).then((m) => {
      expect(verifyCli(m.path, keyFile)).toMatchObject({ status: 0 });
      writeFileSync(join(m.path, 'reads.json'), '[{"read_id":"r1","plate_display":"KTR4822"}]');
      const r = verifyCli(m.path, keyFile);
      expect(r.status).toBe(1);
      expect(r.stdout).toContain('modified\treads.json');
    });
  }, 30_000);

  it('signing key > first use > created with mode 0600', () => {
    const keyFile = join(dir, 'k2');
    expect(loadExportKey(keyFile)).toHaveLength(32);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  });

  it('retention of downloaded images > ALPR_EXPORT_RETENTION_DAYS=91 > refused at start-up', () => {
    try {
      loadConfig({ ALPR_EXPORT_RETENTION_DAYS: '91' });
      expect.unreachable();
    } catch (e) {
      expect((e as AlprError).code).toBe(ErrorCodes.CONFIG_INVALID);
      expect(((e as AlprError).context.problems as string[])[0]).toMatch(
        /^ALPR_EXPORT_RETENTION_DAYS/,
      );
    }
    expect(loadConfig({ ALPR_EXPORT_RETENTION_DAYS: '90' }).exportRetentionDays).toBe(90);
  });
});
