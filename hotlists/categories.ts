/**
 * The one table from a hotlist category to the purpose a hit is kept under
 * and its priority (1 is most urgent), and the vendor labels that name each
 * category. Purposes are ids from config/purposes.json: a stolen plate is
 * recovered under the stolen_vehicle purpose; a felony vehicle is
 * "identifying a vehicle used in the commission of a crime".
 */
import type { CategoryRule } from './types.ts';

export const CATEGORY_RULES: Readonly<Record<string, CategoryRule>> = {
  amber_alert: { purpose: 'amber_alert', priority: 1 },
  missing_person: { purpose: 'missing_person', priority: 1 },
  wanted_person: { purpose: 'wanted_person', priority: 2 },
  felony_vehicle: { purpose: 'vehicle_used_in_crime', priority: 2 },
  stolen_vehicle: { purpose: 'stolen_vehicle', priority: 3 },
  stolen_plate: { purpose: 'stolen_vehicle', priority: 3 },
};

/** NCIC list code, column [0:1] of the fixed-width extract. */
export const NCIC_CODES: Readonly<Record<string, string>> = {
  A: 'amber_alert',
  F: 'felony_vehicle',
  W: 'wanted_person',
  V: 'stolen_vehicle',
  P: 'stolen_plate',
  M: 'missing_person',
};

// Labels as lower-case words. Genetec's stock category "Stolen" is a stolen
// vehicle; a stolen plate is always spelled out ("Stolen Plate").
const LABELS: Readonly<Record<string, string>> = {
  'amber alert': 'amber_alert',
  amber: 'amber_alert',
  'missing person': 'missing_person',
  missing: 'missing_person',
  'wanted person': 'wanted_person',
  wanted: 'wanted_person',
  warrant: 'wanted_person',
  'felony vehicle': 'felony_vehicle',
  felony: 'felony_vehicle',
  'stolen vehicle': 'stolen_vehicle',
  'stolen auto': 'stolen_vehicle',
  'stolen car': 'stolen_vehicle',
  stolen: 'stolen_vehicle',
  'stolen plate': 'stolen_plate',
  'stolen plates': 'stolen_plate',
  'stolen tag': 'stolen_plate',
  'stolen license plate': 'stolen_plate',
};
const LONGEST_LABEL_WORDS = 3;

/**
 * Category named by the first words of a label: "Stolen Vehicle - 20240517
 * (OH)" and "stolen_vehicle" are stolen_vehicle. The longest known prefix
 * wins, so "Stolen Plate" is not read as "Stolen". Null when none is known.
 */
export function categoryFromLabel(label: string): string | null {
  const words = label
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  for (let n = Math.min(LONGEST_LABEL_WORDS, words.length); n > 0; n--) {
    const category = LABELS[words.slice(0, n).join(' ')];
    if (category) return category;
  }
  return null;
}

/** The rule of a canonical category after overrides; null when the category has none. */
export function categoryRule(
  category: string,
  overrides?: Readonly<Record<string, Partial<CategoryRule>>>,
): CategoryRule | null {
  const base = CATEGORY_RULES[category];
  const over = overrides?.[category];
  const purpose = over?.purpose ?? base?.purpose;
  const priority = over?.priority ?? base?.priority;
  if (purpose === undefined || priority === undefined) return null;
  return { purpose, priority };
}
