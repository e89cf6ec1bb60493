/**
 * Physical lines of a hotlist file with their 1-based numbers, and the
 * header/trailer records that extracts wrap around their rows
 * ("HEADER NCIC LPR EXTRACT 20240601 0600", "TRAILER 000412", "EOF").
 * Blank lines are dropped without a report; a leading UTF-8 BOM is removed.
 */

export interface NumberedLine {
  line: number;
  text: string;
}

export function numberedLines(text: string): NumberedLine[] {
  const out: NumberedLine[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n|\r/);
  lines.forEach((t, i) => {
    if (t.trim() !== '') out.push({ line: i + 1, text: t });
  });
  return out;
}

const FRAME = /^(HEADER|HDR|TRAILER|TRL|FOOTER|EOF|END|TOTAL|COUNT)\b/i;

/** True for a header or trailer record, judged by its first word or field. */
export function isFrameRecord(first: string): boolean {
  return FRAME.test(first.trim()) || first.trim().startsWith('#');
}
