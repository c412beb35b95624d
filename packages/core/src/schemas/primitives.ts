// zod/mini: the widgets bundle these schemas for the browser, and mini's
// functional API tree-shakes to a fifth of the classic API's size. Its functions
// are marked side-effect free but its `.check()` method cannot be, so each
// `.check()` below carries a pure annotation: a bundler can then drop the schemas
// a browser bundle does not use (the organisation, RC input and stall schemas).
import * as z from 'zod/mini';

// A CPR number as people type it, once its digits are ASCII: DDMMYY and four digits, perhaps joined
// by separators (spaces, dashes, the minus sign, dots, slashes, full-width ones too) or another
// character, the date's parts separated on both sides or neither (`01-01-90-1234`, `01.01.901234`);
// the day 01-31, the month 01-12. No quantifier nests in another: linear.
const SEP = '[\\s\\p{Pd}\\u2212./\\uFF0E\\uFF0F]';
const CPR_LIKE = new RegExp(`(?<!\\d)(?:0[1-9]|[12]\\d|3[01])(?:0[1-9]|1[0-2]|${SEP}+(?:0[1-9]|1[0-2])${SEP}+)\\d\\d(?:${SEP}+|\\D)?\\d{4}(?!\\d)`, 'u');
const OTHER_DIGIT = /(?![0-9])\p{Nd}/u;
const OTHER_DIGITS = /(?![0-9])\p{Nd}/gu;
const DIGIT = /\p{Nd}/u;

/**
 * The ASCII digit of any Unicode decimal digit (full-width, Arabic-Indic, Devanagari...).
 * Unicode keeps them in runs of ten from 0 to 9, runs sometimes adjoining: the count of
 * digits below it in its run, modulo ten, is its value.
 */
function asciiDigit(digit: string): string {
  let below = 0;
  for (let cp = digit.codePointAt(0)! - 1; DIGIT.test(String.fromCodePoint(cp)); cp--) below++;
  return String(below % 10);
}

/**
 * Whether a text holds a Danish personal identity number (CPR) in any of the forms people
 * type, in any script's digits. Only where the first six digits are a date, so `SAG-2026-0412`
 * is not one. (A day past the month's end, 30 February, is taken as a date: refusing too much
 * is the safe side.) Linear in the text's length.
 */
export const hasCpr = (text: string): boolean => CPR_LIKE.test(OTHER_DIGIT.test(text) ? text.replace(OTHER_DIGITS, asciiDigit) : text);

/**
 * The check that keeps CPR numbers out of a text Samspil stores or shows. What z.refine()
 * reports, as a plain check function: it keeps zod's custom-schema class out of the widgets' bundle.
 */
export const noCpr = (ctx: { value: string; issues: unknown[] }): void => {
  if (hasCpr(ctx.value)) ctx.issues.push({ code: 'custom', message: 'must not contain a CPR number', input: ctx.value, continue: true });
};

/** A non-empty text, trimmed: the case's own words (the plan), which only those with a part in the case see. */
export const Text = /* @__PURE__ */ z.string().check(z.trim(), z.minLength(1));

/** An identifier from Samspil or the vendor's system. Never personal data (no CPR numbers). */
export const Id = /* @__PURE__ */ z.string().check(z.trim(), z.minLength(1), z.maxLength(200), noCpr);

/** A name or a short text Samspil shows beyond the case (a department's, a person's, a legal basis): trimmed, no CPR number. */
export const Label = /* @__PURE__ */ z.string().check(z.trim(), z.minLength(1), z.maxLength(500), noCpr);

/** An optional short text (a title, a reason): trimmed, perhaps empty, no CPR number. */
export const Note = z.optional(/* @__PURE__ */ z.string().check(z.trim(), z.maxLength(500), noCpr));

/** The years a date or an instant may fall in: anything else is a typing slip, and PostgreSQL reads years below 100 as 19xx or 20xx. */
export const YEARS = { min: 1900, max: 2200 } as const;
/** The farthest offsets from UTC in use (Kiribati's +14:00, Baker Island's -12:00). */
const MAX_OFFSET_MINUTES = 14 * 60;
/** The first and the last instant (epoch ms) the API takes and answers. */
export const INSTANTS = { first: Date.UTC(YEARS.min, 0, 1), last: Date.UTC(YEARS.max + 1, 0, 1) - 1 } as const;
const DATE_TIME_PARTS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.(\d+))?(?:Z|[+-](\d\d):(\d\d))$/;
/** Reports a custom issue at `path` (below the value checked) from a `.check()`, and carries on checking. */
export const issueAt = (ctx: { value: unknown; issues: unknown[] }, message: string, path: PropertyKey[]): void =>
  void ctx.issues.push({ code: 'custom', message, input: ctx.value, path, continue: true });
const bounded = (ctx: { value: string; issues: unknown[] }, message: string): void => void ctx.issues.push({ code: 'custom', message, input: ctx.value, continue: true });

/** A calendar date, `YYYY-MM-DD`, read in Europe/Copenhagen, in the years 1900-2200. */
export const IsoDate = /* @__PURE__ */ z.iso.date().check((ctx) => {
  const year = Number(ctx.value.slice(0, 4));
  if (year < YEARS.min || year > YEARS.max) bounded(ctx, `must be a date in the years ${YEARS.min}-${YEARS.max}`);
});

/**
 * An instant with an explicit offset, e.g. `2026-03-02T09:15:00+01:00` or `...Z`: a real one
 * (no 30 February, zod's format sees to that), from 1900 to 2200 in UTC, the offset within
 * ±14:00, no finer than a millisecond, so the instant kept (and answered, in UTC) is the one given.
 */
export const IsoDateTime = /* @__PURE__ */ z.iso.datetime({ offset: true }).check((ctx) => {
  const m = DATE_TIME_PARTS.exec(ctx.value);
  if (!m) return; // the format's own issue says what is wrong
  if (/[1-9]/.test(m[1]?.slice(3) ?? '')) return bounded(ctx, 'must not be finer than a millisecond');
  if (m[2] && Number(m[2]) * 60 + Number(m[3]) > MAX_OFFSET_MINUTES) return bounded(ctx, 'the offset must be within ±14:00');
  const at = Date.parse(ctx.value);
  if (!(at >= INSTANTS.first && at <= INSTANTS.last)) bounded(ctx, `must be an instant in the years ${YEARS.min}-${YEARS.max} (UTC)`);
});

/** The most items each array a request carries may hold (the README's "Input limits"). */
export const LIMITS = { participants: 500, departments: 200, subGoals: 500, interventions: 500, followUps: 500, matrixColumns: 500, matrixRows: 500, matrixCells: 10_000, closingDays: 1_000 } as const;

/** The largest whole number a PostgreSQL `integer` column holds. */
export const INT4_MAX = 2_147_483_647;

export const Version = z._default(/* @__PURE__ */ z.int().check(z.nonnegative(), z.maximum(INT4_MAX)), 0);

export const DepartmentKind = z.enum(['jobcentre', 'family', 'adult-social', 'psychiatry', 'health', 'addiction', 'other']);
export type DepartmentKind = z.infer<typeof DepartmentKind>;
