// Text folding shared by every search over Spanish and Mayan-language text (CIE-10, municipalities,
// and later the store's patient-name search), so that what a nurse types matches however the data
// was written.
//
// Decisions:
// - Case-insensitive: everything is lower-cased.
// - Accent-insensitive: NFD decomposition, then every combining mark is dropped. This folds ñ to n
//   as well ('Peñate' and 'penate' match), on purpose: keyboards on shared health-post PCs often lack
//   ñ and people type n instead. The cost is a few collisions (año/ano) that a search result list
//   tolerates; the original text is always what is displayed.
// - Apostrophes vanish rather than split words: Mayan names are written with ', ’ or ʼ (K'iche',
//   Tz’utujil) or with none at all, so "kiche" must match "K'iche'".
// - Any other character that is not a letter or a digit separates words; runs of separators collapse
//   to one space and the result is trimmed.

const COMBINING_MARKS = /\p{M}+/gu;
// ASCII apostrophe, grave/acute accents used as apostrophes, left/right single quotes, modifier
// letter apostrophe and turned comma, and the soft hyphen (invisible, found inside source data).
const APOSTROPHES = /['`´‘’ʼʻ\u00AD]/g;
const SEPARATORS = /[^\p{L}\p{N}]+/gu;

/** Folds text for search: lower case, no diacritics (ñ → n), no apostrophes, single spaces. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(APOSTROPHES, '')
    .replace(SEPARATORS, ' ')
    .trim();
}

/** The words of `text` after {@link normalizeText}; empty for blank text. */
export function tokenize(text: string): string[] {
  const folded = normalizeText(text);
  return folded === '' ? [] : folded.split(' ');
}
