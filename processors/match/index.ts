/**
 * Match processor core: reads against hotlists. createHotlistIndex builds an
 * immutable index, createMatcher holds the one in use and answers
 * match(read, now) with zero or more Hits (see ./match-read.ts for the kinds
 * of hit and the rules that prevent one). No I/O here: the runtime feeds
 * hotlist changes in (topology/hotlist-follower.ts) and produces the hits.
 */
export { createHotlistIndex, type HotlistIndex, type IndexedEntry } from './hotlist-index.ts';
export { createMatcher, type Matcher, type MatcherOptions } from './matcher.ts';
export { matchRead } from './match-read.ts';
export { hitId } from './hit.ts';
export { compilePattern, matchesPattern, type CompiledPattern } from './wildcard.ts';
