import { describe, expect, it } from 'vitest';
import { toIsoRegion } from './region.ts';

describe('region to ISO 3166-2', () => {
  it.each([
    ['us-oh', 'US-OH', null],
    ['oh', 'US-OH', null],
    ['US-OH', 'US-OH', null],
    ['0H', 'US-OH', null],
    ['on', 'CA-ON', null],
    ['us-on', 'CA-ON', null],
    ['ca-qc', 'CA-QC', null],
    ['us-ca', 'US-CA', null],
    ['ca', null, 'region_ambiguous'],
    ['gb', null, 'region_country_only'],
    ['', null, 'region_unknown'],
    [null, null, 'region_unknown'],
    ['us-zz', null, 'region_unknown'],
    ['mx-jal', 'MX-JAL', null],
    ['de-by', 'DE-BY', null],
    ['zz-99', null, 'region_unknown'],
    ['xx-ab', null, 'region_unknown'],
    ['zz', null, 'region_unknown'],
    ['uk', null, 'region_unknown'],
  ])('%j > %s', (raw, iso, flag) => {
    const r = toIsoRegion(raw);
    expect(r.iso).toBe(iso);
    expect(r.flag).toBe(flag);
  });
});
