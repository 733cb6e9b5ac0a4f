// What the one search box of the patients page means. A nurse types whatever she has at hand:
// part of a name ("maria x", "xiloj"), the CUI from a DPI or birth certificate (with or without
// its spaces), a birth year, or a name and a year ("tzoc 1994"). Decided here, without the store:
//   - only digits (spaces and hyphens allowed): 13 of them are a CUI; four that can be a birth
//     year are one; anything else is an unfinished number (the CUI is looked up whole: the index
//     holds identifiers, not their prefixes);
//   - otherwise: each word is a name prefix (accents and case folded), a dd/mm/aaaa token is a birth
//     date and a four-digit token a birth year; other numbers are ignored;
//   - a single letter alone (or only initials) is too short: in a register of thousands it matches
//     a large part of it in no useful order, so the page asks for one more letter instead of
//     listing arbitrary names. With a longer word ("maria x") an initial narrows usefully.
import { tokenize } from '../../../../src-core/fhir/terminology/normalize-text';
import { parseDisplayDate } from '../display-date';

export type PatientQuery =
  | { readonly kind: 'empty' }
  | { readonly kind: 'cui'; readonly cui: string }
  /** Digits that are neither a whole CUI nor a year yet. */
  | { readonly kind: 'incomplete-number'; readonly digits: number }
  /** Only initials so far. */
  | { readonly kind: 'too-short' }
  | {
      readonly kind: 'criteria';
      /** Folded name words, each a prefix of some part of the name. */
      readonly words: readonly string[];
      readonly year?: number;
      /** FHIR date. */
      readonly birthDate?: string;
    };

export const CUI_DIGITS = 13;
/** More words than this add nothing but lookups: the rest are ignored. */
export const MAX_NAME_WORDS = 5;
export const EARLIEST_BIRTH_YEAR = 1900;
/** A name search needs one word at least this long. */
export const MIN_WORD_LENGTH = 2;

const isYear = (digits: string, thisYear: number): boolean =>
  /^\d{4}$/.test(digits) && Number(digits) >= EARLIEST_BIRTH_YEAR && Number(digits) <= thisYear;

export function parseSearchText(text: string, thisYear: number): PatientQuery {
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'empty' };
  if (/^[\d\s-]+$/.test(trimmed)) {
    const digits = trimmed.replace(/[\s-]/g, '');
    if (digits.length === CUI_DIGITS) return { kind: 'cui', cui: digits };
    if (isYear(digits, thisYear)) return { kind: 'criteria', words: [], year: Number(digits) };
    return { kind: 'incomplete-number', digits: digits.length };
  }
  const words: string[] = [];
  let year: number | undefined;
  let birthDate: string | undefined;
  for (const token of trimmed.split(/\s+/)) {
    const date = parseDisplayDate(token);
    if (date.ok) {
      birthDate = date.date;
      continue;
    }
    if (/^\d+$/.test(token)) {
      if (isYear(token, thisYear)) year = Number(token);
      continue;
    }
    for (const word of tokenize(token)) if (!/^\d+$/.test(word) && !words.includes(word)) words.push(word);
  }
  if (words.length === 0 && year === undefined && birthDate === undefined) return { kind: 'empty' };
  if (year === undefined && birthDate === undefined && words.every((w) => Array.from(w).length < MIN_WORD_LENGTH)) return { kind: 'too-short' };
  return {
    kind: 'criteria',
    words: words.slice(0, MAX_NAME_WORDS),
    ...(year === undefined ? {} : { year }),
    ...(birthDate === undefined ? {} : { birthDate }),
  };
}
