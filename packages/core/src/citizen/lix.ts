// Issue 28: LIX (läsbarhetsindex, Björnsson), the readability score Danish plain-language work
// uses: words per sentence plus the share of long words (over six letters) in per cent. Up to 30
// reads as easy (children's books, plain information); 40 is ordinary newspaper prose. Pure.

export interface Lix {
  score: number;
  words: number;
  longWords: number;
  sentences: number;
}

/** A word: letters and digits, with inner hyphens or apostrophes ("e-mail", "borger.dk" counts as two). */
const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
/** A sentence ends at `.`, `!` or `?` before a capital letter (or a quote) or the end, and at `:` before a space: "kl. 10" goes on. */
const END = /[.!?]+(?=\s+[\p{Lu}"«»“]|\s*$)|:(?=\s)/gu;
const HAS_WORD = /[\p{L}\p{N}]/u;

/**
 * The LIX of texts taken together. Each text is a unit of its own (a heading or a button's label is
 * a sentence without a full stop); within a text, a sentence ends at `.`, `!` or `?` before a capital
 * letter or the end (an abbreviation such as "kl. 10" does not end one), or at `:`, and text after the last end counts as one more sentence. A long word has more
 * than six letters (digits and hyphens not counted).
 */
export function lix(texts: readonly string[]): Lix {
  let words = 0;
  let longWords = 0;
  let sentences = 0;
  for (const text of texts) {
    const found = text.match(WORD) ?? [];
    if (!found.length) continue;
    words += found.length;
    longWords += found.filter((w) => (w.match(/\p{L}/gu)?.length ?? 0) > 6).length;
    const ends = [...text.matchAll(END)];
    const tail = ends.length ? text.slice(ends.at(-1)!.index! + ends.at(-1)![0].length) : text;
    sentences += ends.length + (HAS_WORD.test(tail) ? 1 : 0);
  }
  return { score: words && sentences ? words / sentences + (100 * longWords) / words : 0, words, longWords, sentences };
}
