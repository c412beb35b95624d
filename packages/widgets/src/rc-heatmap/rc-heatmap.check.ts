import { RC_ITEMS, type RcResult } from '@samspil/core';

// A plain mirror of core's RcResult schema, field by field. Parsing 3,600 ties with zod
// costs more than rendering them; this accepts exactly what the schema accepts (a test
// holds the two together), and what it rejects goes to the schema, which names the path
// of the first problem.

type Check = (x: unknown) => boolean;

const isString: Check = (x) => typeof x === 'string';
// zod's number is finite; its int a safe integer.
const isNumber: Check = Number.isFinite;
const isCount: Check = (x) => Number.isSafeInteger(x) && (x as number) >= 0;
const orNull = (check: Check): Check => (x) => x === null || check(x);

/** Every item, holes included (`every` skips the holes of a sparse array; the schema does not). */
const arrayOf = (check: Check): Check => (x) => {
  if (!Array.isArray(x)) return false;
  for (let i = 0; i < x.length; i++) if (!check(x[i])) return false;
  return true;
};

// for…in over the shape (a plain object literal): no entry arrays to destructure for every field of 3,600 ties.
const object = (shape: Record<string, Check>): Check => (x) => {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  for (const key in shape) if (!shape[key]!((x as Record<string, unknown>)[key])) return false;
  return true;
};

const isBand: Check = (x) => x === null || x === 'strong' || x === 'moderate' || x === 'weak';
const isScore = orNull(isNumber);

/** A tie's seven dimensions: each a number or null. */
const isDimensions: Check = (x) => {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  for (let i = 0; i < RC_ITEMS.length; i++) if (!isScore((x as Record<string, unknown>)[RC_ITEMS[i]!])) return false;
  return true;
};

// A tie's fields written out, the check that runs 3,600 times on a 60-group result: on a fresh page
// it runs before the code is optimised, where a walk over a shape's keys cost several times as much.
const RcTie: Check = (x) => {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const t = x as Record<string, unknown>;
  return (
    isString(t.from) &&
    isString(t.to) &&
    isCount(t.n) &&
    isScore(t.score) &&
    isBand(t.band) &&
    typeof t.suppressed === 'boolean' &&
    (t.dimensions === null || isDimensions(t.dimensions))
  );
};

/** True when `x` is a valid RcResult; false sends it to the schema (which also reports a throwing getter). */
export const isRcResult = object({
  groups: arrayOf(isString),
  ties: arrayOf(RcTie),
  overall: orNull(isNumber),
  asymmetries: arrayOf(object({ a: isString, b: isString, gap: isNumber })),
  ratings: object({ total: isCount, counted: isCount, excluded: isCount }),
}) as (x: unknown) => x is RcResult;
