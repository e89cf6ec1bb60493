import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { redate } from './redate.ts';

const dir = new URL('../processors/normalize/fixtures/', import.meta.url);
const NOW = Date.UTC(2026, 11, 3, 20, 0, 0);

describe('redate', () => {
  it('alpr_results > epoch ms > newest time becomes now', () => {
    const out = JSON.parse(
      redate(readFileSync(new URL('openalpr-alpr_results.json', dir)), NOW).toString(),
    );
    expect(out.epoch_time).toBe(NOW);
  });

  it('alpr_group > pass start and end > shifted together, gap kept', () => {
    const raw = JSON.parse(readFileSync(new URL('openalpr-alpr_group.json', dir), 'utf8'));
    const out = JSON.parse(redate(Buffer.from(JSON.stringify(raw)), NOW).toString());
    expect(out.epoch_end - out.epoch_start).toBe(raw.epoch_end - raw.epoch_start);
    expect(Math.max(out.epoch_end, out.best_uuid_epoch_ms)).toBe(NOW);
  });

  it('on-prem webhook > zone-less local time > same shape, moved', () => {
    const out = JSON.parse(
      redate(
        readFileSync(new URL('platerecognizer-snapshot-webhook-onprem.json', dir)),
        NOW,
      ).toString(),
    );
    expect(out.data.timestamp).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/);
    expect(out.data.timestamp.startsWith('2026-12-03 20:00:00')).toBe(true);
  });

  it('frigate > float epoch seconds > moved, still float seconds', () => {
    const out = JSON.parse(
      redate(readFileSync(new URL('frigate-events-update.json', dir)), NOW).toString(),
    );
    expect(out.after.frame_time).toBeCloseTo(NOW / 1000, 3);
    expect(out.after.start_time).toBeLessThan(out.after.frame_time);
  });

  it('every sample > redated > still the same keys, and not JSON > untouched', () => {
    for (const f of readdirSync(dir)) {
      const raw = readFileSync(new URL(f, dir));
      expect(Object.keys(JSON.parse(redate(raw, NOW).toString()))).toEqual(
        Object.keys(JSON.parse(raw.toString())),
      );
    }
    expect(redate(Buffer.from('{"oops'), NOW).toString()).toBe('{"oops');
  });
});
