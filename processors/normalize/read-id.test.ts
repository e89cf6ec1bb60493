import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readId, type ReadIdParts } from './read-id.ts';
import { FIXTURES, fixture, fixtureText, harness } from './test-support.ts';

const base: ReadIdParts = {
  vendor: 'openalpr',
  cameraId: '101',
  vendorEventId: 'u-1',
  capturedAtMs: 1717003200123,
  plateCanon: 'KTR4821',
};

describe('read_id', () => {
  it.each([...FIXTURES])('%s > normalized twice, by two normalizers > same ids', (name) => {
    const a = harness()
      .run(fixtureText(name))
      .map((r) => r.read_id);
    const b = harness()
      .run(fixtureText(name))
      .map((r) => r.read_id);
    expect(a.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
  });

  it('known parts > SHA-256 of the JSON array, first 32 hex digits', () => {
    const text = '["openalpr","101","u-1",1717003200123,"KTR4821"]';
    const want = createHash('sha256').update(text).digest('hex').slice(0, 32);
    expect(readId(base)).toBe(want);
  });

  it.each([
    ['vendor', { vendor: 'frigate' }],
    ['camera', { cameraId: '102' }],
    ['event id', { vendorEventId: 'u-2' }],
    ['event id absent', { vendorEventId: null }],
    ['capture time', { capturedAtMs: 1717003200124 }],
    ['capture time left out', { capturedAtMs: null }],
    ['plate', { plateCanon: 'KTR482I' }],
  ])('one part changed (%s) > different id', (_n, over) => {
    expect(readId({ ...base, ...over })).not.toBe(readId(base));
  });

  it('parts that concatenate alike > different ids', () => {
    const a = readId({ ...base, cameraId: 'ab', vendorEventId: 'c' });
    const b = readId({ ...base, cameraId: 'a', vendorEventId: 'bc' });
    expect(a).not.toBe(b);
  });

  it('plate written with separators or lower case > same id', () => {
    const h = harness();
    const ids = ['ktr4821', 'KTR-4821', ' KTR 4821 '].map((plate) => {
      const d = fixture('platerecognizer-snapshot-cloud.json');
      d.results[0].plate = plate;
      return h.run(d)[0]!.read_id;
    });
    expect(new Set(ids).size).toBe(1);
  });

  it('alpr_results > next frame of the same pass > different read', () => {
    const a = fixture('openalpr-alpr_results.json');
    const b = fixture('openalpr-alpr_results.json');
    b.epoch_time += 66;
    b.uuid = 'demo-site-cam101-1717003200189';
    const h = harness();
    expect(h.run(b)[0]!.read_id).not.toBe(h.run(a)[0]!.read_id);
  });

  describe('Frigate', () => {
    function event(type: string, frameTime: number, plate: string | null, before: string | null) {
      const d = fixture('frigate-events-update.json');
      d.type = type;
      d.after.frame_time = frameTime;
      d.after.recognized_license_plate = plate;
      d.before.recognized_license_plate = before;
      return d;
    }

    it('new, update, end with one text > one read id and one capture time', () => {
      const h = harness();
      const reads = [
        event('new', 1717003191.1, 'KTR4821', null),
        event('update', 1717003196.8, 'KTR4821', 'KTR4821'),
        event('end', 1717003199.9, 'KTR4821', 'KTR4821'),
      ].flatMap((d) => h.run(d));
      expect(reads).toHaveLength(3);
      expect(new Set(reads.map((r) => r.read_id)).size).toBe(1);
      // start_time, not the moving frame time: the repeats are the same row
      expect(new Set(reads.map((r) => r.captured_at_ms))).toEqual(new Set([1717003190475]));
      expect(reads.some((r) => r.flags.includes('frigate_update'))).toBe(false);
    });

    it('text changes between updates > new read flagged frigate_update', () => {
      const h = harness();
      const [first] = h.run(event('update', 1717003193.0, 'KTR482I', null));
      const [second] = h.run(event('update', 1717003196.8, 'KTR4821', 'KTR482I'));
      expect(second!.read_id).not.toBe(first!.read_id);
      expect(first!.flags).not.toContain('frigate_update');
      expect(second!.flags).toContain('frigate_update');
    });

    it('no event id > same plate on the same camera later > different reads', () => {
      const h = harness();
      const a = event('update', 1717003196.8, 'KTR4821', null);
      const b = event('update', 1717608000.0, 'KTR4821', null);
      b.after.start_time = 1717608000.0;
      delete a.after.id;
      delete b.after.id;
      expect(h.run(b)[0]!.read_id).not.toBe(h.run(a)[0]!.read_id);
    });

    it('tracked_object_update lpr and the event with the same plate > one read id', () => {
      const h = harness();
      const [fromEvent] = h.run(fixtureText('frigate-events-update.json'));
      const [fromLpr] = h.run(fixtureText('frigate-tracked-object-update-lpr.json'));
      expect(fromLpr!.read_id).toBe(fromEvent!.read_id);
    });
  });
});
