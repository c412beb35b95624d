import { RcSurveyReader, type RcSurvey } from '@samspil/core';

/** The survey is not UTF-8 (an old Excel export in Windows-1252, say). */
export class NotUtf8Error extends Error {
  constructor() {
    super('the file is not UTF-8 (save it as "CSV UTF-8")');
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
