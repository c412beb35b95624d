import { RC_ITEMS, type RcRating } from '../schemas/rc.js';

const ITEMS = RC_ITEMS.length;
/** Group and wave indexes share a 52-bit duplicate key with the respondent index. */
const MAX_GROUPS = 8192;
const MAX_WAVES = 8192;

/**
 * RC ratings in columns: the form the importer builds and the scorer reads, so a
 * million ratings cost a few typed arrays rather than a million objects.
 * Invariant: a respondent rates a target at most once per wave.
 */
export interface RcRatingTable {
  readonly size: number;
  /** Group names (as rater or rated) in order of first appearance. */
  readonly groups: readonly string[];
  /** Wave names in order of first appearance; `['']` when the survey has no waves. */
  readonly waves: readonly string[];
  readonly respondentCount: number;
  readonly group: Uint16Array;
  readonly target: Uint16Array;
  readonly wave: Uint16Array;
  readonly respondent: Uint32Array;
  /** `size × 7` item values in RC_ITEMS order; 0 is missing. */
  readonly items: Uint8Array;
}

export type AddResult =
  | { ok: true; row: number }
  | { ok: false; reason: 'duplicate'; firstRow: number }
  | { ok: false; reason: 'too-many-groups' | 'too-many-waves' };

/** Builds a table row by row, interning names and refusing a second rating of the same target in a wave. */
export class RcTableBuilder {
  #size = 0;
  #capacity: number;
  #group: Uint16Array;
  #target: Uint16Array;
  #wave: Uint16Array;
  #respondent: Uint32Array;
  /** The caller writes a row's items here at `row * 7`; see `itemsFor`. */
  items: Uint8Array;
  readonly #groupIndex = new Map<string, number>();
  readonly #waveIndex = new Map<string, number>();
  readonly #respondentIndex = new Map<string, number>();
  /** Duplicate key → the row that holds it. */
  readonly #seen = new Map<number, number>();

  constructor(capacity = 1024) {
    this.#capacity = Math.max(16, capacity);
    this.#group = new Uint16Array(this.#capacity);
    this.#target = new Uint16Array(this.#capacity);
    this.#wave = new Uint16Array(this.#capacity);
    this.#respondent = new Uint32Array(this.#capacity);
    this.items = new Uint8Array(this.#capacity * ITEMS);
  }

  get size(): number {
    return this.#size;
  }

  /** Registers a group name without a rating (keeps the order of first appearance). */
  intern(name: string): number {
    let g = this.#groupIndex.get(name);
    if (g === undefined) {
      g = this.#groupIndex.size;
      this.#groupIndex.set(name, g);
    }
    return g;
  }

  /** Adds a row with all items missing; write its items into `items` at `row * 7`. */
  add(respondent: string, group: string, target: string, wave = ''): AddResult {
    const g = this.intern(group);
    const t = this.intern(target);
    if (this.#groupIndex.size > MAX_GROUPS) return { ok: false, reason: 'too-many-groups' };
    let w = this.#waveIndex.get(wave);
    if (w === undefined) {
      w = this.#waveIndex.size;
      if (w >= MAX_WAVES) return { ok: false, reason: 'too-many-waves' };
      this.#waveIndex.set(wave, w);
    }
    let r = this.#respondentIndex.get(respondent);
    if (r === undefined) {
      r = this.#respondentIndex.size;
      this.#respondentIndex.set(respondent, r);
    }
    const key = (r * MAX_GROUPS + t) * MAX_WAVES + w;
    const firstRow = this.#seen.get(key);
    if (firstRow !== undefined) return { ok: false, reason: 'duplicate', firstRow };
    if (this.#size === this.#capacity) this.#grow();
    const row = this.#size++;
    this.#seen.set(key, row);
    this.#group[row] = g;
    this.#target[row] = t;
    this.#wave[row] = w;
    this.#respondent[row] = r;
    return { ok: true, row };
  }

  #grow(): void {
    const cap = this.#capacity * 2;
    const grow = <A extends Uint8Array | Uint16Array | Uint32Array>(a: A, n: number): A => {
      const b = new (a.constructor as new (n: number) => A)(n);
      b.set(a);
      return b;
    };
    this.#group = grow(this.#group, cap);
    this.#target = grow(this.#target, cap);
    this.#wave = grow(this.#wave, cap);
    this.#respondent = grow(this.#respondent, cap);
    this.items = grow(this.items, cap * ITEMS);
    this.#capacity = cap;
  }

  finish(): RcRatingTable {
    const n = this.#size;
    return {
      size: n,
      groups: [...this.#groupIndex.keys()],
      waves: this.#waveIndex.size ? [...this.#waveIndex.keys()] : [''],
      respondentCount: this.#respondentIndex.size,
      group: this.#group.subarray(0, n),
      target: this.#target.subarray(0, n),
      wave: this.#wave.subarray(0, n),
      respondent: this.#respondent.subarray(0, n),
      items: this.items.subarray(0, n * ITEMS),
    };
  }
}

export interface RatingProblem {
  /** Index in the input array. */
  index: number;
  path: string;
  message: string;
}

/**
 * A table from rating objects (already validated with `RcRating`). A second
 * rating of the same target by the same respondent in a wave is left out and
 * reported.
 */
export function ratingTableFrom(ratings: readonly RcRating[]): { table: RcRatingTable; problems: RatingProblem[] } {
  const builder = new RcTableBuilder(ratings.length);
  const problems: RatingProblem[] = [];
  ratings.forEach((r, index) => {
    const added = builder.add(r.respondent, r.group, r.target, r.wave ?? '');
    if (!added.ok) {
      problems.push({ index, path: `[${index}]`, message: addProblemMessage(added.reason, r.respondent, r.target, r.wave) });
      return;
    }
    const items = builder.items;
    RC_ITEMS.forEach((k, j) => (items[added.row * ITEMS + j] = r.items[k] ?? 0));
  });
  return { table: builder.finish(), problems };
}

export function addProblemMessage(reason: 'duplicate' | 'too-many-groups' | 'too-many-waves', respondent: string, target: string, wave?: string): string {
  switch (reason) {
    case 'duplicate':
      return `respondent ${JSON.stringify(respondent)} rates ${JSON.stringify(target)} more than once${wave ? ` in wave ${JSON.stringify(wave)}` : ''}`;
    case 'too-many-groups':
      return `more than ${MAX_GROUPS} groups`;
    case 'too-many-waves':
      return `more than ${MAX_WAVES} waves`;
  }
}
