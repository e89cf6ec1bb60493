import { describe, expect, it } from 'vitest';
import { plateCanon, foldCanon } from '../../lib/plate.ts';
import { compilePattern, matchesPattern } from './wildcard.ts';

const fits = (pattern: string, plate: string) =>
  matchesPattern(compilePattern(plateCanon(pattern)), foldCanon(plateCanon(plate)));

describe('wildcard pattern', () => {
  const cases: [string, string, boolean][] = [
    // the format notes' own examples
    ['S*K3*7', 'NSK357', true],
    ['S*K3*7', 'ASDK37', true],
    ['S*K3*7', 'SUKA357', false],
    ['S*K3*7', 'SKU573', false],
    // the stars at any position, the known characters in order
    ['S*K3*7', 'SXK3Y7', true],
    ['S*K3*7', 'SK37XY', true],
    ['S*K3*7', 'SK37X', false],
    ['S*K3*7', 'KS3X7Y', false],
    ['**RB40', 'XYRB40', true],
    ['**RB40', 'RB40XY', true],
    ['**RB40', 'RXB4Y0', true],
    ['**RB40', 'RB40', false],
    ['**RB40', 'XYZRB40', false],
    // look-alikes fold on both sides
    ['**RB40', 'XYR840', true],
    ['**RB40', 'XYRBO4', false],
    ['S*K3*7', 'N5K357', true],
  ];
  it.each(cases)('wildcard pattern > %s against %s > %s', (pattern, plate, expected) => {
    expect(fits(pattern, plate)).toBe(expected);
  });

  it('wildcard pattern > compiled > known characters folded and length counted', () => {
    expect(compilePattern('S*K3*7')).toEqual({ known: '5K37', length: 6 });
  });
});
