import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestEngine, type TestEngine } from '../store/test-support.ts';
import { insertAuditEvents } from '../store/writers.ts';
import { newAuditEvent } from './audit.ts';
import { clickhouseAuditTrail } from './audit-trail.ts';

let t: TestEngine;
const T = Date.parse('2026-11-02T09:00:00Z');
const ev = (at: number, user: string, action: string, outcome: 'allowed' | 'refused') =>
  newAuditEvent({ at_ms: at, user_id: user, action, outcome });
const events = [
  ev(T, 'a.rivera', 'query.plate', 'allowed'),
  ev(T + 1000, 'a.rivera', 'query.plate', 'refused'),
  ev(T + 2000, 'd.brennan', 'account.request', 'allowed'),
  ev(T - 86_400_000 * 40, 'a.rivera', 'query.plate', 'allowed'),
];

beforeAll(async () => {
  t = await openTestEngine('audit_trail');
  // written twice, as a replay would: each event must come back once
  await insertAuditEvents(t.engine, events);
  await insertAuditEvents(t.engine, events);
});
afterAll(() => t?.drop());

describe('use monitored and audited (audit trail for auditors)', () => {
  it("audit trail > window and person > that person's events once each, newest first", async () => {
    const trail = clickhouseAuditTrail(t.engine);
    const rows = (await trail.events({
      fromMs: T - 86_400_000,
      toMs: T + 86_400_000,
      userId: 'a.rivera',
      limit: 100,
    })) as { event_id: string; outcome: string; at_ms: unknown }[];
    expect(rows.map((r) => r.event_id)).toEqual([events[1]!.event_id, events[0]!.event_id]);
    expect(Number(rows[0]!.at_ms)).toBe(T + 1000);
  });

  it('audit trail > refusals only > refused events', async () => {
    const trail = clickhouseAuditTrail(t.engine);
    const rows = (await trail.events({
      fromMs: T - 86_400_000,
      toMs: T + 86_400_000,
      outcome: 'refused',
      limit: 100,
    })) as { refusal_code: unknown; outcome: string }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.outcome).toBe('refused');
  });
});
