import { firstProblem, RcResult } from '@samspil/core';
import { expect } from '@open-wc/testing';
import { isRcResult } from './rc-heatmap.check.js';

const dims = { frequent: 4, timely: 4.1, accurate: null, problem_solving: 4, shared_goals: 4, shared_knowledge: 4, mutual_respect: 3.9 };
const valid = () => ({
  groups: ['A', 'B'],
  ties: [
    { from: 'A', to: 'B', n: 5, score: 4.2, band: 'strong', suppressed: false, dimensions: { ...dims } },
    { from: 'B', to: 'A', n: 2, score: null, band: null, suppressed: true, dimensions: null },
  ],
  overall: 3.7,
  asymmetries: [{ a: 'A', b: 'B', gap: 1.2 }],
  ratings: { total: 10, counted: 9, excluded: 1 },
});

/** Each change makes a copy of a valid result valid or not; the fast check must agree with the schema on every one. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the changes break the type on purpose
const changes: Record<string, (r: any) => void> = {
  'nothing': () => {},
  'an extra key': (r) => (r.ties[0].note = 'x'),
  'no groups': (r) => Object.assign(r, { groups: [], ties: [], asymmetries: [] }),
  'groups not an array': (r) => (r.groups = 'A'),
  'a group a number': (r) => (r.groups[1] = 2),
  'a hole in groups': (r) => (r.groups = ['A', , 'B']),
  'a hole in ties': (r) => (r.ties.length = 3),
  'a tie null': (r) => (r.ties[0] = null),
  'a tie an array': (r) => (r.ties[0] = []),
  'from missing': (r) => delete r.ties[0].from,
  'n negative': (r) => (r.ties[0].n = -1),
  'n fractional': (r) => (r.ties[0].n = 1.5),
  'n unsafe': (r) => (r.ties[0].n = 2 ** 53),
  'n a string': (r) => (r.ties[0].n = '5'),
  'score NaN': (r) => (r.ties[0].score = NaN),
  'score Infinity': (r) => (r.ties[0].score = Infinity),
  'score missing': (r) => delete r.ties[0].score,
  'band unknown': (r) => (r.ties[0].band = 'great'),
  'band missing': (r) => delete r.ties[0].band,
  'suppressed a string': (r) => (r.ties[0].suppressed = 'no'),
  'a dimension missing': (r) => delete r.ties[0].dimensions.timely,
  'a dimension NaN': (r) => (r.ties[0].dimensions.timely = NaN),
  'dimensions an array': (r) => (r.ties[0].dimensions = []),
  'overall missing': (r) => delete r.overall,
  'overall null': (r) => (r.overall = null),
  'a gap missing': (r) => delete r.asymmetries[0].gap,
  'ratings negative': (r) => (r.ratings.total = -1),
  'ratings missing': (r) => delete r.ratings,
  'the root an array': (r) => (r.length = 0),
};

const stillValid = new Set(['nothing', 'an extra key', 'no groups', 'overall null']);

describe("the heatmap's fast check of a result", () => {
  for (const [name, change] of Object.entries(changes)) {
    it(`agrees with the schema: ${name}`, () => {
      const r = valid();
      change(r);
      const input = name === 'the root an array' ? [r] : r;
      expect(isRcResult(input)).to.equal(firstProblem(RcResult, input).ok);
      expect(isRcResult(input)).to.equal(stillValid.has(name));
    });
  }
});
