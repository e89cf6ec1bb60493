/**
 * The catalogue of criminal-justice purposes a query may name, and the uses
 * the policy prohibits. Anything not listed as permitted is refused; naming
 * a prohibited use is refused with its own code so it can be flagged.
 */
import { readFileSync } from 'node:fs';
import { AlprError, ErrorCodes } from '../lib/errors.ts';

export interface PurposeCatalogue {
  version: number;
  permitted: { id: string; label: string }[];
  prohibited: { id: string; label: string }[];
}

export function loadPurposes(file: string): PurposeCatalogue {
  let c: PurposeCatalogue;
  try {
    c = JSON.parse(readFileSync(file, 'utf8')) as PurposeCatalogue;
  } catch (cause) {
    throw new AlprError(ErrorCodes.CONFIG_INVALID, `cannot read purposes file ${file}; set ALPR_PURPOSES_FILE`, {
      cause,
      context: { file },
    });
  }
  if (!Array.isArray(c?.permitted) || c.permitted.length === 0 || !Array.isArray(c.prohibited)) {
    throw new AlprError(ErrorCodes.CONFIG_INVALID, `${file}: needs non-empty "permitted" and a "prohibited" list`, {
      context: { file },
    });
  }
  const overlap = c.permitted.filter((p) => c.prohibited.some((q) => q.id === p.id));
  if (overlap.length > 0) {
    throw new AlprError(ErrorCodes.CONFIG_INVALID, `${file}: purposes both permitted and prohibited`, {
      context: { file, ids: overlap.map((p) => p.id) },
    });
  }
  return c;
}

export function checkPurpose(c: PurposeCatalogue, purpose: string): void {
  if (c.prohibited.some((p) => p.id === purpose)) {
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
