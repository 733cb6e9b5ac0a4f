// Which patients' compartments a resource belongs to, from the patient CompartmentDefinition's
// parameters evaluated like any search parameter. A Patient is in its own compartment.
import type { Resource } from '@medplum/fhirtypes';
import type { EvaluatedResource } from './match-resource';
import { patientCompartmentParams } from './patient-compartment';
import { searchParamDef } from './search-parameter-registry';
import { referenceForms } from './search-values';

/** "Patient/<id>" for every patient whose compartment holds the resource. */
export function patientCompartments(subject: EvaluatedResource): string[] {
  const resource: Resource = subject.resource;
  const out = new Set<string>();
  if (resource.resourceType === 'Patient' && resource.id !== undefined) out.add(`Patient/${resource.id}`);
  for (const code of patientCompartmentParams(resource.resourceType)) {
    const def = searchParamDef(resource.resourceType, code);
    if (def === undefined) continue;
    for (const ref of referenceForms(subject.values(def))) if (ref.startsWith('Patient/')) out.add(ref);
  }
  return [...out];
}
