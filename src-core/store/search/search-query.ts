// A parsed search: what parse-search produces and what the matcher, the sorter and the stores'
// candidate planners consume.
import type { DatePrefix, DateRange } from './date-range';
import type { SearchParamDef } from './search-parameter-registry';

/** `system` undefined = any system; '' = no system. `code` undefined = any code ("system|"). */
export interface TokenQuery {
  readonly system?: string;
  readonly code?: string;
}

export interface StringQuery {
  readonly text: string;
  /** Folded words; each must start some word of one value. */
  readonly words: readonly string[];
}

export interface DateQuery {
  readonly prefix: DatePrefix;
  readonly range: DateRange;
}

/** One parameter occurrence: its values are alternatives (OR); criteria are combined with AND. */
export type Criterion =
  | { readonly kind: 'token'; readonly def: SearchParamDef; readonly values: readonly TokenQuery[] }
  | { readonly kind: 'string'; readonly def: SearchParamDef; readonly exact: boolean; readonly values: readonly StringQuery[] }
  | { readonly kind: 'date'; readonly def: SearchParamDef; readonly values: readonly DateQuery[] }
  | { readonly kind: 'reference'; readonly def: SearchParamDef; readonly values: readonly string[] }
  | { readonly kind: 'uri'; readonly def: SearchParamDef; readonly values: readonly string[] };

export interface SortSpec {
  readonly def: SearchParamDef;
  readonly descending: boolean;
}

export interface IncludeSpec {
  /** The type holding the reference parameter. */
  readonly sourceType: string;
  readonly def: SearchParamDef;
  readonly targetType?: string;
}

export interface SearchQuery {
  readonly resourceType: string;
  readonly criteria: readonly Criterion[];
  readonly sort: readonly SortSpec[];
  readonly count: number;
  readonly cursor?: string;
  readonly include: readonly IncludeSpec[];
  readonly revinclude: readonly IncludeSpec[];
}
