// JSON bodies, read strictly before they are parsed: text that is not UTF-8 is refused
// (not stored with U+FFFD in place of its letters), and so is nesting deeper than any
// request of ours needs (it would exhaust the stack of whatever walks it next).
import type { FastifyBodyParser, FastifyRequest } from 'fastify';
import { invalidUtf8Offset } from '../survey-stream.js';
import { Problem } from './problem.js';

/** The deepest nesting of arrays and objects a JSON body may have. */
export const MAX_JSON_DEPTH = 100;

/** Fastify's JSON parser (prototype poisoning refused), given the body only once it is UTF-8 and bounded in depth. */
export function strictJsonParser(parse: FastifyBodyParser<string>): FastifyBodyParser<Buffer> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return (request: FastifyRequest, body: Buffer, done) => {
    let text: string;
    try {
      text = decoder.decode(body);
    } catch {
      return done(new Problem(400, `malformed JSON: not UTF-8; the first bad byte is at offset ${utf8ErrorOffset(body)}`), undefined);
    }
    if (nestedDeeper(text, MAX_JSON_DEPTH)) return done(new Problem(400, `malformed JSON: nested deeper than ${MAX_JSON_DEPTH} levels`), undefined);
    return parse(request, text, done);
  };
}

/** The offset of the first byte that is not UTF-8 (a sequence cut off at the end is one too). */
function utf8ErrorOffset(bytes: Uint8Array): number {
  const at = invalidUtf8Offset(bytes);
  if (at >= 0) return at;
  // The last sequence is unfinished: its lead byte is at most three bytes back.
  let lead = bytes.length - 1;
  while (lead > 0 && bytes.length - lead < 4 && (bytes[lead]! & 0xc0) === 0x80) lead--;
  return lead;
}

/**
 * Whether arrays and objects nest deeper than `max` in JSON text: brackets are counted outside
 * strings, each string skipped with one native search, so the cost is one pass over the text.
 * Malformed text is left to the parser.
 */
export function nestedDeeper(text: string, max: number): boolean {
  if (text.length <= max) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // The closing quote: the next one not escaped (an odd run of backslashes before it).
      let end = text.indexOf('"', i + 1);
      while (end > 0 && escaped(text, end)) end = text.indexOf('"', end + 1);
      if (end < 0) return false;
      i = end;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

function escaped(text: string, quote: number): boolean {
  let backslashes = 0;
  for (let k = quote - 1; text.charCodeAt(k) === 0x5c; k--) backslashes++;
  return backslashes % 2 === 1;
}
