import { CodedError, ErrorCode } from './errors.js';
import { RcSurveyReader, type RcSurvey } from '@samspil/core';

/** The survey is not UTF-8 (an old Excel export in Windows-1252, say). */
export class NotUtf8Error extends CodedError {
  constructor() {
    super(ErrorCode.NotUtf8, 'the file is not UTF-8 (save it as "CSV UTF-8")');
  }
}

/**
 * Reads an RC survey from a byte stream (a file, a request body) through core's
 * reader, never holding it whole. Decoding is strict: another encoding is refused
 * rather than read with its Danish letters silently replaced.
 */
export async function readSurveyStream(chunks: AsyncIterable<Uint8Array>): Promise<RcSurvey> {
  const reader = new RcSurveyReader();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of chunks) reader.push(decoder.decode(chunk, { stream: true }));
    reader.push(decoder.decode());
  } catch (error) {
    throw error instanceof TypeError ? new NotUtf8Error() : error;
  }
  return reader.end();
}

/** The offset of the first byte that is not valid UTF-8, or -1 (a sequence cut off at the end counts as valid: the next chunk may finish it). */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (length === 0) return i;
    // The second byte's range excludes overlong forms, surrogates and code points past U+10FFFF.
    if (length > 1 && i + 1 < bytes.length) {
      const c = bytes[i + 1]!;
      if (c < (b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80) || c > (b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf)) return i;
    }
    for (let k = 2; k < length && i + k < bytes.length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
    i += length;
  }
  return -1;
}
