import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { registry } from '../lib/metrics.ts';

// Histograms expose _bucket, _sum and _count series under their base name.
const SUFFIX = /_(bucket|sum|count)$/;

async function declared(): Promise<Set<string>> {
  const names = new Set<string>();
  for (const m of await registry.getMetricsAsJSON()) names.add(m.name);
  return names;
}

function referenced(text: string): string[] {
  return [...new Set(text.match(/\balpr_[a-z0-9_]+/g) ?? [])].map((n) => n.replace(SUFFIX, ''));
}

describe('monitoring files', () => {
  it.each([
    ['Prometheus rules', 'prometheus/alpr-rules.yml'],
    ['Grafana dashboard', 'grafana/alpr-pipeline.json'],
  ])('%s > every alpr_* metric referenced > declared in lib/metrics.ts', async (_name, file) => {
    const text = readFileSync(new URL(file, import.meta.url), 'utf8');
    const names = await declared();
    const used = referenced(text);
    expect(used.length).toBeGreaterThan(3);
    expect(used.filter((n) => !names.has(n))).toEqual([]);
  });

  it('Grafana dashboard > parsed > every panel has a query', () => {
    const dash = JSON.parse(
      readFileSync(new URL('grafana/alpr-pipeline.json', import.meta.url), 'utf8'),
    );
    expect(dash.panels.length).toBeGreaterThan(5);
    for (const p of dash.panels) expect(p.targets[0].expr).toMatch(/alpr_/);
  });
});
