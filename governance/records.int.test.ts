/**
 * The purpose catalogue and exports on both engines: embedded PGlite and a
 * real PostgreSQL server (ALPR_POSTGRES_URL; .ci/run starts one).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../lib/errors.ts';
import { currentCatalogue, publishCatalogue } from './catalogue.ts';
import { DAY_MS } from './context.ts';
import { openPglite, openPostgres, type Db } from './db.ts';
import { createExport, purgeExports, verifyExport } from './exports.ts';
import { listReviews, resolveReview } from './catalogue.ts';
import { fileReport, listReports } from './reports.ts';
import { seedAgency, testGovernance, type Agency, type TestGovernance } from './test-support.ts';

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

const url = process.env.ALPR_POSTGRES_URL;
const engines: [string, () => Promise<Db>, boolean][] = [
  ['pglite', () => openPglite(null), true],
  [
    'postgres',
    () => openPostgres(url!, { schema: `rec_${randomBytes(6).toString('hex')}` }),
    Boolean(url),
  ],
];

for (const [engine, open, available] of engines) {
  describe.skipIf(!available)(`governance records on ${engine}`, () => {
    let t: TestGovernance;
    let agency: Agency;
    let db: Db;

    beforeAll(async () => {
      db = await open();
      t = await testGovernance(db);
      agency = await seedAgency(t);
    });
    afterAll(() => db?.close());

    it('purposes enumerated > catalogue > seeded from config/purposes.json', async () => {
      const c = await currentCatalogue(db);
      expect(c?.version).toBe(1);
      expect(c?.prohibited.map((p) => p.id)).toContain('immigration_enforcement');
      expect(c?.not_sought?.length).toBeGreaterThan(0);
    });

    it('purposes enumerated > chief publishes a change > new version, audited with what changed', async () => {
      const c = (await currentCatalogue(db))!;
      const next = { ...c, permitted: c.permitted.filter((p) => p.id !== 'amber_alert') };
      const out = await publishCatalogue(t.ctx, agency.chief.user, next);
      expect(out.version).toBe(2);
      const ev = t.events.at(-1)!;
      expect(ev.action).toBe('catalogue.change');
      expect(JSON.parse(ev.parameters).permitted).toEqual({ added: [], removed: ['amber_alert'] });
      expect(await codeOf(publishCatalogue(t.ctx, agency.admin.user, next))).toBe(
        ErrorCodes.ROLE_FORBIDDEN,
      );
      const overlap = { ...next, prohibited: [...next.prohibited, next.permitted[0]!] };
      expect(await codeOf(publishCatalogue(t.ctx, agency.chief.user, overlap))).toBe(
        ErrorCodes.CATALOGUE_INVALID,
      );
    });

    it('prohibit all other purposes > chief permits a prohibited use > CATALOGUE_INVALID, catalogue unchanged', async () => {
      const c = (await currentCatalogue(db))!;
      const immigration = c.prohibited.find((p) => p.id === 'immigration_enforcement')!;
      const permitting = {
        ...c,
        permitted: [...c.permitted, immigration],
        prohibited: c.prohibited.filter((p) => p !== immigration),
      };
      const withdrawing = { ...c, prohibited: c.prohibited.filter((p) => p !== immigration) };
      for (const doc of [permitting, withdrawing]) {
        const err = await publishCatalogue(t.ctx, agency.chief.user, doc).catch((e) => e);
        expect(err).toMatchObject({
          code: ErrorCodes.CATALOGUE_INVALID,
          context: { field: 'prohibited', ids: ['immigration_enforcement'] },
        });
      }
      expect((await currentCatalogue(db))?.version).toBe(c.version);
    });

    it('mechanism to report errors and violations > chief resolves a report naming her > SELF_APPROVAL, item stays open', async () => {
      const r = await fileReport(t.ctx, agency.analyst.user, {
        kind: 'policy_violation',
        summary: 'The chief approved an account for a relative without training.',
        subject_username: 'r.okafor',
      });
      expect(await codeOf(resolveReview(t.ctx, agency.chief.user, r.review_id, 'unfounded'))).toBe(
        ErrorCodes.SELF_APPROVAL,
      );
      const item = (await listReviews(db)).find((i) => i.review_id === r.review_id);
      expect(item).toMatchObject({ resolved_by: null });
    });

    it('downloaded data not altered > export altered, extended or re-signed > every change detected', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'alpr-export-'));
      const key = randomBytes(32);
      try {
        const img = join(dir, 'src.jpg');
        writeFileSync(img, Buffer.from('jpeg bytes'));
        const m = await createExport(t.ctx, { dir, key, retentionDays: 90 }, agency.analyst.user, {
          purpose: 'stolen_vehicle',
          case_number: '2026-CR-001234',
          notes: null,
          rows: [{ read_id: 'r1' }],
          images: new Map([['ab'.repeat(32), img]]),
        });
        expect(m.expires_at_ms - m.created_at_ms).toBe(90 * DAY_MS);
        expect(verifyExport(m.path, key)).toEqual([]);
        // Readable by its owner only, images included.
        for (const f of [
          'reads.json',
          'manifest.json',
          'manifest.sig',
          `images/${'ab'.repeat(32)}.jpg`,
        ])
          expect(statSync(join(m.path, f)).mode & 0o777).toBe(0o600);
        writeFileSync(join(m.path, 'reads.json'), '[]');
        writeFileSync(join(m.path, 'extra.txt'), 'x');
        expect(verifyExport(m.path, key)).toEqual([
          { path: 'reads.json', problem: 'modified' },
          { path: 'extra.txt', problem: 'unexpected' },
        ]);
        const manifest = readFileSync(join(m.path, 'manifest.json'), 'utf8');
        writeFileSync(
          join(m.path, 'manifest.json'),
          manifest.replace('2026-CR-001234', '2026-CR-009999'),
        );
        expect(verifyExport(m.path, key)).toEqual([
          { path: 'manifest.json', problem: 'signature' },
        ]);
        expect(verifyExport(m.path, randomBytes(32))).toEqual([
          { path: 'manifest.json', problem: 'signature' },
        ]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('exports expire after 90 days at most > purge on day 91 > removed, audited', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'alpr-export-'));
      try {
        const m = await createExport(
          t.ctx,
          {
            dir,
            key: randomBytes(32),
            retentionDays: 90,
          },
          agency.analyst.user,
          {
            purpose: 'stolen_vehicle',
            case_number: '2026-CR-001234',
            notes: null,
            rows: [],
            images: new Map(),
          },
        );
        t.clock.advance(89 * DAY_MS);
        expect(await purgeExports(t.ctx, dir)).toEqual([]);
        t.clock.advance(2 * DAY_MS);
        expect(await purgeExports(t.ctx, dir)).toEqual([m.export_id]);
        expect(t.events.at(-1)).toMatchObject({ action: 'export.purge' });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
    it('mechanism to report errors and violations > analyst reports a colleague > stored, queued for review, audited', async () => {
      const before = t.events.length;
      const r = await fileReport(t.ctx, agency.analyst.user, {
        kind: 'policy_violation',
        summary: '  Searched a plate registered to an ex-partner, no case open.  ',
        subject_username: 'D.Brennan',
        audit_event_id: 'evt-123',
      });
      expect(r).toMatchObject({
        kind: 'policy_violation',
        reporter: 'a.rivera',
        summary: 'Searched a plate registered to an ex-partner, no case open.',
        subject_username: 'd.brennan',
      });
      const item = (await listReviews(db)).find((i) => i.review_id === r.review_id);
      expect(item).toMatchObject({ kind: 'report.policy_violation', user_id: 'a.rivera' });
      const ev = t.events.slice(before);
      expect(ev).toHaveLength(1);
      expect(ev[0]).toMatchObject({ action: 'report.file', user_id: 'a.rivera' });
      // the trail names what was reported, not the reporter's words
      expect(JSON.parse(ev[0]!.parameters)).toMatchObject({ report_id: r.report_id });
      expect(ev[0]!.parameters).not.toContain('ex-partner');
      const listed = await listReports(t.ctx, agency.chief.user, { open: true });
      expect(listed[0]).toMatchObject({ report_id: r.report_id, resolution: null });
    });

    it('mechanism to report errors and violations > bad report > REPORT_INVALID naming the field, nothing stored', async () => {
      const bad: [Record<string, string>, string][] = [
        [{ kind: 'complaint', summary: 'a misread plate on camera 12' }, 'kind'],
        [{ kind: 'data_error', summary: '   short   ' }, 'summary'],
        [{ kind: 'data_error', summary: 'x'.repeat(4001) }, 'summary'],
        [
          {
            kind: 'policy_violation',
            summary: 'a search with no case',
            subject_username: 'nobody',
          },
          'subject_username',
        ],
      ];
      const count = async () =>
        (await db.query<{ n: unknown }>('SELECT count(*) AS n FROM reports'))[0]!.n;
      const before = await count();
      for (const [input, field] of bad) {
        const err = await fileReport(t.ctx, agency.analyst.user, input as never).catch((e) => e);
        expect(err).toMatchObject({ code: ErrorCodes.REPORT_INVALID, context: { field } });
      }
      expect(await count()).toEqual(before);
    });

    it('mechanism to report errors and violations > analyst or administrator lists reports > ROLE_FORBIDDEN', async () => {
      for (const m of [agency.analyst, agency.admin]) {
        expect(await codeOf(listReports(t.ctx, m.user))).toBe(ErrorCodes.ROLE_FORBIDDEN);
      }
    });
  });
}
