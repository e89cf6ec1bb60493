import type { ProducerRecord } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { ErrorCodes, isAlprError } from '../lib/errors.ts';
import { testSerdes } from '../schemas/test-serdes.ts';
import { hotlistEntryKey, type HotlistEntry } from '../schemas/types.ts';
import { makeEntry } from '../processors/match/test-data.ts';
import { publishHotlist, type HotlistProducer } from './index.ts';

const serde = (await testSerdes()).hotlistEntry;

/** Records what would be produced; the broker's behaviour is covered in publish.int.test.ts. */
function recorder() {
  const sends: ProducerRecord[] = [];
  const producer: HotlistProducer = {
    send: async (r) => {
      sends.push(r);
      return [];
    },
  };
  const messages = () =>
    Promise.all(
      sends.flatMap((s) =>
        s.messages.map(async (m) => ({
          topic: s.topic,
          key: String(m.key),
          value: m.value ? await serde.decode(m.value as Buffer) : null,
        })),
      ),
    );
  return { producer, sends, messages };
}

const a1 = makeEntry('KTR4821', 'US-OH', { list_id: 'a' });
const a2 = makeEntry('BNE0452', null, { list_id: 'a' });
const a3 = makeEntry('Q7X2209', 'US-IN', { list_id: 'a' });
const b1 = makeEntry('KTR4821', 'US-OH', { list_id: 'b' });
const state = (...es: HotlistEntry[]) => new Map(es.map((e) => [hotlistEntryKey(e), e]));

describe('publishHotlist > snapshot', () => {
  it('publishHotlist > snapshot > every entry carries one snapshot id', async () => {
    const r = recorder();
    const list = { listId: 'a', entries: [a1, a2] };
    const opts = { snapshotId: 's-1' };
    const res = await publishHotlist(r.producer, serde, list, 'snapshot', undefined, opts);
    expect(res).toEqual({ snapshotId: 's-1', upserts: 2, tombstones: 0 });
    expect(await r.messages()).toEqual([
      { topic: 'alpr.hotlists', key: 'a|KTR4821|US-OH', value: { ...a1, snapshot_id: 's-1' } },
      { topic: 'alpr.hotlists', key: 'a|8NE0452|', value: { ...a2, snapshot_id: 's-1' } },
    ]);
    expect(r.sends.every((s) => s.acks === -1)).toBe(true);
  });

  it('publishHotlist > snapshot dropping an entry > tombstone, other lists kept', async () => {
    const r = recorder();
    const current = state(a1, a2, b1);
    const list = { listId: 'a', entries: [a1, a3] };
    const res = await publishHotlist(r.producer, serde, list, 'snapshot', current);
    expect(res).toMatchObject({ upserts: 2, tombstones: 1 });
    const msgs = await r.messages();
    expect(msgs.filter((m) => m.value === null).map((m) => m.key)).toEqual(['a|8NE0452|']);
    expect(msgs.map((m) => m.key)).not.toContain('b|KTR4821|US-OH');
    expect(msgs.at(-1)?.value).toBeNull(); // upserts before tombstones
  });

  it('publishHotlist > default snapshot id > names the list and differs per call', async () => {
    const r = recorder();
    const one = await publishHotlist(r.producer, serde, { listId: 'a', entries: [a1] }, 'snapshot');
    const two = await publishHotlist(r.producer, serde, { listId: 'a', entries: [a1] }, 'snapshot');
    expect(one.snapshotId).toMatch(/^a@/);
    expect(one.snapshotId).not.toBe(two.snapshotId);
  });

  it('publishHotlist > more messages than a slice > several produce requests', async () => {
    const r = recorder();
    const entries = [1, 2, 3, 4, 5].map((i) => makeEntry(`KTR48${i}0`, null, { list_id: 'a' }));
    const opts = { sliceSize: 2 };
    await publishHotlist(
      r.producer,
      serde,
      { listId: 'a', entries },
      'incremental',
      undefined,
      opts,
    );
    expect(r.sends.map((s) => s.messages.length)).toEqual([2, 2, 1]);
  });
});

describe('publishHotlist > incremental', () => {
  it('publishHotlist > incremental > upserts, no snapshot id, removals tombstoned', async () => {
    const r = recorder();
    const list = { listId: 'a', entries: [a3], removals: [hotlistEntryKey(a2)] };
    const res = await publishHotlist(r.producer, serde, list, 'incremental', state(a1, a2));
    expect(res).toEqual({ snapshotId: null, upserts: 1, tombstones: 1 });
    expect(await r.messages()).toEqual([
      { topic: 'alpr.hotlists', key: 'a|Q7X2209|US-IN', value: { ...a3, snapshot_id: null } },
      { topic: 'alpr.hotlists', key: 'a|8NE0452|', value: null },
    ]);
  });

  it('publishHotlist > incremental with current > absent entries are not removed', async () => {
    const r = recorder();
    const list = { listId: 'a', entries: [a3] };
    const res = await publishHotlist(r.producer, serde, list, 'incremental', state(a1));
    expect(res.tombstones).toBe(0);
  });

  it('publishHotlist > removal of a key also upserted > upsert wins', async () => {
    const r = recorder();
    const list = { listId: 'a', entries: [a1], removals: [hotlistEntryKey(a1)] };
    const res = await publishHotlist(r.producer, serde, list, 'incremental');
    expect(res).toMatchObject({ upserts: 1, tombstones: 0 });
  });
});

describe('publishHotlist > refused input', () => {
  const cases: [string, { listId: string; entries: HotlistEntry[]; removals?: string[] }][] = [
    ['entry of another list', { listId: 'a', entries: [b1] }],
    ['removal key of another list', { listId: 'a', entries: [], removals: ['b|KTR4821|US-OH'] }],
  ];
  it.each(cases)('publishHotlist > %s > INVALID_FIELD, nothing sent', async (_name, list) => {
    const r = recorder();
    const err = await publishHotlist(r.producer, serde, list, 'incremental').catch(
      (e: unknown) => e,
    );
    expect(isAlprError(err) && err.code).toBe(ErrorCodes.INVALID_FIELD);
    expect(r.sends).toEqual([]);
  });
});
