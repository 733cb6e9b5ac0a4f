// How alike two people's names are, with the reasons a nurse can check. Scores are in [0, 1].
import type { NameToken } from './match-profile';
import { editDistance, jaroWinkler } from './string-similarity';

export type NameReason =
  | 'same-given-name'
  | 'similar-given-name'
  | 'other-given-name-used'
  | 'different-second-given-name'
  | 'same-surnames'
  | 'similar-surnames'
  | 'swapped-surnames'
  | 'one-surname-missing'
  | 'phonetic-match';

export interface NameComparison {
  readonly score: number;
  /** The lowest similarity among the name words that were matched (1 when all are spelled alike). */
  readonly lowest: number;
  readonly reasons: readonly NameReason[];
}

const NO_MATCH: NameComparison = { score: 0, lowest: 0, reasons: [] };

/** Score of a phonetic-key match of two different spellings (Xiloj / Xilooj, Tzoc / Tzok). */
const SAME_KEY = 0.95;
/** Below this, two tokens are not taken as the same name at all. */
export const NAME_TOKEN_MATCH = 0.85;
/** Weight of a given name matched against the other person's second given name, or vice versa. */
const OTHER_GIVEN = 0.9;
/** Factor when both people have a second given name and those differ (María José / María Elena). */
const SECOND_GIVEN_CONFLICT = 0.85;
const SWAPPED = 0.95;
const ONE_SURNAME = 0.9;
/** Weight of a single surname matched against the other person's second surname. */
const ON_SECOND_SURNAME = 0.9;

export interface TokenSimilarity {
  readonly score: number;
  readonly phonetic: boolean;
}

/** 1 for the same folded spelling, 0.95 for the same phonetic key, else the best Jaro–Winkler. */
export function tokenSimilarity(a: NameToken, b: NameToken): TokenSimilarity {
  if (a.text === b.text) return { score: 1, phonetic: false };
  if (a.key !== '' && a.key === b.key) return { score: SAME_KEY, phonetic: true };
  const spelled = jaroWinkler(a.text, b.text);
  const heard = jaroWinkler(a.key, b.key) * SAME_KEY;
  return heard > spelled ? { score: heard, phonetic: true } : { score: spelled, phonetic: false };
}

export function compareGivenNames(a: readonly NameToken[], b: readonly NameToken[]): NameComparison {
  const [a1, a2] = a;
  const [b1, b2] = b;
  if (a1 === undefined || b1 === undefined) return NO_MATCH;
  const s11 = tokenSimilarity(a1, b1);
  const s12 = b2 === undefined ? undefined : tokenSimilarity(a1, b2);
  const s21 = a2 === undefined ? undefined : tokenSimilarity(a2, b1);
  const s22 = a2 === undefined || b2 === undefined ? undefined : tokenSimilarity(a2, b2);
  // Not a type guard: its false branch must not narrow a defined similarity away.
  const matched = (s: TokenSimilarity | undefined): boolean => s !== undefined && s.score >= NAME_TOKEN_MATCH;
  const named = (reason: NameReason, s: TokenSimilarity, score: number, extra: NameReason[] = [], lowest = s.score): NameComparison => ({
    score,
    lowest,
    reasons: [reason, ...extra, ...(s.phonetic ? (['phonetic-match'] as const) : [])],
  });
  if (matched(s11)) {
    const reason = s11.score === 1 ? 'same-given-name' : 'similar-given-name';
    // Both have a second given name and those differ: María José / María Elena.
    if (s22 !== undefined && !matched(s22)) return named(reason, s11, s11.score * SECOND_GIVEN_CONFLICT, ['different-second-given-name'], s22.score);
    return named(reason, s11, s11.score, [], Math.min(s11.score, s22?.score ?? 1));
  }
  // Known by the other given name: "María Elena" registered again as "Elena", or the two given
  // names in the other order. With both names on both sides, both crossed pairs must match;
  // Marvin Pedro / Elmer Pedro are two people.
  if (s22 !== undefined) {
    if (s12 !== undefined && s21 !== undefined && matched(s12) && matched(s21)) {
      return named('other-given-name-used', s12, ((s12.score + s21.score) / 2) * OTHER_GIVEN, [], Math.min(s12.score, s21.score));
    }
    const score = Math.max(s11.score, (s12?.score ?? 0) * OTHER_GIVEN, (s21?.score ?? 0) * OTHER_GIVEN) * SECOND_GIVEN_CONFLICT;
    return { score, lowest: score, reasons: [] };
  }
  const crossed = [s12, s21].find((s): s is TokenSimilarity => matched(s));
  if (crossed !== undefined) return named('other-given-name-used', crossed, crossed.score * OTHER_GIVEN);
  return { score: s11.score, lowest: s11.score, reasons: [] };
}

export function compareSurnames(a: readonly NameToken[], b: readonly NameToken[]): NameComparison {
  const [a1, a2] = a;
  const [b1, b2] = b;
  if (a1 === undefined || b1 === undefined) return NO_MATCH;
  const sim = (x: NameToken, y: NameToken): TokenSimilarity => tokenSimilarity(x, y);
  if (a2 !== undefined && b2 !== undefined) {
    const s11 = sim(a1, b1);
    const s22 = sim(a2, b2);
    const straight = (s11.score + s22.score) / 2;
    // Swapped only counts when both crossed pairs match as names, not on an average.
    const s12 = sim(a1, b2);
    const s21 = sim(a2, b1);
    const swapped = Math.min(s12.score, s21.score) >= NAME_TOKEN_MATCH ? ((s12.score + s21.score) / 2) * SWAPPED : 0;
    if (swapped > straight) {
      return {
        score: swapped,
        lowest: Math.min(s12.score, s21.score),
        reasons: ['swapped-surnames', ...(s12.phonetic || s21.phonetic ? (['phonetic-match'] as const) : [])],
      };
    }
    // Both surnames must match as names; a short surname (Xol, Tum, Sac) with one typed letter
    // wrong scores low on Jaro–Winkler, so one edit is also accepted when the other surname is exact.
    const low = Math.min(s11.score, s22.score);
    const oneEdit = Math.max(s11.score, s22.score) === 1 && (s11.score === 1 ? editDistance(a2.text, b2.text) : editDistance(a1.text, b1.text)) <= 1;
    if (low < NAME_TOKEN_MATCH && !oneEdit) return { score: low, lowest: low, reasons: [] };
    return {
      score: straight,
      lowest: low,
      reasons: [straight === 1 ? 'same-surnames' : 'similar-surnames', ...(s11.phonetic || s22.phonetic ? (['phonetic-match'] as const) : [])],
    };
  }
  // One side has a single surname: usually the first (paternal) one, sometimes the second.
  const single = a2 === undefined ? a1 : b1;
  const pair = a2 === undefined ? [b1, b2] : [a1, a2];
  const [p1, p2] = pair;
  if (p1 === undefined) return NO_MATCH;
  const onFirst = sim(single, p1);
  const onSecond = p2 === undefined ? { score: 0, phonetic: false } : sim(single, p2);
  const best =
    onFirst.score >= onSecond.score * ON_SECOND_SURNAME ? onFirst : { score: onSecond.score * ON_SECOND_SURNAME, phonetic: onSecond.phonetic };
  if (p2 === undefined) {
    return {
      score: best.score,
      lowest: best.score,
      reasons: best.score >= NAME_TOKEN_MATCH ? [best.score === 1 ? 'same-surnames' : 'similar-surnames'] : [],
    };
  }
  const score = best.score * ONE_SURNAME;
  return {
    score,
    lowest: best.score,
    reasons: best.score >= NAME_TOKEN_MATCH ? ['one-surname-missing', ...(best.phonetic ? (['phonetic-match'] as const) : [])] : [],
  };
}
