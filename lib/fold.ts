/**
 * The form in which two spellings of one word compare equal: compatibility
 * forms decomposed, accents and other marks dropped, the dotless ı read as
 * i, lower case, and nothing but letters and digits kept ("Ókafor-Ruth " and
 * "okaforruth" fold alike). Used where a person types a name that must be
 * recognised however it is written: purposes, people's names and badges.
 */
export function foldedLetters(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/ı/g, 'i')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}
