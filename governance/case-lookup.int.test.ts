import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes } from '../lib/errors.ts';
import { checkCaseExists, httpCaseLookup } from './case-lookup.ts';

// A stand-in records system on a loopback port: 2026-CR-001234 exists, 2026-CR-000500 breaks it.
let server: Server;
let url: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    const q = new URL(req.url ?? '/', 'http://x').searchParams;
    if (q.get('agency_id') !== 'demo-agency') res.statusCode = 400;
    else if (q.get('case_number') === '2026-CR-001234') res.statusCode = 200;
    else if (q.get('case_number') === '2026-CR-000500') res.statusCode = 500;
    else res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address() as { port: number };
  url = `http://127.0.0.1:${addr.port}/cases`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
}

describe('case number checked against the records system', () => {
  it('records system > case exists > accepted', async () => {
    await expect(
      checkCaseExists(httpCaseLookup(url), '2026-CR-001234', 'demo-agency'),
    ).resolves.toBeUndefined();
  });

  it('records system > no such case > CASE_NOT_FOUND', async () => {
    expect(
      await codeOf(checkCaseExists(httpCaseLookup(url), '2026-CR-009999', 'demo-agency')),
    ).toBe(ErrorCodes.CASE_NOT_FOUND);
  });

  it('records system > error or unreachable > CASE_LOOKUP_UNAVAILABLE (fail closed)', async () => {
    expect(
      await codeOf(checkCaseExists(httpCaseLookup(url), '2026-CR-000500', 'demo-agency')),
    ).toBe(ErrorCodes.CASE_LOOKUP_UNAVAILABLE);
    const down = httpCaseLookup('http://127.0.0.1:1/cases', 500);
    expect(await codeOf(checkCaseExists(down, '2026-CR-001234', 'demo-agency'))).toBe(
      ErrorCodes.CASE_LOOKUP_UNAVAILABLE,
    );
  });

  it('records system > not configured > format check only', async () => {
    await expect(checkCaseExists(null, '2026-CR-009999', 'demo-agency')).resolves.toBeUndefined();
  });
});
