/**
 * Plate text forms shared by the normalizer, the hotlist loader and the
 * matcher, so that both sides of a match are built by the same code.
 *
 * - display: upper case, trimmed, inner whitespace collapsed.
 * - canon:   display without separators (space, -, ., ·, _, /): the form
 *            compared for an exact match.
 * - key:     canon with look-alike characters folded (O->0, I->1, B->8,
 *            S->5, Z->2): equal keys with unequal canons are a possible match.
 *            Cyrillic and Greek capitals drawn like Latin ones (К, Т, Р,
 *            Α, Β, ...) are folded to those Latin letters first, so a plate
 *            sent in the wrong script is at least a possible match.
 * Every form starts from the NFKC normalization of the text: full-width
 * ＫＴＲ４８２１ and other compatibility forms become KTR4821 (a no-op on
 * ASCII, so ids of ordinary plates do not change).
 * `*` and `?` are kept in canon and key: on a read they mark characters the
 * camera could not read and never act as wildcards.
 */

const SEPARATORS = /[\s\-._·/]+/g;
const FOLD: Record<string, string> = { O: '0', I: '1', B: '8', S: '5', Z: '2' };
const FOLDABLE = /[OIBSZ]/g;
// Upper-case Cyrillic and Greek letters whose glyphs are Latin ones.
const LATIN_LOOKALIKE: Record<string, string> = {
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  У: 'Y',
  Х: 'X',
  І: 'I',
  Ј: 'J',
  Ѕ: 'S',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
};
const LOOKALIKE = new RegExp(`[${Object.keys(LATIN_LOOKALIKE).join('')}]`, 'g');

// Nearly every plate is printable ASCII, which NFKC leaves as it is: those
// skip the normalization (it runs for display, canon and key of every read).
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const nfkc = (raw: string) => (PRINTABLE_ASCII.test(raw) ? raw : raw.normalize('NFKC'));

/** Control and format characters (NUL, bidi overrides, zero-width joiners). */
export const CONTROL_OR_FORMAT = /[\p{Cc}\p{Cf}]/u;

export function plateDisplay(raw: string): string {
  return nfkc(raw).trim().toUpperCase().replace(/\s+/g, ' ');
}

export function plateCanon(raw: string): string {
  return nfkc(raw).trim().toUpperCase().replace(SEPARATORS, '');
}

export function plateKey(raw: string): string {
  return foldCanon(plateCanon(raw));
}

/** Fold one already-canonical string (used for wildcard patterns). */
export function foldCanon(canon: string): string {
  return canon
    .replace(LOOKALIKE, (c) => LATIN_LOOKALIKE[c] ?? c)
    .replace(FOLDABLE, (c) => FOLD[c] ?? c);
}

export function hasUnreadableChars(canon: string): boolean {
  return canon.includes('*') || canon.includes('?');
}

/** Anything left besides A-Z, 0-9, * and ? after separators are removed. */
export function hasNonstandardChars(canon: string): boolean {
  return /[^A-Z0-9*?]/.test(canon);
}

// A date or time burned into the frame and read as a plate: 12:34:56,
// 2026-12-03, 12/03/26, or a long run of digits shaped like one.
const OVERLAY = [
  /\d{1,2}:\d{2}(:\d{2})?/,
  /\b\d{4}-\d{2}-\d{2}\b/,
  /\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/,
  /^(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d*$/,
];

export function looksLikeTimestampOverlay(raw: string): boolean {
  const s = raw.trim();
  return OVERLAY.some((re) => re.test(s));
}
