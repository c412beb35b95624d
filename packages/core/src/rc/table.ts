import { excerpt } from '../format.js';
import { RC_ITEMS, type RcRating } from '../schemas/rc.js';

const ITEMS = RC_ITEMS.length;
/** Group and wave indexes share a 52-bit duplicate key with the respondent index. */
const MAX_GROUPS = 8192;
const MAX_WAVES = 8192;
/** Past this many ratings a respondent's duplicates are looked up in a map. */
const LONG_CHAIN = 64;

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
  readonly #groups = new Dictionary();
  readonly #waves = new Dictionary();
  readonly #respondents = new Dictionary();
  readonly #groupCursor = new Cursor(this.#groups);
  readonly #targetCursor = new Cursor(this.#groups);
  readonly #waveCursor = new Cursor(this.#waves);
  readonly #respondentCursor = new Cursor(this.#respondents);
  // Duplicates are found on each respondent's chain of rows (newest first): a
  // respondent rates a few dozen groups, so a short walk beats a million-entry
  // hash. A respondent with a long chain gets a map of its own.
  #latestRow = new Int32Array(1024).fill(-1);
  #chainLength = new Int32Array(1024);
  #previousRow: Int32Array;
  readonly #longChains = new Map<number, Map<number, number>>();

  constructor(capacity = 1024) {
    this.#capacity = Math.max(16, capacity);
    this.#group = new Uint16Array(this.#capacity);
    this.#target = new Uint16Array(this.#capacity);
    this.#wave = new Uint16Array(this.#capacity);
    this.#respondent = new Uint32Array(this.#capacity);
    this.#previousRow = new Int32Array(this.#capacity);
    this.items = new Uint8Array(this.#capacity * ITEMS);
  }

  get size(): number {
    return this.#size;
  }

  /** Registers a group name without a rating (keeps the order of first appearance). */
  intern(name: string): number {
    return this.#groups.lookup(name);
  }

  /** Adds a row with all items missing; write its items into `items` at `row * 7`. */
  add(respondent: string, group: string, target: string, wave = ''): AddResult {
    const g = this.#groupCursor.next(group);
    const t = this.#targetCursor.next(target);
    if (this.#groups.names.length > MAX_GROUPS) return { ok: false, reason: 'too-many-groups' };
    const w = this.#waveCursor.next(wave);
    if (this.#waves.names.length > MAX_WAVES) return { ok: false, reason: 'too-many-waves' };
    const r = this.#respondentCursor.next(respondent);
    if (r === this.#latestRow.length) {
      this.#latestRow = grow(this.#latestRow, r * 2, -1);
      this.#chainLength = grow(this.#chainLength, r * 2);
    }
    const firstRow = this.#find(r, t, w);
    if (firstRow >= 0) return { ok: false, reason: 'duplicate', firstRow };
    if (this.#size === this.#capacity) this.#grow();
    const row = this.#size++;
    this.#group[row] = g;
    this.#target[row] = t;
    this.#wave[row] = w;
    this.#respondent[row] = r;
    this.#previousRow[row] = this.#latestRow[r]!;
    this.#latestRow[r] = row;
    const length = this.#chainLength[r]! + 1;
    this.#chainLength[r] = length;
    if (length > LONG_CHAIN) this.#longChains.get(r)!.set(t * MAX_WAVES + w, row);
    else if (length === LONG_CHAIN) this.#longChains.set(r, this.#chainMap(r));
    return { ok: true, row };
  }

  /** The row where respondent `r` already rates target `t` in wave `w`, or -1. */
  #find(r: number, t: number, w: number): number {
    const long = this.#longChains.get(r);
    if (long) return long.get(t * MAX_WAVES + w) ?? -1;
    for (let row = this.#latestRow[r]!; row >= 0; row = this.#previousRow[row]!) {
      if (this.#target[row] === t && this.#wave[row] === w) return row;
    }
    return -1;
  }

  #chainMap(r: number): Map<number, number> {
    const map = new Map<number, number>();
    for (let row = this.#latestRow[r]!; row >= 0; row = this.#previousRow[row]!) map.set(this.#target[row]! * MAX_WAVES + this.#wave[row]!, row);
    return map;
  }

  #grow(): void {
    const cap = this.#capacity * 2;
    this.#group = grow(this.#group, cap);
    this.#target = grow(this.#target, cap);
    this.#wave = grow(this.#wave, cap);
    this.#respondent = grow(this.#respondent, cap);
    this.#previousRow = grow(this.#previousRow, cap);
    this.items = grow(this.items, cap * ITEMS);
    this.#capacity = cap;
  }

  finish(): RcRatingTable {
    const n = this.#size;
    return {
      size: n,
      groups: [...this.#groups.names],
      waves: this.#waves.names.length ? [...this.#waves.names] : [''],
      respondentCount: this.#respondents.names.length,
      group: this.#group.subarray(0, n),
      target: this.#target.subarray(0, n),
      wave: this.#wave.subarray(0, n),
      respondent: this.#respondent.subarray(0, n),
      items: this.items.subarray(0, n * ITEMS),
    };
  }
}

/** Names to dense indexes, in order of first appearance. */
class Dictionary {
  readonly names: string[] = [];
  readonly #index = new Map<string, number>();

  lookup(name: string): number {
    let i = this.#index.get(name);
    if (i === undefined) {
      i = this.names.length;
      this.names.push(name);
      this.#index.set(name, i);
    }
    return i;
  }
}

/**
 * Reads one column's names through a dictionary. Survey exports repeat their
 * rows in the same order (a respondent's rows together, the rated groups in a
 * fixed sequence), so it first tries the name that followed the previous name
 * last time: a string comparison instead of hashing a fresh string.
 */
class Cursor {
  #follows = new Int32Array(64).fill(-1);
  #last = -1;

  constructor(readonly dictionary: Dictionary) {}

  next(name: string): number {
    const last = this.#last;
    if (last >= 0) {
      const guess = this.#follows[last]!;
      if (guess >= 0 && this.dictionary.names[guess] === name) return (this.#last = guess);
    }
    const i = this.dictionary.lookup(name);
    if (last >= 0) this.#follows[last] = i;
    if (i >= this.#follows.length) this.#follows = grow(this.#follows, i * 2, -1);
    return (this.#last = i);
  }
}

function grow<A extends Uint8Array | Uint16Array | Uint32Array | Int32Array>(a: A, length: number, fill = 0): A {
  const b = new (a.constructor as new (n: number) => A)(length);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
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
      return `respondent ${excerpt(respondent)} rates ${excerpt(target)} more than once${wave ? ` in wave ${excerpt(wave)}` : ''}`;
    case 'too-many-groups':
      return `more than ${MAX_GROUPS} groups`;
    case 'too-many-waves':
      return `more than ${MAX_WAVES} waves`;
  }
}
