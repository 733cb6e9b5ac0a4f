// One child with a history, for timing the chart: a 2-year-old girl seen three times (6, 12 and 24
// months) with weight and height each time, a diagnosis, a prescription and two vaccine doses.
// Shapes are the profile examples of fhir-profiles/examples/valid with ids, references, dates and
// values replaced.
import { readFileSync } from 'node:fs';
import type { Bundle, Condition, Encounter, Immunization, MedicationRequest, Observation, Patient, Resource } from '@medplum/fhirtypes';
import { repoRoot } from '../../../scripts/local-stack';
import { patientOf } from './seed-register';

interface Examples {
  'Encounter-ceiba-encounter': Encounter;
  'Observation-ceiba-bodyweight': Observation;
  'Observation-ceiba-bodyheight': Observation;
  'Condition-ceiba-condition': Condition;
  'MedicationRequest-ceiba-medication-request': MedicationRequest;
  'Immunization-ceiba-immunization': Immunization;
}

const example = <K extends keyof Examples>(name: K): Examples[K] => JSON.parse(readFileSync(`${repoRoot}/fhir-profiles/examples/valid/${name}.json`, 'utf8')) as Examples[K];

const isoDay = (d: Date): string => d.toISOString().slice(0, 10);
const monthsBefore = (today: Date, months: number): Date => new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - months, Math.min(today.getUTCDate(), 28), 15));

/** Weight (kg) and length/height (cm) near the WHO median for girls. */
const VISITS = [
  { age: 6, kg: 7.3, cm: 65.7 },
  { age: 12, kg: 8.9, cm: 74.0 },
  { age: 24, kg: 11.5, cm: 86.4 },
] as const;

export function childHistoryBundle(register: readonly Patient[], today = new Date()): { bundle: Bundle; name: string; query: string; patientId: string } {
  const birth = monthsBefore(today, 24);
  const patient: Patient & { id: string } = {
    ...patientOf({ id: 'child', gender: 'female', given: ['Ixchel'], surnames: ['Tun', 'Batz'], birthDate: isoDay(birth), municipality: '1601' }, register.length + 1),
    id: 'bench-child',
  };
  const subject = { reference: `Patient/${patient.id}` };
  const resources: (Resource & { id: string })[] = [patient];
  for (const [i, visit] of VISITS.entries()) {
    const when = monthsBefore(today, 24 - visit.age).toISOString();
    const encounter = { ...example('Encounter-ceiba-encounter'), id: `bench-child-enc-${String(i)}`, subject, period: { start: when, end: when } };
    const ref = { reference: `Encounter/${encounter.id}` };
    const weight = example('Observation-ceiba-bodyweight');
    const height = example('Observation-ceiba-bodyheight');
    resources.push(
      encounter,
      { ...weight, id: `bench-child-peso-${String(i)}`, subject, encounter: ref, effectiveDateTime: when, valueQuantity: { ...weight.valueQuantity, value: visit.kg } },
      { ...height, id: `bench-child-talla-${String(i)}`, subject, encounter: ref, effectiveDateTime: when, valueQuantity: { ...height.valueQuantity, value: visit.cm } },
    );
    if (i === 2) {
      const condition = example('Condition-ceiba-condition');
      const rx = example('MedicationRequest-ceiba-medication-request');
      resources.push(
        { ...condition, id: 'bench-child-dx', subject, encounter: ref, recordedDate: when.slice(0, 10), code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: 'A09', display: 'Diarrea y gastroenteritis de presunto origen infeccioso' }] } },
        { ...rx, id: 'bench-child-rx', subject, encounter: ref, authoredOn: when, medicationCodeableConcept: { text: 'Sales de rehidratación oral' }, dosageInstruction: [{ text: '1 sobre en 1 litro de agua, a libre demanda por 3 días' }] },
      );
    }
    if (i < 2) {
      const vaccine = example('Immunization-ceiba-immunization');
      resources.push({ ...vaccine, id: `bench-child-vac-${String(i)}`, patient: subject, encounter: ref, occurrenceDateTime: when, protocolApplied: [{ series: 'Esquema nacional', doseNumberPositiveInt: i + 2 }] });
    }
  }
  return {
    bundle: { resourceType: 'Bundle', type: 'transaction', entry: resources.map((resource) => ({ resource, request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` } })) },
    name: 'Ixchel Tun Batz',
    query: 'ixchel tun',
    patientId: patient.id,
  };
}
