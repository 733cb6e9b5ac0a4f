// Public edge of the three-way merge used by sync conflict handling.
export type { Side } from './json-values';
export type { MergeResult, Resolved } from './merge-resource';
export { mergeResource } from './merge-resource';
export type { ConflictResolution } from './resolve-field-by-field';
export { resolveConflict, resolveFieldByField } from './resolve-field-by-field';
