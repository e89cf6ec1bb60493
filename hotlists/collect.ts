/**
 * Gathers row outcomes into a ParseResult. Two rows of one file with the
 * same entry key (list|plate_key|region: "0ABC" and "OABC" fold together)
 * would overwrite each other on the compacted topic, so the file keeps one:
 * the more urgent (lower priority number), the earlier on a tie; the other
 * is reported as skipped with the line it lost to.
 */
import { hotlistEntryKey } from '../schemas/types.ts';
import type { RowOutcome } from './entry.ts';
import type { ParseResult } from './types.ts';

export interface RowCollector {
  add(line: number, outcome: RowOutcome): void;
  reject(line: number, code: string, reason: string): void;
  skip(line: number, reason: string): void;
  result(): ParseResult;
}

export function createCollector(): RowCollector {
  const out: ParseResult = { entries: [], rejected: [], skipped: [] };
  const seen = new Map<string, { index: number; line: number }>();

  function addEntry(line: number, outcome: Extract<RowOutcome, { kind: 'entry' }>): void {
    const key = hotlistEntryKey(outcome.entry);
    const prior = seen.get(key);
    if (prior === undefined) {
      seen.set(key, { index: out.entries.length, line });
      out.entries.push(outcome.entry);
      return;
    }
    const kept = out.entries[prior.index]!;
    if (outcome.entry.priority < kept.priority) {
      out.entries[prior.index] = outcome.entry;
      seen.set(key, { index: prior.index, line });
      out.skipped.push({ line: prior.line, reason: `same entry key as line ${line}, less urgent` });
    } else {
      out.skipped.push({ line, reason: `same entry key as line ${prior.line}` });
    }
  }

  return {
    add(line, outcome) {
      if (outcome.kind === 'entry') addEntry(line, outcome);
      else if (outcome.kind === 'rejected') out.rejected.push({ line, ...pick(outcome) });
      else out.skipped.push({ line, reason: outcome.reason });
    },
    reject(line, code, reason) {
      out.rejected.push({ line, code, reason });
    },
    skip(line, reason) {
      out.skipped.push({ line, reason });
    },
    result() {
      out.skipped.sort((a, b) => a.line - b.line);
      return out;
    },
  };
}

function pick(o: Extract<RowOutcome, { kind: 'rejected' }>): { code: string; reason: string } {
  return { code: o.code, reason: o.reason };
}
