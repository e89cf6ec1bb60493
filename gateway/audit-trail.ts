/**
 * The audit trail as auditors read it: events from ClickHouse
 * `audit_events` (schemas/clickhouse/audit_events.sql), newest first,
 * filtered by time window, person, action and outcome. Replays can repeat
 * an event, so rows are de-duplicated by event_id (LIMIT 1 BY).
 */
import type { ClickHouseEngine } from '../store/index.ts';

export interface AuditQuery {
  fromMs: number;
  toMs: number;
  userId?: string;
  action?: string;
  outcome?: string;
  limit: number;
}

export interface AuditTrail {
  events(q: AuditQuery): Promise<unknown[]>;
}

export function clickhouseAuditTrail(engine: ClickHouseEngine): AuditTrail {
  return {
    async events(q) {
      const where = [
        "at >= fromUnixTimestamp64Milli({fromMs:Int64}, 'UTC')",
        "at < fromUnixTimestamp64Milli({toMs:Int64}, 'UTC')",
        ...(q.userId ? ['user_id = {userId:String}'] : []),
        ...(q.action ? ['action = {action:String}'] : []),
        ...(q.outcome ? ['outcome = {outcome:String}'] : []),
      ].join(' AND ');
      return engine.query(
        `SELECT event_id, toUnixTimestamp64Milli(at) AS at_ms, action, outcome, refusal_code,
                user_id, purpose, case_number, notes, parameters, row_count, client_ip
           FROM ${engine.database}.audit_events WHERE ${where}
          ORDER BY at DESC, event_id LIMIT 1 BY event_id LIMIT {limit:UInt32}`,
        { ...q },
      );
    },
  };
}
