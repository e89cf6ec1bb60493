/**
 * A generated state hotlist for the demo, written in the Genetec `;` format
 * and read through the same parser as a real file, so the demo's hits come
 * from entries built exactly like production ones.
 */
import { parseHotlist } from '../hotlists/index.ts';
import { prng } from '../feed/synthetic.ts';
import type { HotlistEntry } from '../schemas/types.ts';

const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';
const CATEGORIES = ['Stolen', 'Stolen', 'Stolen', 'Wanted', 'Amber alert'];

export function demoHotlistText(count: number, now: number, seed = 5): string {
  const rand = prng(seed);
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const l = () => LETTERS[Math.floor(rand() * LETTERS.length)]!;
    const plate = `${l()}${l()}${String(10000 + Math.floor(rand() * 89999))}`;
    const category = CATEGORIES[Math.floor(rand() * CATEGORIES.length)]!;
    lines.push(`${category};IL;${plate};${day(now - 10 * 864e5)};${day(now + 60 * 864e5)}`);
  }
  return lines.join('\n');
}

export function demoHotlist(count: number, now: number): HotlistEntry[] {
  return parseHotlist(demoHotlistText(count, now), { format: 'genetec', listId: 'state-stolen', now }).entries;
}
