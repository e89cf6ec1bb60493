/**
 * Optional hook: ask the agency's records system whether a case exists, so
 * that a well-formed but invented case number is refused. Configured with
 * ALPR_CASE_LOOKUP_URL; the gateway calls GET <url>?case_number=<n>&agency_id=<a>
 * and reads 200 as "exists", 404 as "no such case"; anything else, or no
 * answer within 3 s, refuses the request as CASE_LOOKUP_UNAVAILABLE (fail
 * closed: a query without a verifiable case is not run).
 */
import { AlprError, ErrorCodes } from '../lib/errors.ts';

export interface CaseLookup {
  exists(caseNumber: string, agencyId: string): Promise<boolean>;
}

export function httpCaseLookup(url: string, timeoutMs = 3000): CaseLookup {
  return {
    async exists(caseNumber, agencyId) {
      const u = new URL(url);
      u.searchParams.set('case_number', caseNumber);
      u.searchParams.set('agency_id', agencyId);
      let status: number;
      try {
        const res = await fetch(u, { signal: AbortSignal.timeout(timeoutMs) });
        status = res.status;
        await res.body?.cancel();
      } catch (cause) {
        throw new AlprError(
          ErrorCodes.CASE_LOOKUP_UNAVAILABLE,
          'the records system did not answer',
          {
            cause,
            retriable: true,
            context: { field: 'case_number' },
          },
        );
      }
      if (status === 200) return true;
      if (status === 404) return false;
      throw new AlprError(
        ErrorCodes.CASE_LOOKUP_UNAVAILABLE,
        'the records system gave an unexpected answer',
        {
          retriable: true,
          context: { field: 'case_number', status },
        },
      );
    },
  };
}

export async function checkCaseExists(
  lookup: CaseLookup | null,
  caseNumber: string,
  agencyId: string,
) {
  if (!lookup) return;
  if (!(await lookup.exists(caseNumber, agencyId))) {
    throw new AlprError(ErrorCodes.CASE_NOT_FOUND, 'the records system has no such case', {
      context: { field: 'case_number' },
    });
  }
}
