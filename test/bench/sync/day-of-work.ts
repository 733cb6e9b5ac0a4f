// One day's work at a health post: 40 consultations of 10 resources each (the Encounter, seven
// vital signs, a diagnosis and a prescription), built from the project's own valid profile
// examples (fhir-profiles/examples/valid) with the values, times, patients and codes varied.
// Each consultation is one transaction Bundle with urn:uuid references, as the consultation form
// saves it into the local store in one write.
import { readFileSync } from 'node:fs';
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { rng } from '../store/population';

const EXAMPLES = new URL('../../../fhir-profiles/examples/valid/', import.meta.url);

type Json = Record<string, unknown>;

export const CONSULTATIONS = 40;
export const RESOURCES_PER_CONSULTATION = 10;

/** Vital signs: example file, and how to vary its value(s) plausibly. */
const VITALS: readonly { file: string; vary: (o: VitalSign, r: () => number) => void }[] = [
  { file: 'Observation-ceiba-bp.json', vary: (o, r) => {
    setComponent(o, 0, Math.round(100 + r() * 40));
    setComponent(o, 1, Math.round(60 + r() * 30));
  } },
  { file: 'Observation-ceiba-bodyweight.json', vary: (o, r) => { setValue(o, round1(45 + r() * 35)); } },
  { file: 'Observation-ceiba-bodyheight.json', vary: (o, r) => { setValue(o, round1(145 + r() * 30)); } },
  { file: 'Observation-ceiba-bodytemp.json', vary: (o, r) => { setValue(o, round1(36.2 + r() * 2)); } },
  { file: 'Observation-ceiba-heartrate.json', vary: (o, r) => { setValue(o, Math.round(60 + r() * 40)); } },
  { file: 'Observation-ceiba-resprate.json', vary: (o, r) => { setValue(o, Math.round(12 + r() * 10)); } },
  { file: 'Observation-ceiba-oxygensat.json', vary: (o, r) => { setValue(o, Math.round(93 + r() * 6)); } },
];

/** Reason for the visit (motivos-consulta) and the diagnosis recorded for it (CIE-10). */
const VISITS: readonly { reason: string; icd10: string; display: string; medication: string; dosage: string }[] = [
  { reason: 'tos', icd10: 'J06.9', display: 'Infección aguda de las vías respiratorias superiores, no especificada', medication: 'Acetaminofén 500 mg tabletas', dosage: '1 tableta cada 6 horas si hay fiebre, por 3 días' },
  { reason: 'diarrea', icd10: 'A09', display: 'Diarrea y gastroenteritis de presunto origen infeccioso', medication: 'Sales de rehidratación oral', dosage: '1 sobre en 1 litro de agua, tomar a sorbos después de cada evacuación' },
  { reason: 'molestias-orinar', icd10: 'N39.0', display: 'Infección de vías urinarias, sitio no especificado', medication: 'Nitrofurantoína 100 mg cápsulas', dosage: '1 cápsula cada 12 horas por 5 días' },
  { reason: 'enfermedad-cronica', icd10: 'I10', display: 'Hipertensión esencial (primaria)', medication: 'Enalapril 10 mg tabletas', dosage: '1 tableta cada 24 horas' },
  { reason: 'dolor-abdominal', icd10: 'K29.7', display: 'Gastritis, no especificada', medication: 'Omeprazol 20 mg cápsulas', dosage: '1 cápsula en ayunas por 14 días' },
  { reason: 'dolor-garganta', icd10: 'J02.9', display: 'Faringitis aguda, no especificada', medication: 'Amoxicilina 500 mg cápsulas', dosage: '1 cápsula cada 8 horas por 7 días' },
  { reason: 'problema-piel', icd10: 'L30.9', display: 'Dermatitis, no especificada', medication: 'Crema de hidrocortisona al 1 %', dosage: 'Aplicar capa delgada 2 veces al día por 7 días' },
  { reason: 'dolor-muscular', icd10: 'M54.5', display: 'Lumbago no especificado', medication: 'Ibuprofeno 400 mg tabletas', dosage: '1 tableta cada 8 horas con comida por 5 días' },
];

interface Quantity { value?: number }
interface VitalSign extends Json {
  valueQuantity?: Quantity;
  component?: { valueQuantity?: Quantity }[];
}

export interface DayOfWorkOptions {
  /** Ids of the post's patients (on the server) the consultations are for; cycled. */
  readonly patientIds: readonly string[];
  /** Who records and prescribes, and the post. */
  readonly practitionerId: string;
  readonly organizationId: string;
  /** The day, YYYY-MM-DD (local time, UTC-6). */
  readonly day: string;
  readonly seed?: number;
}

/** The day's consultations, one transaction Bundle each. */
export function dayOfWork(options: DayOfWorkOptions): Bundle[] {
  if (options.patientIds.length === 0) throw new Error('dayOfWork needs patient ids');
  const random = rng(options.seed ?? 40);
  const encounter = example('Encounter-ceiba-encounter.json');
  const condition = example('Condition-ceiba-condition.json');
  const medication = example('MedicationRequest-ceiba-medication-request.json');
  const vitals = VITALS.map((v) => ({ ...v, resource: example(v.file) }));
  const bundles: Bundle[] = [];
  for (let i = 0; i < CONSULTATIONS; i++) {
    const patient = `Patient/${options.patientIds[i % options.patientIds.length] ?? ''}`;
    const visit = VISITS[Math.floor(random() * VISITS.length)] ?? VISITS[0];
    if (visit === undefined) throw new Error('no visits');
    // 40 consultations from 08:00, one every 12 minutes, each about 10 minutes long.
    const start = 8 * 60 + i * 12;
    const at = (minute: number): string => `${options.day}T${clock(minute)}:00-06:00`;
    const encounterUrn = `urn:uuid:${globalThis.crypto.randomUUID()}`;
    const entries: BundleEntry[] = [];
    const add = (resource: Resource, fullUrl = `urn:uuid:${globalThis.crypto.randomUUID()}`): void => {
      entries.push({ fullUrl, resource, request: { method: 'POST', url: resource.resourceType } });
    };
    add(resourceFrom({
      ...encounter,
      subject: { reference: patient },
      serviceProvider: { reference: `Organization/${options.organizationId}` },
      period: { start: at(start), end: at(start + 10) },
      reasonCode: [{ coding: [{ system: reasonSystem(encounter), code: visit.reason }] }],
    }), encounterUrn);
    for (const vital of vitals) {
      const observation = { ...structuredClone(vital.resource), subject: { reference: patient }, encounter: { reference: encounterUrn }, effectiveDateTime: at(start + 3) } as VitalSign;
      vital.vary(observation, random);
      add(resourceFrom(observation));
    }
    add(resourceFrom({
      ...condition,
      code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10', code: visit.icd10, display: visit.display }], text: visit.display },
      subject: { reference: patient },
      encounter: { reference: encounterUrn },
      recordedDate: options.day,
    }));
    add(resourceFrom({
      ...medication,
      medicationCodeableConcept: { text: visit.medication },
      subject: { reference: patient },
      encounter: { reference: encounterUrn },
      authoredOn: at(start + 9),
      requester: { reference: `Practitioner/${options.practitionerId}` },
      dosageInstruction: [{ text: visit.dosage }],
    }));
    bundles.push({ resourceType: 'Bundle', type: 'transaction', entry: entries });
  }
  return bundles;
}

function example(file: string): Json {
  return JSON.parse(readFileSync(new URL(file, EXAMPLES), 'utf8')) as Json;
}

/** A copy of an edited example without its id (the store assigns one). */
function resourceFrom(edited: Json): Resource {
  const copy = structuredClone(edited);
  delete copy.id;
  return copy as unknown as Resource;
}

function reasonSystem(encounter: Json): string {
  const reason = encounter.reasonCode as { coding?: { system?: string }[] }[] | undefined;
  const system = reason?.[0]?.coding?.[0]?.system;
  if (system === undefined) throw new Error('the Encounter example has no reason system');
  return system;
}

function setValue(o: VitalSign, value: number): void {
  if (o.valueQuantity === undefined) throw new Error('vital sign example without valueQuantity');
  o.valueQuantity.value = value;
}

function setComponent(o: VitalSign, index: number, value: number): void {
  const quantity = o.component?.[index]?.valueQuantity;
  if (quantity === undefined) throw new Error('blood pressure example without components');
  quantity.value = value;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
const clock = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
