// CIE-10 (ICD-10) search over the whole Spanish table, by code or by words.
//
// Queries:
// - A code ('J18', 'j18.9', 'J189', 'J1'): letter + digits, dot optional, case-insensitive.
// - Words ('neumonia', 'diabetes insulino'): folded with normalizeText (case- and accent-
//   insensitive), each word a prefix of some word of the description, all words required (AND).
//   A code-like word inside a word query ('e11 coma') filters by code prefix.
//
// Ranking, by tier (best first):
//   0 exact-code      the code itself
//   1 code-prefix     codes that start with the query (J18 → J18.0 … J18.9)
//   2 exact-display   the description is the query ('tos' → R05 Tos, before A37 Tos ferina)
//   3 display-prefix  the description starts with the query words ('neumonia' → 'Neumonía viral…');
//                     a leading 'Otro(s)/Otra(s)' is skipped for this test, because ICD-10 names
//                     its 'other X' categories that way and they belong with X ('diabetes' → E13
//                     'Otras diabetes mellitus especificadas' beside E10–E14)
//   4 whole-words     every query word is a whole word of the description
//   5 word-prefixes   every query word starts a word of the description
//   6 substring       every query word occurs inside a word of the description ('glucemia' →
//                     'hipoglucemiantes'); only looked for while the tiers above give fewer
//                     results than asked for, and only for query words of 3 letters or more
// Within a tier, less specific codes come first (3-character categories before 4-character
// subcategories), then code order: a nurse sees 'J18 Neumonía, organismo no especificado' before its
// subdivisions, and the list reads like the classification.
//
// The index is built once (folded descriptions, a sorted word list with posting lists, codes in
// sorted order) so that a query touches only the posting lists of its words plus one pass over a
// typed array of the rows; see test/bench/terminology.bench.ts for the measured latency.
import { normalizeText, tokenize } from './normalize-text';
import type { Cie10Row } from './table-types';

export type Cie10MatchTier =
  | 'exact-code'
  | 'code-prefix'
  | 'exact-display'
  | 'display-prefix'
  | 'whole-words'
  | 'word-prefixes'
  | 'substring';

const TIERS: readonly Cie10MatchTier[] = [
  'exact-code',
  'code-prefix',
  'exact-display',
  'display-prefix',
  'whole-words',
  'word-prefixes',
  'substring',
];
const [EXACT_CODE, CODE_PREFIX, EXACT_DISPLAY, DISPLAY_PREFIX, WHOLE_WORDS, WORD_PREFIXES, SUBSTRING] = [0, 1, 2, 3, 4, 5, 6];
const NO_MATCH = 255;

export interface Cie10Match {
  /** Dotted code, as in the FHIR ICD-10 system ('J18.9'). */
  readonly code: string;
  /** Spanish description. */
  readonly display: string;
  readonly tier: Cie10MatchTier;
}

export interface Cie10SearchOptions {
  /** Most results returned; default 20. */
  readonly limit?: number;
}

/** A whole query that is a code: letter, 1-3 digits, optional dot before the third digit. */
const CODE_QUERY = /^[a-z]\d(?:\d\.?\d?)?$/i;
/** A word of a folded word query that is a code prefix ('e11'). */
const CODE_WORD = /^[a-z]\d{1,3}$/;
/** At most this many query words are used (a longer query adds nothing but work). */
const MAX_WORDS = 8;
/** 'Otras neumonías…' is tested for a display prefix as 'neumonías…'. */
const LEADING_OTHER = /^otr[oa]s? /;

export class Cie10Index {
  private readonly rows: readonly Cie10Row[];
  /** Codes without the dot, upper case, in row order. */
  private readonly compactCodes: readonly string[];
  /** Row numbers sorted by compact code (for code-prefix ranges). */
  private readonly rowsByCode: Int32Array;
  /** Row numbers in ranking order within a tier: shorter codes first, then code order. */
  private readonly rowsByRank: Int32Array;
  /** Folded descriptions, in row order. */
  private readonly folded: readonly string[];
  /** Folded descriptions without a leading 'otro(s)/otra(s)'. */
  private readonly foldedWithoutOther: readonly string[];
  /** Distinct folded words, sorted; postings[i] lists the rows containing words[i], ascending. */
  private readonly words: readonly string[];
  private readonly postings: readonly Int32Array[];

  private constructor(rows: readonly Cie10Row[]) {
    this.rows = rows;
    this.compactCodes = rows.map(([code]) => code.replace('.', '').toUpperCase());
    this.rowsByCode = sortedRows(rows.length, (a, b) => compare(this.compactCodes[a] ?? '', this.compactCodes[b] ?? ''));
    this.rowsByRank = sortedRows(rows.length, (a, b) => {
      const ca = this.compactCodes[a] ?? '';
      const cb = this.compactCodes[b] ?? '';
      return ca.length - cb.length || compare(ca, cb);
    });
    this.folded = rows.map(([, display]) => normalizeText(display));
    this.foldedWithoutOther = this.folded.map((text) => text.replace(LEADING_OTHER, ''));
    const postingLists = new Map<string, number[]>();
    this.folded.forEach((text, row) => {
      for (const word of new Set(text.split(' '))) {
        if (word === '') continue;
        const list = postingLists.get(word);
        if (list === undefined) postingLists.set(word, [row]);
        else list.push(row);
      }
    });
    this.words = [...postingLists.keys()].sort(compare);
    this.postings = this.words.map((word) => Int32Array.from(postingLists.get(word) ?? []));
  }

  static build(rows: readonly Cie10Row[]): Cie10Index {
    return new Cie10Index(rows);
  }

  get size(): number {
    return this.rows.length;
  }

  /** The row for a code in any accepted spelling ('j18.9', 'J189'), if it exists. */
  lookup(code: string): Cie10Row | undefined {
    const compact = code.trim().replace('.', '').toUpperCase();
    const [from, to] = this.codeRange(compact);
    for (let i = from; i < to; i++) {
      const row = this.rowsByCode[i] ?? -1;
      if (this.compactCodes[row] === compact) return this.rows[row];
    }
    return undefined;
  }

  search(query: string, options: Cie10SearchOptions = {}): Cie10Match[] {
    const limit = options.limit ?? 20;
    if (limit <= 0) return [];
    const trimmed = query.trim();
    if (trimmed === '') return [];
    const tiers = !CODE_QUERY.test(trimmed) ? this.wordTiers(tokenize(trimmed).slice(0, MAX_WORDS), limit) : this.codeTiers(trimmed);
    return tiers === undefined ? [] : this.collect(tiers, limit);
  }

  /** Tier per row for a code query. */
  private codeTiers(query: string): Uint8Array {
    const compact = query.replace('.', '').toUpperCase();
    const tiers = new Uint8Array(this.rows.length).fill(NO_MATCH);
    const [from, to] = this.codeRange(compact);
    for (let i = from; i < to; i++) {
      const row = this.rowsByCode[i] ?? -1;
      tiers[row] = this.compactCodes[row] === compact ? EXACT_CODE : CODE_PREFIX;
    }
    return tiers;
  }

  /** Tier per row for a word query; undefined when the query has no words. */
  private wordTiers(words: readonly string[], limit: number): Uint8Array | undefined {
    if (words.length === 0) return undefined;
    const rowCount = this.rows.length;
    // hits[row] = how many query words (in order) the row has matched so far: a row counts for word i
    // only if it matched words 0..i-1, so it reaches words.length only if it matches them all.
    const prefixHits = new Uint8Array(rowCount);
    const wholeHits = new Uint8Array(rowCount);
    words.forEach((word, i) => {
      if (CODE_WORD.test(word)) {
        this.forCodePrefix(word, (row) => {
          if (prefixHits[row] === i) prefixHits[row] = i + 1;
          if (wholeHits[row] === i) wholeHits[row] = i + 1;
        });
        return;
      }
      for (let w = lowerBound(this.words, word); w < this.words.length; w++) {
        const candidate = this.words[w] ?? '';
        if (!candidate.startsWith(word)) break;
        const whole = candidate === word;
        for (const row of this.postings[w] ?? []) {
          if (prefixHits[row] === i) prefixHits[row] = i + 1;
          if (whole && wholeHits[row] === i) wholeHits[row] = i + 1;
        }
      }
    });
    const n = words.length;
    const phrase = words.join(' ');
    const tiers = new Uint8Array(rowCount).fill(NO_MATCH);
    let found = 0;
    for (let row = 0; row < rowCount; row++) {
      if (prefixHits[row] !== n) continue;
      found++;
      const text = this.folded[row] ?? '';
      if (text === phrase) tiers[row] = EXACT_DISPLAY;
      else if (text.startsWith(phrase) || (this.foldedWithoutOther[row] ?? '').startsWith(phrase)) tiers[row] = DISPLAY_PREFIX;
      else tiers[row] = wholeHits[row] === n ? WHOLE_WORDS : WORD_PREFIXES;
    }
    if (found < limit && words.every((word) => word.length >= 3)) this.markSubstrings(words, tiers);
    return tiers;
  }

  /** Marks rows in which every query word occurs inside some word (tier substring). */
  private markSubstrings(words: readonly string[], tiers: Uint8Array): void {
    const hits = new Uint8Array(this.rows.length);
    words.forEach((word, i) => {
      const visit = (row: number): void => {
        if (hits[row] === i) hits[row] = i + 1;
      };
      if (CODE_WORD.test(word)) {
        this.forCodePrefix(word, visit);
        return;
      }
      this.words.forEach((candidate, w) => {
        if (candidate.includes(word)) for (const row of this.postings[w] ?? []) visit(row);
      });
    });
    hits.forEach((count, row) => {
      if (count === words.length && tiers[row] === NO_MATCH) tiers[row] = SUBSTRING;
    });
  }

  private forCodePrefix(word: string, visit: (row: number) => void): void {
    const [from, to] = this.codeRange(word.toUpperCase());
    for (let k = from; k < to; k++) visit(this.rowsByCode[k] ?? -1);
  }

  /** The best `limit` rows: tier by tier, each in ranking order. */
  private collect(tiers: Uint8Array, limit: number): Cie10Match[] {
    const byTier: number[][] = TIERS.map(() => []);
    for (const row of this.rowsByRank) {
      const tier = tiers[row] ?? NO_MATCH;
      if (tier === NO_MATCH) continue;
      const bucket = byTier[tier];
      if (bucket !== undefined && bucket.length < limit) bucket.push(row);
    }
    const matches: Cie10Match[] = [];
    byTier.forEach((bucket, tier) => {
      for (const row of bucket) {
        if (matches.length >= limit) return;
        const [code, display] = this.rows[row] ?? ['', ''];
        matches.push({ code, display, tier: TIERS[tier] ?? 'substring' });
      }
    });
    return matches;
  }

  /** [from, to) positions in rowsByCode of the codes starting with `prefix`. */
  private codeRange(prefix: string): [number, number] {
    let lo = 0;
    let hi = this.rowsByCode.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(this.compactCodes[this.rowsByCode[mid] ?? -1] ?? '', prefix) < 0) lo = mid + 1;
      else hi = mid;
    }
    let end = lo;
    while (end < this.rowsByCode.length && (this.compactCodes[this.rowsByCode[end] ?? -1] ?? '').startsWith(prefix)) end++;
    return [lo, end];
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedRows(count: number, order: (a: number, b: number) => number): Int32Array {
  return Int32Array.from({ length: count }, (_, i) => i).sort(order);
}

/** First position in sorted `values` whose value is ≥ `key`. */
function lowerBound(values: readonly string[], key: string): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(values[mid] ?? '', key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
