/**
 * What of a request goes on the audit trail, and what never does: the
 * accountability fields have columns of their own, secrets are dropped, the
 * rest is recorded as JSON parameters that cannot fail to serialise.
 */
import type { FastifyRequest } from 'fastify';

const ACCOUNTABILITY_FIELDS = new Set(['purpose', 'case_number', 'notes']);
// Never written to the audit trail (or anywhere else).
const SECRET_FIELDS = new Set(['password', 'totp', 'enrolment_code']);

export function bodyOf(req: FastifyRequest): Record<string, unknown> {
  return req.body && typeof req.body === 'object' ? (req.body as Record<string, unknown>) : {};
}

export function str(v: unknown): string | null {
  return typeof v === 'string' ? v.slice(0, 2000) : null;
}

export function parameters(req: FastifyRequest): string {
  // Sign-in routes carry secrets under whatever names a caller invents
  // ("passwd"): of their bodies only the username is ever recorded.
  const keep = req.routeOptions.config.public
    ? (k: string) => k === 'username'
    : (k: string) => !ACCOUNTABILITY_FIELDS.has(k) && !SECRET_FIELDS.has(k);
  const params = Object.fromEntries(Object.entries(bodyOf(req)).filter(([k]) => keep(k)));
  const path =
    req.params && typeof req.params === 'object' ? (req.params as Record<string, unknown>) : {};
  return recordable({ ...path, ...params });
}

/**
 * JSON for the audit trail that cannot throw: a body nested thousands deep
 * (still under the 64 KiB limit) overflows JSON.stringify's stack, and the
 * refusal of such a request must be audited like any other.
 */
export function recordable(value: object): string {
  try {
    return JSON.stringify(value);
  } catch {
    return JSON.stringify({ unrecorded: 'request body too deeply nested to record' });
  }
}

/** The path of the first string holding U+0000 (keys too), or null; 64 levels at most. */
export function nulAt(v: unknown, path: string, depth = 0): string | null {
  if (typeof v === 'string') return v.includes('\u0000') ? path || 'body' : null;
  if (v === null || typeof v !== 'object' || depth > 64) return null;
  for (const [k, x] of Object.entries(v)) {
    const p = path ? `${path}.${k}` : k;
    if (k.includes('\u0000')) return p;
    const found = nulAt(x, p, depth + 1);
    if (found !== null) return found;
  }
  return null;
}
