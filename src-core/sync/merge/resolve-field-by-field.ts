// Turns a recorded conflict into its resolution (DESIGN §5): keep mine, keep theirs, or a choice
// per conflicting path. The result is what the engine writes locally as a normal change, uploaded
// with If-Match on the remote version.
import type { Resource } from '@medplum/fhirtypes';
import { OutcomeError, issue, outcome } from '../../fhir/outcome';
import type { Side } from './json-values';
import type { Resolved } from './merge-resource';
import { mergeWith } from './merge-resource';

export type ConflictResolution =
  | { readonly kind: 'keep-local' }
  | { readonly kind: 'keep-remote' }
  /** For each path `mergeResource` reported; every non-conflicting change of both sides is kept. */
  | { readonly kind: 'field-by-field'; readonly choices: Readonly<Record<string, Side>> };

/**
 * Merges with a side chosen for each conflicting path. Throws an OutcomeError (code 'required',
 * expression = the paths) when a conflicting path has no choice.
 */
export function resolveFieldByField<T extends Resource>(
  base: T | undefined,
  local: T | undefined,
  remote: T | undefined,
  choices: Readonly<Record<string, Side>>,
): Resolved<T> {
  const { resolved, missing } = mergeWith(base, local, remote, (path) => choices[path]);
  if (resolved === undefined) {
    throw new OutcomeError(
      outcome([
        issue('required', `no choice made for conflicting fields: ${missing.join(', ')}`, {
          expression: missing,
          details: 'Elija qué versión conservar para cada dato en conflicto.',
        }),
      ]),
    );
  }
  return resolved;
}

/** keep-local: every conflict goes to the local side, remote's other changes kept; likewise keep-remote. */
export function resolveConflict<T extends Resource>(
  base: T | undefined,
  local: T | undefined,
  remote: T | undefined,
  resolution: ConflictResolution,
): Resolved<T> {
  switch (resolution.kind) {
    case 'keep-local':
      return resolveAll(base, local, remote, 'local');
    case 'keep-remote':
      return resolveAll(base, local, remote, 'remote');
    case 'field-by-field':
      return resolveFieldByField(base, local, remote, resolution.choices);
  }
}

function resolveAll<T extends Resource>(base: T | undefined, local: T | undefined, remote: T | undefined, side: Side): Resolved<T> {
  const { resolved } = mergeWith(base, local, remote, () => side);
  // With a chooser that always answers, mergeWith always resolves.
  return resolved ?? { kind: 'deleted' };
}
