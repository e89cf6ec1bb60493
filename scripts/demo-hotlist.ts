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
  return parseHotlist(demoHotlistText(count, now), {
    format: 'genetec',
    listId: 'state-stolen',
    now,
  }).entries;
}

/**
 * A wildcard list made from some generated entries: one character of each
 * plate replaced by `*` (a witness's partial plate), read through the
 * Genetec wildcard parser, so the demo shows wildcard hits as well.
 */
export function demoWildcardHotlist(from: HotlistEntry[], now: number): HotlistEntry[] {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const text = from
    .map((e, i) => {
      const p = e.plate_display;
      const at = 1 + (i % (p.length - 2));
      return `Wanted;IL;${p.slice(0, at)}*${p.slice(at + 1)};${day(now - 864e5)};${day(now + 30 * 864e5)}`;
    })
    .join('\n');
  return parseHotlist(text, { format: 'genetec-wildcard', listId: 'state-wildcard', now }).entries;
}
