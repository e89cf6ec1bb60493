import { describe, expect, it } from 'vitest';
import { looksLikeTimestampOverlay, plateCanon, plateDisplay, plateKey } from './plate.ts';

describe('plate forms', () => {
  it.each([
    ['ktr4821', 'KTR4821', 'KTR4821', 'KTR4821'],
    [' KTR-4821 ', 'KTR-4821', 'KTR4821', 'KTR4821'],
    ['KT 4821', 'KT 4821', 'KT4821', 'KT4821'],
    ['BNE0452', 'BNE0452', 'BNE0452', '8NE0452'],
    ['BNEO452', 'BNEO452', 'BNEO452', '8NE0452'],
    ['SZI', 'SZI', 'SZI', '521'],
    ['N*K357', 'N*K357', 'N*K357', 'N*K357'],
    ['ｋｔｒ４８２１', 'KTR4821', 'KTR4821', 'KTR4821'],
    ['КТР4821', 'КТР4821', 'КТР4821', 'KTP4821'],
    ['ΚΤΡ 4821', 'ΚΤΡ 4821', 'ΚΤΡ4821', 'KTP4821'],
  ])('%j > display %s, canon %s, key %s', (raw, display, canon, key) => {
    expect(plateDisplay(raw)).toBe(display);
    expect(plateCanon(raw)).toBe(canon);
    expect(plateKey(raw)).toBe(key);
  });

  it('look-alikes > O/0 I/1 B/8 S/5 Z/2 swapped > same key', () => {
    expect(plateKey('OIBSZ')).toBe(plateKey('01852'));
  });

  it('look-alikes > Cyrillic or Greek letters for Latin ones > same key, different canon', () => {
    // К, Т, Р are Cyrillic; the plate on the list is Latin KTR4821.
    expect(plateKey('КТР4821')).toBe(plateKey('KTP4821'));
    expect(plateCanon('КТР4821')).not.toBe(plateCanon('KTP4821'));
    expect(plateKey('ВМЕ0452')).toBe(plateKey('BME0452'));
  });

  it.each([
    ['12:34:56', true],
    ['2026-12-03', true],
    ['12/03/26', true],
    ['20261203', true],
    ['KTR4821', false],
    ['1234567', false],
  ])('timestamp overlay > %s > %s', (raw, expected) => {
    expect(looksLikeTimestampOverlay(raw)).toBe(expected);
  });
});
