/** Reading the JSON files named by configuration (cameras, purposes, users). */
import { readFileSync } from 'node:fs';
import { AlprError, ErrorCodes } from './errors.ts';

/**
 * Parses a configuration file as JSON. A missing, unreadable or malformed
 * file throws CONFIG_INVALID whose message names the file, what it is for
 * and the setting that chooses it, with the parser's reason.
 */
export function readJsonConfig(file: string, what: string, key: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new AlprError(
      ErrorCodes.CONFIG_INVALID,
      `cannot read ${what} ${file} (${reason}); set ${key}`,
      { cause, context: { file, key } },
    );
  }
}
