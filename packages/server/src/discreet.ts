// What an answer or a log line may repeat of what a caller sent: a short excerpt, its
// digits masked when it holds a CPR number. A refusal names the rule; an excerpt only
// helps find the place, so a huge or personal value never travels back.
import { hasCpr } from '@samspil/core';

/** The longest piece of a refused value an answer quotes. */
const EXCERPT_LENGTH = 16;

/** `value` cut to `max` characters (`…` marks the cut), every digit masked when it holds a CPR number. */
export function excerpt(value: string, max = EXCERPT_LENGTH): string {
  const cut = value.length > max ? `${value.slice(0, max)}…` : value;
  return hasCpr(value) ? cut.replace(/\p{Nd}/gu, '#') : cut;
}

/** A JSON-quoted string inside a message. */
const QUOTED = /"(?:[^"\\]|\\.)*"/g;

/** A message with each JSON-quoted value in it reduced to an excerpt, and the whole cut to `max` characters. */
export function discreetMessage(message: string, max = 200): string {
  const quoted = message.replace(QUOTED, (literal) => {
    try {
      return JSON.stringify(excerpt(JSON.parse(literal) as string));
    } catch {
      return '"…"';
    }
  });
  return excerpt(quoted, max);
}
