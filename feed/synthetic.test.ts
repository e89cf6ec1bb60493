import { describe, expect, it } from 'vitest';
import { createCameraFleet, createFeed } from './synthetic.ts';

describe('synthetic feed', () => {
  const cameras = createCameraFleet(300);
  const hotPlates = [{ plate: 'KTR4821', region: 'US-OH' }];

  it('fleet > 300 cameras > all inside Illinois bounds with unique ids', () => {
    expect(new Set(cameras.map((c) => c.camera_id)).size).toBe(300);
    for (const c of cameras) {
      expect(c.lat).toBeGreaterThan(36.9);
      expect(c.lat).toBeLessThan(42.6);
      expect(c.lon).toBeGreaterThan(-91.6);
      expect(c.lon).toBeLessThan(-87.0);
    }
  });

  it('feed > 20,000 reads at a 0.5% hit rate > between 0.3% and 0.7% hotlisted, 300-600 bytes each', () => {
    const feed = createFeed({ cameras, hotPlates, population: 20_000 });
    let hot = 0;
    const sizes: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const p = feed.next(1_800_000_000_000);
      if (p.hotlisted) hot += 1;
      sizes.push(p.value.length);
      expect(() => JSON.parse(p.value.toString())).not.toThrow();
    }
    expect(hot / 20_000).toBeGreaterThan(0.003);
    expect(hot / 20_000).toBeLessThan(0.007);
    sizes.sort((a, b) => a - b);
    expect(sizes[Math.floor(sizes.length * 0.05)]).toBeGreaterThanOrEqual(300);
    expect(sizes[Math.floor(sizes.length * 0.95)]).toBeLessThanOrEqual(600);
  });

  it('feed > same seed > same payloads', () => {
    const a = createFeed({ cameras, hotPlates, seed: 3, population: 1000 });
    const b = createFeed({ cameras, hotPlates, seed: 3, population: 1000 });
    for (let i = 0; i < 50; i++) expect(a.next(1e12).value.equals(b.next(1e12).value)).toBe(true);
  });
});
