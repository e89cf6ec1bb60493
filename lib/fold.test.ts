import { describe, expect, it } from 'vitest';
import { foldedLetters } from './fold.ts';

describe('folded letters', () => {
  it.each([
    ['Immigration Enforcement ', 'immigrationenforcement'],
    ['ımmigration-enforcement', 'immigrationenforcement'],
    ['RUTH  OKÁFOR', 'ruthokafor'],
    ['C-01', 'c01'],
    ['ＫＴＲ', 'ktr'],
  ])('%j > %s', (raw, folded) => {
    expect(foldedLetters(raw)).toBe(folded);
  });
});
