/**
 * OpenALPR / Rekor agent messages that share the reads feed but carry no
 * read, `openalpr.no_read`:
 * - "heartbeat": agent health, sent about once a minute;
 * - "alpr_alert": the agent's own alert-list match, which embeds a group
 *   that also arrives on its own as `alpr_group`.
 * Dead-lettering these would bury real bad input under one letter a
 * minute per agent, so they give no read and no error.
 */
import type { Adapter } from '../types.ts';

const NO_READ = new Set(['heartbeat', 'alpr_alert']);

export const openalprNoRead: Adapter = {
  vendor: 'openalpr',
  format: 'openalpr.no_read',
  matches: (doc) => typeof doc.data_type === 'string' && NO_READ.has(doc.data_type),
  extract: () => [],
};
