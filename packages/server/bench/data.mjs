// Deterministic synthetic RC surveys for the benchmarks.
import { RC_ITEMS } from '@samspil/core';

/** A small, seeded PRNG (mulberry32), so every run measures the same data. */
export function random(seed = 20261123) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const groupNames = (count) =>
  Array.from({ length: count }, (_, i) => (i % 7 === 3 ? `"Gruppe ${i}, Æblegård"` : `Gruppe ${i} øst`));

/**
 * `rows` ratings over `groupCount` groups: each respondent belongs to one group and
 * rates every group; about 3 % of items are missing.
 */
export function* surveyRows(rows, groupCount) {
  const rnd = random();
  const names = groupNames(groupCount);
  for (let i = 0; i < rows; i++) {
    const respondent = Math.floor(i / groupCount);
    const group = respondent % groupCount;
    const target = i % groupCount;
    const base = 2.5 + ((group * 7 + target * 3) % 10) / 5;
    const items = RC_ITEMS.map(() => (rnd() < 0.03 ? 0 : Math.max(1, Math.min(5, Math.round(base + (rnd() - 0.5) * 2)))));
    yield { respondent: `R${respondent}`, group, target, groupName: names[group], targetName: names[target], items };
  }
}

/**
 * A plain survey export as the issue describes it: ASCII group names (`Gruppe 07`), no quotes,
 * LF line ends, about 3 % empty items. Yields the text in pieces of about 10,000 lines.
 */
export function* asciiSurvey(rows, groupCount = 40) {
  const rnd = random(20261204);
  const name = (g) => `Gruppe ${String(g).padStart(2, '0')}`;
  yield `respondent,group,target,${RC_ITEMS.join(',')}\n`;
  let batch = [];
  for (let i = 0; i < rows; i++) {
    const respondent = Math.floor(i / groupCount);
    const items = RC_ITEMS.map(() => (rnd() < 0.03 ? '' : String(1 + Math.floor(rnd() * 5))));
    batch.push(`R${respondent},${name(respondent % groupCount)},${name(i % groupCount)},${items.join(',')}`);
    if (batch.length === 10_000) {
      yield batch.join('\n') + '\n';
      batch = [];
    }
  }
  if (batch.length) yield batch.join('\n') + '\n';
}
