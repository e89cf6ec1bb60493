/**
 * The catalogue of criminal-justice purposes a query may name, the uses
 * the policy prohibits, and the information that may not be sought.
 * Anything not listed as permitted is refused; naming a prohibited use is
 * refused with its own code so it can be flagged for review.
 *
 * The live catalogue is versioned in the governance store
 * (governance/catalogue.ts), seeded from config/purposes.json.
 */
import { readJsonConfig } from '../lib/json-file.ts';
import { AlprError, ErrorCodes, type ErrorCode } from '../lib/errors.ts';
import { foldedLetters } from '../lib/fold.ts';

export interface CatalogueEntry {
  id: string;
  label: string;
}

export interface PurposeCatalogue {
  version: number;
  permitted: CatalogueEntry[];
  prohibited: CatalogueEntry[];
  /** Information that may not be sought, retained, shared or disclosed. */
  not_sought?: CatalogueEntry[];
}

function entries(v: unknown): v is CatalogueEntry[] {
  return (
    Array.isArray(v) &&
    v.every(
      (e) =>
        typeof e?.id === 'string' &&
        /^[a-z][a-z0-9_]{1,63}$/.test(e.id) &&
        typeof e.label === 'string' &&
        e.label.trim(),
    )
  );
}

/** Checks a catalogue document; `code`: CONFIG_INVALID for files, CATALOGUE_INVALID for the API. */
export function parseCatalogue(
  json: unknown,
  source: string,
  code: ErrorCode = ErrorCodes.CONFIG_INVALID,
) {
  const c = json as PurposeCatalogue;
  if (!entries(c?.permitted) || c.permitted.length === 0 || !entries(c.prohibited)) {
    throw new AlprError(
      code,
      `${source}: needs non-empty "permitted" and a "prohibited" list of {id, label}`,
      {
        context: { source, field: 'permitted' },
      },
    );
  }
  if (c.not_sought !== undefined && !entries(c.not_sought)) {
    throw new AlprError(code, `${source}: "not_sought" must be a list of {id, label}`, {
      context: { source, field: 'not_sought' },
    });
  }
  const overlap = c.permitted.filter((p) => c.prohibited.some((q) => q.id === p.id));
  if (overlap.length > 0) {
    throw new AlprError(code, `${source}: purposes both permitted and prohibited`, {
      context: { source, ids: overlap.map((p) => p.id), field: 'prohibited' },
    });
  }
  return {
    version: Number.isInteger(c.version) ? c.version : 1,
    permitted: c.permitted.map(({ id, label }) => ({ id, label })),
    prohibited: c.prohibited.map(({ id, label }) => ({ id, label })),
    not_sought: (c.not_sought ?? []).map(({ id, label }) => ({ id, label })),
  } satisfies PurposeCatalogue;
}

export function loadPurposes(file: string): PurposeCatalogue {
  const json = readJsonConfig(file, 'purposes file', 'ALPR_PURPOSES_FILE');
  return parseCatalogue(json, file);
}

export function checkPurpose(c: PurposeCatalogue, purpose: string): void {
  // A prohibited use is recognised however it is written (and so queued for
  // review); a permitted one must be spelled as listed.
  // Case, accents, spacing and punctuation aside: "Immigration Enforcement ",
  // "immigrationenforcement" and "ımmigration-enforcement" are all one use.
  const asked = foldedLetters(purpose);
  const named = (p: { id: string; label: string }) =>
    foldedLetters(p.id) === asked || foldedLetters(p.label) === asked;
  if (c.prohibited.some(named)) {
    throw new AlprError(ErrorCodes.PURPOSE_PROHIBITED, `purpose "${purpose}" is a prohibited use`, {
      context: { field: 'purpose', purpose },
    });
  }
  if (!c.permitted.some((p) => p.id === purpose)) {
    throw new AlprError(
      ErrorCodes.PURPOSE_NOT_PERMITTED,
      `purpose "${purpose}" is not in the catalogue; use one of: ${c.permitted.map((p) => p.id).join(', ')}`,
      { context: { field: 'purpose', purpose } },
    );
  }
}

export function checkCaseNumber(pattern: RegExp, caseNumber: string): void {
  if (!pattern.test(caseNumber)) {
    throw new AlprError(
      ErrorCodes.CASE_NUMBER_INVALID,
      `case_number does not match the agency format ${pattern.source}`,
      { context: { field: 'case_number', pattern: pattern.source } },
    );
  }
}
