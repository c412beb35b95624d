// zod/mini: the widgets bundle these schemas for the browser, and mini's
// functional API tree-shakes to a fifth of the classic API's size. Its functions
// are marked side-effect free but its `.check()` method cannot be, so each
// `.check()` below carries a pure annotation: a bundler can then drop the schemas
// a browser bundle does not use (the organisation, RC input and stall schemas).
import * as z from 'zod/mini';

// A CPR number as people type it: DDMMYY and four digits, perhaps joined by a hyphen, a
// dash or a space, the date perhaps with dots (`01.01.90-1234`); the day 01-31, the month 01-12.
const CPR_LIKE = /(?<!\d)(0[1-9]|[12]\d|3[01])(\.?)(0[1-9]|1[0-2])\2\d\d\D?\d{4}(?!\d)/;

/**
 * Whether a text holds a Danish personal identity number (CPR) in any of the forms people
 * type. Only where the first six digits are a date, so `SAG-2026-0412` is not one.
 * (A day past the month's end, 30 February, is taken as a date: refusing too much is the safe side.)
 */
export const hasCpr = (text: string): boolean => CPR_LIKE.test(text);

/** A non-empty text, trimmed. */
export const Text = /* @__PURE__ */ z.string().check(z.trim(), z.minLength(1));

/** An identifier from Samspil or the vendor's system. Never personal data (no CPR numbers). */
export const Id = /* @__PURE__ */ z.string().check(
  z.trim(),
  z.minLength(1),
  z.maxLength(200),
  // What z.refine() reports, as a plain check function: it keeps zod's custom-schema class out of the widgets' bundle.
  (ctx) => {
    if (hasCpr(ctx.value)) ctx.issues.push({ code: 'custom', message: 'must not contain a CPR number', input: ctx.value, continue: true });
  },
);

/** A calendar date, `YYYY-MM-DD`, read in Europe/Copenhagen. */
export const IsoDate = z.iso.date();

/** An instant with an explicit offset, e.g. `2026-03-02T09:15:00+01:00` or `...Z`. */
export const IsoDateTime = z.iso.datetime({ offset: true });

export const Version = z._default(/* @__PURE__ */ z.int().check(z.nonnegative()), 0);

export const DepartmentKind = z.enum(['jobcentre', 'family', 'adult-social', 'psychiatry', 'health', 'addiction', 'other']);
export type DepartmentKind = z.infer<typeof DepartmentKind>;
