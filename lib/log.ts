/**
 * The one logger. Components take a child namespaced by `component`; context
 * goes in fields. Plates are personal data: never log one at info or above.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level = process.env.ALPR_LOG_LEVEL || 'info'): Logger {
  return pino({ level, base: { service: 'alpr-custodian' } });
}

/** A logger that drops everything, for unit tests. */
export const silentLogger: Logger = pino({ level: 'silent' });
