// The patient chart as data: one pure function from the patient's resources (the store's
// everythingForPatient: the patient and its compartment) and the chart's day to everything the
// page shows. The WHO tables are passed in (they load on demand, only for children under five).
import type {
  AllergyIntolerance,
  Condition,
  Encounter,
  Immunization,
  MedicationRequest,
  Observation,
  Patient,
  Resource,
  ServiceRequest,
} from '@medplum/fhirtypes';
import type { WhoGrowthTables } from '../../../src-core/clinical/growth/growth-tables';
import { activeProblems, type ProblemEntry } from './active-problems';
import { currentMedications, type MedicationEntry } from './current-medications';
import { encounterTimeline, type TimelineEntry } from './encounter-timeline';
import { growthApplies, growthSummary, type GrowthSummary } from './growth-points';
import { immunizationSummary, type ImmunizationSummary } from './immunization-summary';
import type { NationalSchedule } from './national-schedule';
import { openRequests, type OpenRequest } from './open-requests';
import { patientSummary, type PatientSummary } from './patient-summary';
import { prenatalSummary, type PrenatalSummary } from './prenatal-summary';
import { vitalTrends, type VitalSeries } from './vital-trends';

export interface ChartModel {
  readonly patient: PatientSummary;
  /** Newest first. */
  readonly timeline: readonly TimelineEntry[];
  readonly problems: readonly ProblemEntry[];
  readonly medications: readonly MedicationEntry[];
  readonly immunizations: ImmunizationSummary;
  readonly vitals: readonly VitalSeries[];
  /** Children under five with tables supplied. */
  readonly growth?: GrowthSummary;
  readonly prenatal?: PrenatalSummary;
  /** Referrals and teleconsult requests still open, newest first. */
  readonly requests: readonly OpenRequest[];
}

export interface ChartInput {
  /** The patient first or anywhere; other resources of other patients are ignored. */
  readonly resources: readonly Resource[];
  readonly patientId: string;
  /** The chart's day (YYYY-MM-DD, local calendar). */
  readonly today: string;
  readonly schedule: NationalSchedule;
  readonly growthTables?: WhoGrowthTables;
}

interface ByType {
  encounters: Encounter[];
  observations: Observation[];
  conditions: Condition[];
  medications: MedicationRequest[];
  immunizations: Immunization[];
  allergies: AllergyIntolerance[];
  requests: ServiceRequest[];
}

function sortByType(resources: readonly Resource[], patientRef: string): ByType {
  const out: ByType = { encounters: [], observations: [], conditions: [], medications: [], immunizations: [], allergies: [], requests: [] };
  for (const r of resources) {
    const type = r.resourceType;
    if (type === 'Encounter' && r.subject?.reference === patientRef) out.encounters.push(r);
    else if (type === 'Observation' && r.subject?.reference === patientRef) out.observations.push(r);
    else if (type === 'Condition' && r.subject.reference === patientRef) out.conditions.push(r);
    else if (type === 'MedicationRequest' && r.subject.reference === patientRef) out.medications.push(r);
    else if (type === 'Immunization' && r.patient.reference === patientRef) out.immunizations.push(r);
    else if (type === 'AllergyIntolerance' && r.patient.reference === patientRef) out.allergies.push(r);
    else if (type === 'ServiceRequest' && r.subject.reference === patientRef) out.requests.push(r);
  }
  return out;
}

/** The chart, or undefined when the resources do not include the patient. */
export function buildChartModel(input: ChartInput): ChartModel | undefined {
  const patient = input.resources.find((r): r is Patient => r.resourceType === 'Patient' && r.id === input.patientId);
  if (patient === undefined) return undefined;
  const by = sortByType(input.resources, `Patient/${input.patientId}`);
  const summary = patientSummary(patient, by.allergies, input.today);
  const timeline = encounterTimeline(by.encounters, by.conditions);
  const growth = input.growthTables === undefined ? undefined : growthSummary(input.growthTables, patient, by.observations, input.today);
  const prenatal = prenatalSummary(patient, by.observations, by.conditions, timeline, input.today);
  return {
    patient: summary,
    timeline,
    problems: activeProblems(by.conditions),
    medications: currentMedications(by.medications, input.today),
    immunizations: immunizationSummary(input.schedule, patient, summary.age, by.immunizations, input.today),
    vitals: vitalTrends(by.observations),
    ...(growth === undefined ? {} : { growth }),
    ...(prenatal === undefined ? {} : { prenatal }),
    requests: openRequests(by.requests),
  };
}

/** Whether the page should load the WHO tables before building the chart. */
export function needsGrowthTables(resources: readonly Resource[], patientId: string, today: string): boolean {
  const patient = resources.find((r): r is Patient => r.resourceType === 'Patient' && r.id === patientId);
  return patient !== undefined && growthApplies(patient, today);
}
