// The index entries of a resource, before hashing: (domain, value) pairs that the Dexie store
// turns into keyed hashes with StoreCipher.tokens. A domain is "<Type>.<parameter>", so equal
// values of different parameters never share a hash. Values are tagged by kind:
//   c:<code>                      token: the code or identifier value (a search with a system is
//                                 looked up by its code and checked against the system after
//                                 decryption: codes and identifier values rarely repeat across
//                                 systems, and one entry per coding keeps writes cheap)
//   p:<prefix>                    string: every prefix, 1 to 16 characters, of every folded word
//   r:<Type/id>                   reference
//   u:<uri>                       uri
//   d:<bucket>                    date (see date-buckets.ts)
// plus compartment.Patient → "Patient/<id>" for each patient compartment the resource is in.
// `_id` and `_lastUpdated` are not hashed: the row keeps them as plain metadata. A parameter whose
// branches are each another parameter's whole expression (Observation's combo-code is code |
// component.code) has no entries of its own: a search looks it up under those parameters
// (lookupDomains), which hold the same values. Every index entry costs IndexedDB ~25 µs to write
// on the benchmark machine, so entries that only repeat others are worth leaving out.
//
// Prefixes stop at 16 characters: a longer search word is looked up by its first 16 and checked
// exactly after decryption. 16 is past nearly every Spanish or Mayan given name and surname, while
// it keeps a name's index entries to a few dozen.
import type { Resource } from '@medplum/fhirtypes';
import { patientCompartments } from './compartment-membership';
import { valueBuckets } from './date-buckets';
import { EvaluatedResource } from './match-resource';
import { supportedParamDefs, type SearchParamDef } from './search-parameter-registry';
import { dateRanges, referenceForms, stringWords, tokenForms, uriForms } from './search-values';

export interface IndexKey {
  readonly domain: string;
  readonly value: string;
}

export const MAX_PREFIX_LENGTH = 16;
export const COMPARTMENT_DOMAIN = 'compartment.Patient';

/** Parameters kept as plain row metadata rather than hashed entries. */
export const ROW_COLUMNS: ReadonlySet<string> = new Set(['_id', '_lastUpdated']);

export const paramDomain = (def: SearchParamDef): string => `${def.resourceType}.${def.code}`;
/** The domains whose entries answer a parameter (see SearchParamDef.indexedBy). */
export const lookupDomains = (def: SearchParamDef): string[] => def.indexedBy.map((code) => `${def.resourceType}.${code}`);
export const codeKey = (code: string): string => `c:${code}`;
export const referenceKey = (ref: string): string => `r:${ref}`;
export const uriKey = (uri: string): string => `u:${uri}`;
export const dateKey = (bucket: string): string => `d:${bucket}`;
export const prefixKey = (word: string): string => `p:${Array.from(word).slice(0, MAX_PREFIX_LENGTH).join('')}`;

function* prefixes(word: string): Generator<string> {
  const chars = Array.from(word);
  for (let n = 1; n <= Math.min(chars.length, MAX_PREFIX_LENGTH); n++) yield `p:${chars.slice(0, n).join('')}`;
}

export function indexKeys(resource: Resource): IndexKey[] {
  const subject = new EvaluatedResource(resource);
  const out: IndexKey[] = [];
  const seen = new Set<string>();
  const add = (domain: string, value: string): void => {
    const k = `${domain}\u0000${value}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push({ domain, value });
  };
  for (const def of supportedParamDefs(resource.resourceType)) {
    // A parameter answered by other parameters' entries (combo-code by code and component-code)
    // has none of its own.
    if (ROW_COLUMNS.has(def.code) || def.indexedBy.length !== 1 || def.indexedBy[0] !== def.code) continue;
    const values = subject.values(def);
    if (values.length === 0) continue;
    const domain = paramDomain(def);
    switch (def.type) {
      case 'token':
        for (const f of tokenForms(values)) add(domain, codeKey(f.code));
        break;
      case 'string':
        for (const words of stringWords(values)) for (const w of words) for (const p of prefixes(w)) add(domain, p);
        break;
      case 'reference':
        for (const ref of referenceForms(values)) add(domain, referenceKey(ref));
        break;
      case 'uri':
        for (const uri of uriForms(values)) add(domain, uriKey(uri));
        break;
      case 'date':
        for (const range of dateRanges(values)) for (const bucket of valueBuckets(range)) add(domain, dateKey(bucket));
        break;
      case 'number':
      case 'quantity':
      case 'composite':
      case 'special':
        break;
    }
  }
  for (const ref of patientCompartments(subject)) add(COMPARTMENT_DOMAIN, ref);
  return out;
}
