// Municipality search by name, optionally within a department: case- and accent-insensitive
// (normalizeText). Ranking: the name starts with the query, then every query word starts a word
// of the name, then the query occurs anywhere in the name; alphabetical (folded) within each.
// A blank query returns nothing; use municipalitiesOfDepartment for the full list of a department.
import { MUNICIPALITIES } from './municipalities';
import { normalizeText } from './normalize-text';
import type { Municipality } from './table-types';

export interface MunicipalitySearchOptions {
  /** Two-digit department code ('01'); all departments when absent. */
  readonly department?: string;
  /** Most results returned; default 20. */
  readonly limit?: number;
}

const FOLDED = MUNICIPALITIES.map((municipality) => {
  const name = normalizeText(municipality.name);
  return { municipality, name, words: name.split(' ') };
});

export function searchMunicipalities(query: string, options: MunicipalitySearchOptions = {}): Municipality[] {
  const folded = normalizeText(query);
  if (folded === '') return [];
  const queryWords = folded.split(' ');
  const ranked: { municipality: Municipality; tier: number; name: string }[] = [];
  for (const entry of FOLDED) {
    if (options.department !== undefined && entry.municipality.department !== options.department) continue;
    const tier = entry.name.startsWith(folded)
      ? 0
      : queryWords.every((q) => entry.words.some((w) => w.startsWith(q)))
        ? 1
        : entry.name.includes(folded)
          ? 2
          : -1;
    if (tier >= 0) ranked.push({ municipality: entry.municipality, tier, name: entry.name });
  }
  ranked.sort((a, b) => a.tier - b.tier || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || (a.municipality.code < b.municipality.code ? -1 : 1));
  return ranked.slice(0, options.limit ?? 20).map((r) => r.municipality);
}
