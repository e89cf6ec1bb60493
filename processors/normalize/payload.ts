/**
 * Raw record value to parsed JSON. Size and emptiness are checked before
 * any parsing, so an oversized payload costs one length comparison. The
 * bytes must be UTF-8 (RFC 8259 §8.1); a leading byte-order mark, which
 * some Windows bridges write, is dropped.
 */
import { AlprError, ErrorCodes } from '../../lib/errors.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

function malformed(reason: string, cause?: unknown): AlprError {
  return new AlprError(ErrorCodes.MALFORMED_JSON, `payload is not JSON: ${reason}`, {
    cause,
    context: { reason },
  });
}

export function parsePayload(value: Buffer | null, maxBytes: number): unknown {
  if (value === null || value.length === 0) throw malformed('empty');
  if (value.length > maxBytes) {
    throw new AlprError(ErrorCodes.MESSAGE_TOO_LARGE, 'payload exceeds the size limit', {
      context: { size: value.length, max: maxBytes },
    });
  }
  let text: string;
  try {
    text = utf8.decode(value);
  } catch (cause) {
    throw malformed('not UTF-8', cause);
  }
  if (text.trim() === '') throw malformed('empty');
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw malformed('syntax', cause);
  }
}
