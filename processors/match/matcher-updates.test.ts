import { describe, expect, it } from 'vitest';
import { metrics } from '../../lib/metrics.ts';
import { hotlistEntryKey } from '../../schemas/types.ts';
import { createHotlistIndex, createMatcher } from './index.ts';
import { makeEntry, makePattern, makeRead, T0 } from './test-data.ts';

const clock = () => T0;
const ohio = makeEntry('KTR4821', 'US-OH');
const illinois = makeEntry('BNE0452', 'US-IL');
const key = hotlistEntryKey;
const manual = { rebuildDelayMs: null, clock };

async function gauge(list: string): Promise<number | undefined> {
  return (await metrics.hotlistEntries.get()).values.find((v) => v.labels.list === list)?.value;
}

describe('hotlist matcher > swap', () => {
  it('hotlist matcher > swap to a new index > next read matches the new lists only', () => {
    const m = createMatcher({ index: createHotlistIndex([ohio], T0), clock });
    expect(m.match(makeRead('KTR4821', 'US-OH'), T0)).toHaveLength(1);
    m.swap(createHotlistIndex([illinois], T0));
    expect(m.match(makeRead('KTR4821', 'US-OH'), T0)).toEqual([]);
    expect(m.match(makeRead('BNE0452', 'US-IL'), T0)).toHaveLength(1);
  });

  it('hotlist matcher > swap > entry gauge follows the index in use', async () => {
    const m = createMatcher({ clock });
    m.swap(createHotlistIndex([makeEntry('KTR4821', null, { list_id: 'gauge-a' })], T0));
    expect(await gauge('gauge-a')).toBe(1);
    m.swap(createHotlistIndex([makeEntry('KTR4821', null, { list_id: 'gauge-b' })], T0));
    expect(await gauge('gauge-a')).toBeUndefined();
    expect(await gauge('gauge-b')).toBe(1);
  });
});

describe('hotlist matcher > incremental changes', () => {
  it('hotlist matcher > apply without flush > read still matched against the old index', () => {
    const m = createMatcher({ ...manual });
    m.apply(key(ohio), ohio);
    expect(m.pendingChanges).toBe(1);
    expect(m.match(makeRead('KTR4821', 'US-OH'), T0)).toEqual([]);
    m.flush();
    expect(m.pendingChanges).toBe(0);
    expect(m.match(makeRead('KTR4821', 'US-OH'), T0)).toHaveLength(1);
  });

  it('hotlist matcher > tombstone > entry no longer matches', () => {
    const m = createMatcher({ index: createHotlistIndex([ohio, illinois], T0), ...manual });
    m.apply(key(ohio), null);
    m.flush();
    expect(m.match(makeRead('KTR4821', 'US-OH'), T0)).toEqual([]);
    expect(m.match(makeRead('BNE0452', 'US-IL'), T0)).toHaveLength(1);
    expect(m.index.size).toBe(1);
  });

  it('hotlist matcher > upsert changing O to 0 under one key > only the new plate is exact', () => {
    const first = makeEntry('KTRO821', 'US-OH');
    const second = makeEntry('KTR0821', 'US-OH');
    expect(key(first)).toBe(key(second));
    const m = createMatcher({ index: createHotlistIndex([first], T0), ...manual });
    m.apply(key(second), second);
    m.flush();
    expect(m.match(makeRead('KTR0821', 'US-OH'), T0).map((h) => h.match_kind)).toEqual(['exact']);
    const old = m.match(makeRead('KTRO821', 'US-OH'), T0);
    expect(old.map((h) => h.match_kind)).toEqual(['possible_folded']);
  });

  it('hotlist matcher > wildcard entry upserted then removed > matches, then not', () => {
    const w = makePattern('S*K3*7', 'US-IL');
    const m = createMatcher({ ...manual });
    m.apply(key(w), w);
    m.flush();
    expect(m.match(makeRead('NSK357', 'US-IL'), T0)).toHaveLength(1);
    m.apply(key(w), null);
    m.flush();
    expect(m.match(makeRead('NSK357', 'US-IL'), T0)).toEqual([]);
  });

  it('hotlist matcher > flush after swap > the swapped-in index is left unchanged', () => {
    const given = createHotlistIndex([ohio], T0);
    const m = createMatcher({ index: given, ...manual });
    m.apply(key(illinois), illinois);
    m.apply(key(ohio), null);
    m.flush();
    expect(given.size).toBe(1);
    expect(given.entries.has(key(ohio))).toBe(true);
    expect(m.index).not.toBe(given);
    expect(m.index.size).toBe(1);
  });

  it('hotlist matcher > changes pending at a swap > applied over the new index', () => {
    const m = createMatcher({ ...manual });
    m.apply(key(illinois), illinois);
    m.swap(createHotlistIndex([ohio], T0));
    m.flush();
    expect(m.match(makeRead('KTR4821', 'US-OH'), T0)).toHaveLength(1);
    expect(m.match(makeRead('BNE0452', 'US-IL'), T0)).toHaveLength(1);
  });

  it('hotlist matcher > already expired entry applied > not indexed', () => {
    const gone = makeEntry('KTR4821', 'US-OH', { expires_at_ms: T0 - 1 });
    const m = createMatcher({ ...manual });
    m.apply(key(gone), gone);
    m.flush();
    expect(m.index.size).toBe(0);
  });

  it('hotlist matcher > rebuild > drops entries expired since and applies pending', () => {
    let now = T0;
    const soon = makeEntry('KTR4821', 'US-OH', { expires_at_ms: T0 + 10 });
    const index = createHotlistIndex([soon], T0);
    const m = createMatcher({ index, rebuildDelayMs: null, clock: () => now });
    m.apply(key(illinois), illinois);
    now = T0 + 20;
    const fresh = m.rebuild();
    expect([...fresh.entries.keys()]).toEqual([key(illinois)]);
    expect(m.index).toBe(fresh);
    expect(m.pendingChanges).toBe(0);
  });

  it('hotlist matcher > burst of changes with the timer > one flush after the delay', async () => {
    const m = createMatcher({ rebuildDelayMs: 5, clock });
    const before = m.index;
    m.apply(key(ohio), ohio);
    m.apply(key(illinois), illinois);
    expect(m.index).toBe(before);
    await new Promise((r) => setTimeout(r, 30));
    expect(m.pendingChanges).toBe(0);
    expect(m.index.size).toBe(2);
    m.close();
  });

  it('hotlist matcher > close before the timer fires > changes stay pending', async () => {
    const m = createMatcher({ rebuildDelayMs: 5, clock });
    m.apply(key(ohio), ohio);
    m.close();
    await new Promise((r) => setTimeout(r, 30));
    expect(m.pendingChanges).toBe(1);
    expect(m.index.size).toBe(0);
  });

  it('hotlist matcher > entries of one list applied > gauge counts them', async () => {
    const m = createMatcher({ ...manual });
    const a = makeEntry('KTR4821', null, { list_id: 'gauge-c' });
    const b = makeEntry('BNE0452', null, { list_id: 'gauge-c' });
    m.apply(key(a), a);
    m.apply(key(b), b);
    m.flush();
    expect(await gauge('gauge-c')).toBe(2);
    m.apply(key(a), null);
    m.flush();
    expect(await gauge('gauge-c')).toBe(1);
  });
});

describe('hotlist matcher > compaction in slices', () => {
  const plates = (n: number, prefix = 'CMP', over = {}) =>
    Array.from({ length: n }, (_, i) => makeEntry(`${prefix}${i}`, 'US-IL', over));

  it('hotlist matcher > compact > expired entries dropped, reads answered between slices', async () => {
    let now = T0;
    const soon = plates(30, 'SOON', { expires_at_ms: T0 + 10 });
    const kept = plates(50, 'KEEP');
    const m = createMatcher({ ...manual, clock: () => now, compactSliceEntries: 7 });
    for (const e of [...soon, ...kept]) m.apply(key(e), e);
    m.flush();
    expect(m.index.size).toBe(80);
    now = T0 + 20;
    let turns = 0;
    let answered = 0;
    // a reader on every turn of the event loop while the compaction runs
    let stopped = false;
    const probe = () => {
      if (stopped) return;
      turns++;
      answered += m.match(makeRead('KEEP3', 'US-IL'), now).length;
      setImmediate(probe);
    };
    setImmediate(probe);
    const dropped = await m.compact();
    stopped = true;
    expect(dropped).toBe(30);
    expect(m.index.size).toBe(50);
    expect(m.match(makeRead('KEEP49', 'US-IL'), now)).toHaveLength(1);
    expect(turns).toBeGreaterThanOrEqual(10); // 80 entries in slices of 7: 12 turns
    expect(answered).toBe(turns);
  });

  it('hotlist matcher > changes flushed during a compaction > kept in the compacted index', async () => {
    const base = plates(40);
    const m = createMatcher({ ...manual, compactSliceEntries: 5 });
    for (const e of base) m.apply(key(e), e);
    m.flush();
    const running = m.compact();
    // while it runs: one removal flushed, one upsert flushed, one left pending
    await new Promise((r) => setImmediate(r));
    m.apply(key(base[0]!), null);
    m.apply(key(ohio), ohio);
    m.flush();
    m.apply(key(illinois), illinois);
    expect(await running).toBe(0);
    expect(m.index.entries.has(key(base[0]!))).toBe(false);
    expect(m.match(makeRead('KTR4821', 'US-OH'), T0)).toHaveLength(1);
    expect(m.match(makeRead('BNE0452', 'US-IL'), T0)).toHaveLength(1);
    expect(m.index.size).toBe(41);
    expect(m.pendingChanges).toBe(0);
  });

  it('hotlist matcher > swap during a compaction > the swapped-in index stays in use', async () => {
    const m = createMatcher({ ...manual, compactSliceEntries: 5 });
    for (const e of plates(40)) m.apply(key(e), e);
    m.flush();
    const running = m.compact();
    await new Promise((r) => setImmediate(r));
    const given = createHotlistIndex([illinois], T0);
    m.swap(given);
    expect(await running).toBe(0);
    expect(m.index).toBe(given);
  });

  it('hotlist matcher > second compaction while one runs > refused', async () => {
    const m = createMatcher({ ...manual, compactSliceEntries: 5 });
    for (const e of plates(20)) m.apply(key(e), e);
    m.flush();
    const first = m.compact();
    await expect(m.compact()).rejects.toThrow(/already running/);
    await first;
    expect(m.index.size).toBe(20);
  });
});
