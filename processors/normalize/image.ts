/**
 * Inline images (OpenALPR `*_jpeg` fields): standard base64 (RFC 4648 §4,
 * "+/" alphabet, "=" padding), optionally wrapped in MIME lines (CR/LF),
 * decoding to a JPEG (it starts with the SOI marker FF D8 FF). Node's own
 * decoder skips characters it does not know, so the text is checked first:
 * a truncated or mangled image is refused rather than stored as garbage.
 */
import { invalidField } from './fields.ts';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function decodeInlineJpeg(data: string, path: string): Buffer {
  const text = data.replace(/[\r\n]/g, '');
  if (text.length === 0 || text.length % 4 !== 0 || !BASE64.test(text)) {
    throw invalidField(path, 'base64 text');
  }
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length < 3 || bytes[0] !== 0xff || bytes[1] !== 0xd8 || bytes[2] !== 0xff) {
    throw invalidField(path, 'a base64 JPEG image');
  }
  return bytes;
}
