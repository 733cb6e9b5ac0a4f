// Saving a consultation: its resources (consultation-resources.ts) and their Provenance as ONE
// transaction Bundle imported by the session's store, so the whole consultation is written or
// nothing is. An edit sends each updated resource with If-Match on the version it was read at, so
// an edit made meanwhile (by sync or another screen) is refused instead of overwritten.
import type { Bundle } from '@medplum/fhirtypes';
import type { Clock } from '../../../src-core/platform/clock';
import type { Ids } from '../../../src-core/platform/ids';
import type { FhirStore } from '../../../src-core/store';
import { attributedTransaction, type Attribution } from '../../session/attribution';
import type { ConsultationForm } from './consultation-form';
import { consultationResources, type ConsultationContext } from './consultation-resources';

export interface SaveConsultationInput {
  readonly form: ConsultationForm;
  readonly context: ConsultationContext;
  readonly attribution: Attribution;
  readonly ids: Ids;
  readonly clock: Clock;
}

/** The transaction for this form, or undefined when an edit changed nothing. */
export function consultationTransaction(input: SaveConsultationInput): Bundle | undefined {
  const writes = consultationResources(input.form, input.context);
  if (writes.length === 0) return undefined;
  const previous = input.context.previous;
  const bundle = attributedTransaction(writes, input.attribution, {
    ids: input.ids,
    clock: input.clock,
    activity: previous === undefined ? 'CREATE' : 'UPDATE',
  });
  if (previous === undefined) return bundle;
  const versions = new Map<string, string>();
  for (const r of [previous.encounter, ...previous.resources]) {
    if (r.meta?.versionId !== undefined) versions.set(`${r.resourceType}/${r.id}`, r.meta.versionId);
  }
  return {
    ...bundle,
    entry: (bundle.entry ?? []).map((entry) => {
      const url = entry.request?.url ?? '';
      const version = versions.get(url);
      return version === undefined || entry.request === undefined ? entry : { ...entry, request: { ...entry.request, ifMatch: `W/"${version}"` } };
    }),
  };
}

/** Writes the consultation (all or nothing); resolves with the Encounter id. */
export async function saveConsultation(store: FhirStore, input: SaveConsultationInput): Promise<string> {
  const bundle = consultationTransaction(input);
  if (bundle !== undefined) await store.importBundle(bundle);
  return input.context.encounterId;
}
