// FHIR → form: a saved consultation read back into the form model, for the view, the print
// layouts and "Editar". Withdrawn records (entered-in-error) are left out.
import type { Condition, Encounter, Immunization, MedicationRequest, Observation, Organization, Resource, ServiceRequest, Task } from '@medplum/fhirtypes';
import { CEIBA_CODE_SYSTEM } from '../../../src-core/fhir/profiles/ceiba-urls';
import { ICD10_SYSTEM } from '../../../src-core/fhir/canonical';
import type { FhirStore } from '../../../src-core/store';
import type { WrittenResource } from '../../session/attribution';
import {
  emptyConsultationForm,
  emptyRequest,
  emptyVitals,
  type ConsultationForm,
  type DestinationType,
  type RequestForm,
  type RequestPriority,
  type VitalsForm,
} from './consultation-form';
import { DOSAGE_SEPARATOR, LOINC, TEXT_OBSERVATIONS, withdrawn, type SavedConsultation } from './consultation-resources';
import { BODY_LENGTH_LYING, BP_COMPONENTS, VITAL_OBSERVATIONS } from './vital-signs';

const hasCode = (o: Observation, code: string): boolean => o.code.coding?.some((c) => c.system === LOINC && c.code === code) ?? false;

const numberText = (value: number | undefined): string => (value === undefined ? '' : String(value));

function vitalsOf(observations: readonly Observation[]): { vitals: VitalsForm; lying: boolean | undefined } {
  const vitals = emptyVitals();
  let lying: boolean | undefined;
  const single = ['weightKg', 'heightCm', 'temperatureC', 'heartRate', 'respiratoryRate', 'spo2', 'headCircumferenceCm', 'muacCm'] as const;
  for (const key of single) {
    const found = observations.find((o) => hasCode(o, VITAL_OBSERVATIONS[key].loinc));
    if (found === undefined) continue;
    vitals[key] = numberText(found.valueQuantity?.value);
    if (key === 'heightCm') lying = hasCode(found, BODY_LENGTH_LYING.loinc);
  }
  const bp = observations.find((o) => hasCode(o, VITAL_OBSERVATIONS.bloodPressure.loinc));
  const component = (code: string): string =>
    numberText(bp?.component?.find((c) => c.code.coding?.some((k) => k.code === code))?.valueQuantity?.value);
  vitals.systolic = component(BP_COMPONENTS.systolic.loinc);
  vitals.diastolic = component(BP_COMPONENTS.diastolic.loinc);
  return { vitals, lying };
}

/** "dose · frequency · duration" back into its parts (all of it in dose when it was not written that way). */
export function splitDosage(text: string): { dose: string; frequency: string; duration: string } {
  const parts = text.split(DOSAGE_SEPARATOR);
  if (parts.length > 3) return { dose: text, frequency: '', duration: '' };
  return { dose: parts[0] ?? '', frequency: parts[1] ?? '', duration: parts[2] ?? '' };
}

function requestOf(resources: readonly Resource[], organizations: ReadonlyMap<string, Organization>): RequestForm {
  const request = resources.find((r): r is ServiceRequest => r.resourceType === 'ServiceRequest');
  if (request === undefined) return emptyRequest();
  const kind = request.category?.some((c) => c.coding?.some((k) => k.system === CEIBA_CODE_SYSTEM.tipoSolicitud && k.code === 'teleconsulta'))
    ? 'teleconsult'
    : 'referral';
  const priority: RequestPriority = request.priority === 'urgent' ? 'urgent' : 'routine';
  const reason = request.note?.[0]?.text ?? '';
  const base = { ...emptyRequest(), priority, reason, ...(request.id === undefined ? {} : { resourceId: request.id }) };
  if (kind === 'teleconsult') {
    const task = resources.find((r): r is Task => r.resourceType === 'Task' && r.focus?.reference === `ServiceRequest/${request.id ?? ''}`);
    return { ...base, kind, specialty: request.performerType?.coding?.[0]?.code ?? '', ...(task?.id === undefined ? {} : { taskId: task.id }) };
  }
  const reference = request.performer?.[0]?.reference ?? '';
  const destinationId = reference.startsWith('Organization/') ? reference.slice('Organization/'.length) : undefined;
  const organization = destinationId === undefined ? undefined : organizations.get(destinationId);
  const type = organization?.type?.[0]?.coding?.[0]?.code;
  const destinationType: DestinationType = type === 'centro-salud' ? 'centro-salud' : 'hospital';
  return {
    ...base,
    kind,
    destinationType,
    destinationName: organization?.name ?? request.performer?.[0]?.display ?? '',
    ...(destinationId === undefined ? {} : { destinationId }),
  };
}

/** The form that shows (and edits) a saved consultation. */
export function formOfConsultation(saved: SavedConsultation, organizations: ReadonlyMap<string, Organization> = new Map()): ConsultationForm {
  const live = saved.resources.filter((r) => !withdrawn(r));
  const of = <T extends Resource>(type: T['resourceType']): T[] => live.filter((r): r is WrittenResource & T => r.resourceType === type);
  const observations = of<Observation>('Observation');
  const { vitals, lying } = vitalsOf(observations);
  const text = (loinc: string): string => observations.find((o) => hasCode(o, loinc))?.valueString ?? '';
  const reason = saved.encounter.reasonCode?.[0];
  const reasonCoding = reason?.coding?.find((c) => c.system === CEIBA_CODE_SYSTEM.motivoConsulta);
  return {
    ...emptyConsultationForm(),
    reasonCode: reasonCoding?.code ?? '',
    reasonText: reason?.text ?? '',
    vitals,
    position: lying === undefined ? '' : lying ? 'recumbent' : 'standing',
    findings: text(TEXT_OBSERVATIONS.findings.loinc),
    notes: text(TEXT_OBSERVATIONS.notes.loinc),
    diagnoses: of<Condition>('Condition').map((c) => {
      const coding = c.code?.coding?.find((k) => k.system === ICD10_SYSTEM);
      return { key: c.id ?? '', code: coding?.code ?? '', display: coding?.display ?? c.code?.text ?? '', resourceId: c.id ?? '' };
    }),
    prescriptions: of<MedicationRequest>('MedicationRequest').map((m) => ({
      key: m.id ?? '',
      medication: m.medicationCodeableConcept?.text ?? m.medicationCodeableConcept?.coding?.[0]?.display ?? '',
      ...splitDosage(m.dosageInstruction?.[0]?.text ?? ''),
      resourceId: m.id ?? '',
    })),
    immunizations: of<Immunization>('Immunization').map((i) => ({
      key: i.id ?? '',
      vaccineCode: i.vaccineCode.coding?.find((k) => k.system === CEIBA_CODE_SYSTEM.vacuna)?.code ?? '',
      doseNumber: numberText(i.protocolApplied?.[0]?.doseNumberPositiveInt),
      lotNumber: i.lotNumber ?? '',
      resourceId: i.id ?? '',
    })),
    request: requestOf(live, organizations),
  };
}

const refersTo = (resource: Resource, encounterRef: string): boolean =>
  (resource.resourceType === 'Observation' ||
    resource.resourceType === 'Condition' ||
    resource.resourceType === 'MedicationRequest' ||
    resource.resourceType === 'Immunization' ||
    resource.resourceType === 'ServiceRequest' ||
    resource.resourceType === 'Task') &&
  resource.encounter?.reference === encounterRef;

export interface LoadedConsultation {
  readonly saved: SavedConsultation;
  readonly organizations: ReadonlyMap<string, Organization>;
  readonly patientId: string;
}

/** A saved consultation from the store: its Encounter, everything recorded in it, and the receiving services. */
export async function loadConsultation(store: FhirStore, encounterId: string): Promise<LoadedConsultation> {
  const encounter = (await store.read('Encounter', encounterId)) as Encounter & { id: string };
  const patientId = (encounter.subject?.reference ?? '').replace(/^Patient\//, '');
  const everything = await store.everythingForPatient(patientId);
  const encounterRef = `Encounter/${encounterId}`;
  const resources = everything.filter((r): r is WrittenResource => r.id !== undefined && refersTo(r, encounterRef));
  // Tasks are not in the patient compartment everywhere: look for the teleconsult's by its focus.
  const requestIds = resources.filter((r) => r.resourceType === 'ServiceRequest').map((r) => r.id);
  if (requestIds.length > 0 && !resources.some((r) => r.resourceType === 'Task')) {
    const tasks = await store.search('Task', { encounter: encounterRef });
    resources.push(...tasks.resources.filter((t): t is Task & { id: string } => t.id !== undefined));
  }
  const organizations = new Map<string, Organization>();
  for (const r of resources) {
    if (r.resourceType !== 'ServiceRequest') continue;
    for (const p of r.performer ?? []) {
      const id = p.reference?.startsWith('Organization/') === true ? p.reference.slice('Organization/'.length) : undefined;
      if (id === undefined || organizations.has(id)) continue;
      try {
        organizations.set(id, await store.read('Organization', id));
      } catch {
        // A receiving service not (yet) on this PC: the referral's performer.display names it.
      }
    }
  }
  return { saved: { encounter, resources }, organizations, patientId };
}
