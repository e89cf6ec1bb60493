/**
 * Genetec wildcard hotlist patterns. Each `*` stands for exactly one unknown
 * character at any position and the known characters keep their order, so
 * a pattern of k known characters and s stars matches a plate of exactly
 * k + s characters that holds the known characters as a subsequence:
 *
 *   S*K3*7  matches NSK357 (N, 5 unknown) and ASDK37 (A, D unknown);
 *           not SUKA357 (7 characters) nor SKU573 (no 7 after the 3).
 *
 * Both sides are compared folded (O/0, I/1, B/8, S/5, Z/2, lib/plate.ts):
 * a wildcard hit is a possible match to verify anyway, and a witness's
 * partial plate is no surer of S versus 5 than a camera is.
 *
 * Cost: one greedy scan, at most k + s character comparisons per pattern.
 * Patterns are bucketed by length, so a read only meets patterns of its own
 * length: 1 000 patterns spread over lengths 5-8 cost ~250 scans of <= 8
 * characters per read, a few microseconds.
 */
import { foldCanon } from '../../lib/plate.ts';

export interface CompiledPattern {
  /** Folded known characters, in order. */
  readonly known: string;
  /** Plate length this pattern matches: known characters plus stars. */
  readonly length: number;
}

/** Compile a canonical pattern ("S*K3*7"); `*` is the only wildcard character. */
export function compilePattern(canon: string): CompiledPattern {
  return { known: foldCanon(canon.replace(/\*/g, '')), length: canon.length };
}

/** Whether a folded, canonical plate of a read matches the pattern. */
export function matchesPattern(p: CompiledPattern, folded: string): boolean {
  if (folded.length !== p.length) return false;
  let k = 0;
  for (let i = 0; i < folded.length && k < p.known.length; i++) {
    if (folded.charCodeAt(i) === p.known.charCodeAt(k)) k++;
  }
  return k === p.known.length;
}
