// Exact search semantics on one resource. Both stores end every search here: the memory store on
// every resource of the type, the Dexie store on the candidates its hashed index returned, so
// both answer identically by construction.
import type { TypedValue } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import { matchesDate } from './date-range';
import type { Criterion, StringQuery, TokenQuery } from './search-query';
import { evaluateParam, type SearchParamDef } from './search-parameter-registry';
import { dateRanges, referenceForms, stringParts, stringWords, tokenForms, uriForms, type TokenForm } from './search-values';

/** A resource with its parameter values evaluated at most once each. */
export class EvaluatedResource {
  readonly #values = new Map<string, TypedValue[]>();

  constructor(readonly resource: Resource) {}

  values(def: SearchParamDef): TypedValue[] {
    let values = this.#values.get(def.code);
    if (values === undefined) {
      values = evaluateParam(def, this.resource);
      this.#values.set(def.code, values);
    }
    return values;
  }
}

function tokenMatches(query: TokenQuery, form: TokenForm): boolean {
  if (query.system !== undefined) {
    if (query.system === '' ? form.system !== undefined : form.system !== query.system) return false;
  }
  return query.code === undefined || form.code === query.code;
}

/** Every query word starts some word of the value (so "tzoc" finds "Xiloj Tzoc"). */
function wordsMatch(query: StringQuery, words: readonly string[]): boolean {
  return query.words.every((q) => words.some((w) => w.startsWith(q)));
}

export function matchesCriterion(subject: EvaluatedResource, criterion: Criterion): boolean {
  const values = subject.values(criterion.def);
  if (values.length === 0) return false;
  switch (criterion.kind) {
    case 'token': {
      const forms = tokenForms(values);
      return criterion.values.some((q) => forms.some((f) => tokenMatches(q, f)));
    }
    case 'string': {
      if (criterion.exact) {
        const parts = stringParts(values).flat();
        return criterion.values.some((q) => parts.includes(q.text));
      }
      const valueWords = stringWords(values);
      return criterion.values.some((q) => valueWords.some((words) => wordsMatch(q, words)));
    }
    case 'date': {
      const ranges = dateRanges(values);
      return criterion.values.some((q) => ranges.some((r) => matchesDate(q.prefix, r, q.range)));
    }
    case 'reference': {
      const refs = referenceForms(values);
      return criterion.values.some((q) => refs.includes(q));
    }
    case 'uri': {
      const uris = uriForms(values);
      return criterion.values.some((q) => uris.includes(q));
    }
  }
}

export function matchesAll(subject: EvaluatedResource, criteria: readonly Criterion[]): boolean {
  return criteria.every((c) => matchesCriterion(subject, c));
}
