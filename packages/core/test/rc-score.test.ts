import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RC_ITEMS, RcBand, RcResult, type RcRating } from '../src/schemas/rc.js';
import { formatPercent } from '../src/format.js';
import { bandOf, compareRc, rcBandLabel, relativeChange, round6, scoreRc } from '../src/rc/score.js';
import { ratingTableFrom } from '../src/rc/table.js';

type Items = (number | null)[];
function rating(respondent: string, group: string, target: string, items: Items, wave?: string): RcRating {
  return {
    respondent,
    group,
    target,
    ...(wave === undefined ? {} : { wave }),
    items: Object.fromEntries(RC_ITEMS.map((k, i) => [k, items[i] ?? null])) as RcRating['items'],
  };
}
const all = (v: number): Items => Array(7).fill(v);
function score(ratings: RcRating[], options = {}) {
  const { table, problems } = ratingTableFrom(ratings);
  expect(problems).toEqual([]);
  return scoreRc(table, options);
}
const tie = (r: ReturnType<typeof score>, from: string, to: string) => r.ties.find((t) => t.from === from && t.to === to);

describe('scoreRc', () => {
  it('scores a tie as the mean of its ratings, with item means as dimensions', () => {
    const r = score([
      rating('r1', 'Jobcenter', 'Familie', [5, 4, 4, 4, 4, 4, 3]), // 28/7 = 4
      rating('r2', 'Jobcenter', 'Familie', [3, 3, 3, 3, 3, 3, 3]), // 3
      rating('r3', 'Jobcenter', 'Familie', [5, 5, 5, 5, 5, 5, 5]), // 5
    ]);
    expect(RcResult.parse(r)).toEqual(r);
    expect(r.groups).toEqual(['Jobcenter', 'Familie']);
    expect(r.ties).toEqual([
      {
        from: 'Jobcenter',
        to: 'Familie',
        n: 3,
        score: 4,
        band: 'moderate',
        suppressed: false,
        dimensions: { frequent: 13 / 3, timely: 4, accurate: 4, problem_solving: 4, shared_goals: 4, shared_knowledge: 4, mutual_respect: 11 / 3 },
      },
    ]);
    expect(r.overall).toBe(4);
    expect(r.ratings).toEqual({ total: 3, counted: 3, excluded: 0 });
  });

  it('suppresses a tie with fewer than k respondents but still reports n', () => {
    const ratings = [rating('r1', 'A', 'B', all(4)), rating('r2', 'A', 'B', all(2))];
    expect(tie(score(ratings), 'A', 'B')).toEqual({ from: 'A', to: 'B', n: 2, score: null, band: null, suppressed: true, dimensions: null });
    expect(tie(score(ratings, { minRespondents: 2 }), 'A', 'B')).toMatchObject({ n: 2, score: 3, band: 'weak', suppressed: false });
  });

  it('counts a rating only with all 7 items unless --min-items lowers it; its score is the mean of present items', () => {
    const ratings = [
      rating('r1', 'A', 'B', [5, 5, 5, 5, 5, 5, null]), // 6 items: 5
      rating('r2', 'A', 'B', all(3)),
      rating('r3', 'A', 'B', all(4)),
      rating('r4', 'A', 'B', [1, null, null, null, null, null, null]),
    ];
    const strict = score(ratings, { minRespondents: 1 });
    expect(strict.ratings).toEqual({ total: 4, counted: 2, excluded: 2 });
    expect(tie(strict, 'A', 'B')).toMatchObject({ n: 2, score: 3.5 });
    const lenient = score(ratings, { minItems: 6 });
    expect(lenient.ratings.counted).toBe(3);
    expect(tie(lenient, 'A', 'B')!.score).toBe(4);
    expect(tie(lenient, 'A', 'B')!.dimensions!.mutual_respect).toBe(3.5);
    expect(score(ratings, { minItems: 1 }).ratings.counted).toBe(4);
  });

  it('bands between groups: weak below 3.5, moderate 3.5 to 4.0 inclusive, strong above', () => {
    const between = { moderate: 3.5, strong: 4.0 };
    expect(bandOf(3.4999, between)).toBe('weak');
    expect(bandOf(3.5, between)).toBe('moderate');
    expect(bandOf(3.4999999999, between)).toBe('moderate'); // decided on 6 decimals
    expect(bandOf(4.0, between)).toBe('moderate');
    expect(bandOf(4.0000004, between)).toBe('moderate');
    expect(bandOf(4.000001, between)).toBe('strong');
  });

  it('bands the within-group tie on its own limits', () => {
    const make = (v: number[]) => v.map((x, i) => rating(`r${i}`, 'A', 'A', all(x)));
    expect(tie(score(make([4, 4, 4])), 'A', 'A')!.band).toBe('moderate'); // 4.0 is the lowest moderate within a group
    expect(tie(score(make([4, 4, 3])), 'A', 'A')!.band).toBe('weak');
    expect(tie(score(make([4, 5, 5])), 'A', 'A')!.band).toBe('strong'); // 4.67
    expect(tie(score(make([4, 5, 4, 5])), 'A', 'A')!.band).toBe('moderate'); // 4.5 inclusive
    expect(tie(score(make([4, 4, 4])), 'A', 'A')!.score).toBe(4);
    const custom = score(make([4, 4, 4]), { bands: { between: { moderate: 3, strong: 3.5 }, within: { moderate: 3, strong: 3.9 } } });
    expect(tie(custom, 'A', 'A')!.band).toBe('strong');
  });

  it('decides an exact boundary exactly, whatever the mix of item counts', () => {
    // 7 ratings of 3.5 made from different numbers of items: the sum is exact.
    const mixes: Items[] = [[3, 4], [3, 4, 3, 4], [2, 5, 3, 4, 4, 3], [1, 5, 4, 4], [4, 3], [3, 3, 4, 4], [5, 2]];
    const ratings = mixes.map((m, i) => rating(`r${i}`, 'A', 'B', m));
    const r = score(ratings, { minItems: 1 });
    expect(tie(r, 'A', 'B')!.score).toBe(3.5);
    expect(tie(r, 'A', 'B')!.band).toBe('moderate');
  });

  it('takes the overall score over ratings between different groups only', () => {
    const r = score([
      ...[1, 2, 3].map((i) => rating(`a${i}`, 'A', 'A', all(5))),
      ...[1, 2, 3].map((i) => rating(`a${i}`, 'A', 'B', all(2))),
      rating('b1', 'B', 'A', all(4)),
    ]);
    expect(r.overall).toBe((2 * 3 + 4) / 4);
    expect(tie(r, 'B', 'A')).toMatchObject({ suppressed: true, n: 1 });
  });

  it('lists asymmetric pairs with gap = score(a→b) − score(b→a), at |gap| ≥ 0.5', () => {
    const three = (g: string, t: string, v: number) => [1, 2, 3].map((i) => rating(`${g}${i}`, g, t, all(v)));
    const r = score([...three('A', 'B', 3), ...three('B', 'A', 4), ...three('A', 'C', 4), ...three('C', 'A', 4), ...three('B', 'C', 5), ...three('C', 'B', 4)]);
    expect(r.asymmetries).toEqual([
      { a: 'A', b: 'B', gap: -1 },
      { a: 'B', b: 'C', gap: 1 },
    ]);
    const edge = score([...three('A', 'B', 3), ...[1, 2].map((i) => rating(`b${i}`, 'B', 'A', all(3))), rating('b3', 'B', 'A', [4, 4, 4, 4, 3, 3, 3])]);
    // B→A = (3 + 3 + 25/7) / 3 = 3.19…; gap below 0.5 is not listed
    expect(edge.asymmetries).toEqual([]);
    expect(score([...three('A', 'B', 3), ...three('B', 'A', 4)], { asymmetry: 1 }).asymmetries).toHaveLength(1);
    expect(score([...three('A', 'B', 3), ...three('B', 'A', 4)], { asymmetry: 1.01 }).asymmetries).toHaveLength(0);
  });

  it('orders groups by first appearance as group or target, and scores one wave', () => {
    const ratings = [
      rating('r1', 'Sundhed', 'Jobcenter', all(3), '2024'),
      rating('r2', 'Familie', 'Sundhed', all(3), '2024'),
      rating('r3', 'Misbrug', 'Misbrug', all(3), '2025'),
    ];
    const { table } = ratingTableFrom(ratings);
    expect(scoreRc(table).groups).toEqual(['Sundhed', 'Jobcenter', 'Familie', 'Misbrug']);
    expect(scoreRc(table, { wave: '2024' }).groups).toEqual(['Sundhed', 'Jobcenter', 'Familie']);
    expect(scoreRc(table, { wave: '2025' }).ratings.total).toBe(1);
  });

  it('counts distinct respondents when waves are pooled', () => {
    const ratings = ['W1', 'W2'].flatMap((w) => ['r1', 'r2'].map((r) => rating(r, 'A', 'B', all(4), w)));
    const { table } = ratingTableFrom(ratings);
    const pooled = scoreRc(table, { minRespondents: 1 });
    expect(pooled.ratings.counted).toBe(4);
    expect(tie(pooled, 'A', 'B')!.n).toBe(2);
    expect(tie(scoreRc(table), 'A', 'B')!.suppressed).toBe(true);
  });

  it('refuses a second rating of the same target by a respondent in one wave', () => {
    const { problems, table } = ratingTableFrom([rating('r1', 'A', 'B', all(4), 'W'), rating('r1', 'A', 'B', all(2), 'W')]);
    expect(problems).toEqual([{ index: 1, path: '[1]', message: 'respondent "r1" rates "B" more than once in wave "W"' }]);
    expect(table.size).toBe(1);
  });

  it('compares two waves: per tie and overall, after minus before', () => {
    const wave = (w: string, v: number) => [1, 2, 3].flatMap((i) => [rating(`${w}a${i}`, 'A', 'B', all(v), w), rating(`${w}b${i}`, 'B', 'A', all(v + 1), w)]);
    const { table } = ratingTableFrom([...wave('2024', 2), ...wave('2025', 3), rating('x', 'C', 'A', all(5), '2025')]);
    const c = compareRc(table, '2024', '2025');
    expect(c.waves).toEqual({ from: '2024', to: '2025' });
    expect(c.groups).toEqual(['A', 'B', 'C']);
    expect(c.ties.find((t) => t.from === 'A' && t.to === 'B')).toEqual({
      from: 'A',
      to: 'B',
      before: { n: 3, score: 2, band: 'weak', suppressed: false },
      after: { n: 3, score: 3, band: 'weak', suppressed: false },
      delta: 1,
      deltaPercent: 50,
    });
    expect(c.ties.find((t) => t.from === 'C')).toMatchObject({ before: null, after: { suppressed: true }, delta: null, deltaPercent: null });
    const after = (3 * 3 + 3 * 4 + 5) / 7;
    expect(c.overall).toEqual({ before: 2.5, after, delta: after - 2.5, deltaPercent: ((after - 2.5) / 2.5) * 100 });
  });
});

describe('scoreRc properties', () => {
  const groups = ['Jobcenter', 'Familie', 'Psykiatri', 'Sundhed', 'Misbrug'];
  const item = fc.option(fc.integer({ min: 1, max: 5 }), { freq: 6 });
  const ratingArb = fc.record({
    respondent: fc.integer({ min: 1, max: 15 }).map((i) => `r${i}`),
    group: fc.constantFrom(...groups),
    target: fc.constantFrom(...groups),
    items: fc.array(item, { minLength: 7, maxLength: 7 }),
  });
  const survey = fc.uniqueArray(ratingArb, { selector: (r) => `${r.respondent}|${r.target}`, maxLength: 80 }).map((rs) => rs.map((r) => rating(r.respondent, r.group, r.target, r.items)));
  const options = fc.record({ minItems: fc.integer({ min: 1, max: 7 }), minRespondents: fc.integer({ min: 1, max: 4 }) });

  const byTie = (r: RcResult) => new Map(r.ties.map((t) => [`${t.from}→${t.to}`, t]));

  it('does not depend on the order of the rows', () => {
    fc.assert(
      fc.property(survey, options, fc.infiniteStream(fc.nat()), (ratings, opts, seeds) => {
        const shuffled = ratings.map((r) => [seeds.next().value, r] as const).sort((a, b) => a[0] - b[0]).map(([, r]) => r);
        const a = score(ratings, opts);
        const b = score(shuffled, opts);
        expect(byTie(b)).toEqual(byTie(a));
        expect(b.overall).toBe(a.overall);
        expect(b.ratings).toEqual(a.ratings);
        const pairs = (r: RcResult) => new Map(r.asymmetries.map((x) => [[x.a, x.b].sort().join('|'), x.a < x.b ? x.gap : -x.gap]));
        expect(pairs(b)).toEqual(pairs(a));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps every score and dimension within 1..5 and suppresses exactly the ties under k', () => {
    fc.assert(
      fc.property(survey, options, (ratings, opts) => {
        const r = score(ratings, opts);
        expect(r.ratings.counted + r.ratings.excluded).toBe(r.ratings.total);
        if (r.overall !== null) expect(r.overall >= 1 && r.overall <= 5).toBe(true);
        for (const t of r.ties) {
          expect(t.n).toBeGreaterThan(0);
          if (t.n < opts.minRespondents) {
            expect(t).toMatchObject({ suppressed: true, score: null, band: null, dimensions: null });
          } else {
            expect(t.suppressed).toBe(false);
            expect(t.score! >= 1 && t.score! <= 5).toBe(true);
            for (const d of Object.values(t.dimensions!)) if (d !== null) expect(d >= 1 && d <= 5).toBe(true);
            expect(t.band).toBe(bandOf(t.score!, t.from === t.to ? { moderate: 4, strong: 4.5 } : { moderate: 3.5, strong: 4 }));
          }
        }
        for (const a of r.asymmetries) expect(round6(Math.abs(a.gap))).toBeGreaterThanOrEqual(0.5);
      }),
      { numRuns: 300 },
    );
  });
});

describe('RC in the sources’ words', () => {
  it('labels the bands Høj / Middel / Lav (High / Middle / Low); the values stay', () => {
    expect(RcBand.options.map((b) => rcBandLabel(b, 'da'))).toEqual(['Høj', 'Middel', 'Lav']);
    expect(RcBand.options.map((b) => rcBandLabel(b, 'en'))).toEqual(['High', 'Middle', 'Low']);
  });

  it('gives the change relative to the start, as the sources compare (2.59 → 3.56 is +37.5 %)', () => {
    expect(relativeChange(2.59, 3.56)).toBeCloseTo(37.45, 2);
    expect(formatPercent(relativeChange(2.59, 3.56), 'da')).toBe('+37,5\u00a0%');
    expect(formatPercent(relativeChange(2.59, 3.56), 'en')).toBe('+37.5%');
    expect(formatPercent(relativeChange(4, 3.9), 'en')).toBe('-2.5%');
    expect(formatPercent(relativeChange(4, 4), 'da')).toBe('0,0\u00a0%');
    expect([relativeChange(null, 3), relativeChange(3, undefined), relativeChange(0, 3)]).toEqual([null, null, null]);
    expect(formatPercent(null, 'da')).toBe('–');
  });

  it('writes a percentage as Intl does (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -500, max: 500, noNaN: true }), fc.constantFrom('da' as const, 'en' as const), (p, locale) => {
        const rounded = Math.round(p * 10) / 10;
        const intl = new Intl.NumberFormat(locale === 'da' ? 'da-DK' : 'en-GB', { style: 'percent', signDisplay: 'exceptZero', minimumFractionDigits: 1, maximumFractionDigits: 1 });
        expect(formatPercent(p, locale)).toBe(intl.format(rounded / 100).replace('−', '-'));
      }),
    );
  });
});
