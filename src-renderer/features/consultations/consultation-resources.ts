// Form → FHIR: the resources of one consultation, each per its ceiba-* profile (shapes as in
// fhir-profiles/examples/valid), all referencing the patient and the Encounter. Pure: ids and
// times come from the caller. For an edit (`previous`), every resource keeps its id and only
// what changed is written, as a new version; what the nurse removed is written once more with
// status entered-in-error (FHIR's way to withdraw a record without erasing its history).
import type {
  CodeableConcept,
  Condition,
  Encounter,
  Immunization,
  MedicationRequest,
  Observation,
  Organization,
  Quantity,
  Reference,
  Resource,
  ServiceRequest,
  Task,
} from '@medplum/fhirtypes';
import { CEIBA_CODE_SYSTEM, CEIBA_PROFILE } from '../../../src-core/fhir/profiles/ceiba-urls';
import { ICD10_SYSTEM } from '../../../src-core/fhir/canonical';
import { consultationReasonByCode, scheduledVaccineByCode } from '../../../src-core/fhir/terminology';
import type { Ids } from '../../../src-core/platform/ids';
import type { WrittenResource } from '../../session/attribution';
import { TELECONSULT_SPECIALTIES, type ConsultationForm, type PositionChoice, type VitalKey } from './consultation-form';
import { BODY_LENGTH_LYING, BP_COMPONENTS, parseDecimal, VITAL_OBSERVATIONS, VITALS } from './vital-signs';

export const LOINC = 'http://loinc.org';
export const UCUM = 'http://unitsofmeasure.org';
const OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';
const ACT_CODE = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
const CONDITION_CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const CONDITION_VER_STATUS = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';
const CONDITION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/condition-category';
const TASK_CODE = 'http://hl7.org/fhir/CodeSystem/task-code';
const SNOMED = 'http://snomed.info/sct';
/** Separates dose, frequency and duration in dosageInstruction.text (and splits them back). */
export const DOSAGE_SEPARATOR = ' · ';

/** Under this age a child is measured lying down (length), as the WHO standards assume. */
const LENGTH_UNTIL_DAYS = 731;

export interface SavedConsultation {
  readonly encounter: Encounter & { id: string };
  /** The current versions of everything else recorded in it. */
  readonly resources: readonly WrittenResource[];
}

export interface ConsultationContext {
  readonly patientId: string;
  readonly encounterId: string;
  readonly practitionerId: string;
  readonly organizationId: string;
  /** Encounter.period.start, and the time of every measurement and order of the consultation. */
  readonly start: string;
  /** Encounter.period.end (when it was saved). */
  readonly end: string;
  /** Whole days since birth, to tell length from height when the nurse did not say. */
  readonly ageInDays?: number;
  readonly ids: Ids;
  readonly previous?: SavedConsultation;
}

const vitalCategory = (): CodeableConcept[] => [
  { coding: [{ system: OBSERVATION_CATEGORY, code: 'vital-signs', display: 'Vital Signs' }] },
];

const quantity = (value: number, key: VitalKey): Quantity => ({
  value,
  unit: VITALS[key].unit,
  system: UCUM,
  code: VITALS[key].ucum,
});

/** The measuring position actually used: the nurse's choice, else by age (lying under 2 years). */
export function effectivePosition(choice: PositionChoice, ageInDays: number | undefined): 'recumbent' | 'standing' {
  if (choice !== '') return choice;
  return ageInDays !== undefined && ageInDays < LENGTH_UNTIL_DAYS ? 'recumbent' : 'standing';
}

type SingleVital = Exclude<VitalKey, 'systolic' | 'diastolic'>;
const SINGLE_VITALS: readonly SingleVital[] = ['weightKg', 'heightCm', 'temperatureC', 'heartRate', 'respiratoryRate', 'spo2', 'headCircumferenceCm', 'muacCm'];

/** LOINC code identifying a vital's Observation (blood pressure: the panel). */
export const vitalLoinc = (key: SingleVital | 'bloodPressure'): string => VITAL_OBSERVATIONS[key].loinc;

function observation(
  key: SingleVital | 'bloodPressure',
  id: string,
  ctx: ConsultationContext,
  body: Pick<Observation, 'valueQuantity' | 'component'>,
  extraCoding: NonNullable<Observation['code']['coding']> = [],
): Observation & { id: string } {
  const def = VITAL_OBSERVATIONS[key];
  return {
    resourceType: 'Observation',
    id,
    meta: { profile: [def.profile] },
    status: 'final',
    category: vitalCategory(),
    code: { coding: [{ system: LOINC, code: def.loinc, display: def.display }, ...extraCoding] },
    subject: { reference: `Patient/${ctx.patientId}` },
    encounter: { reference: `Encounter/${ctx.encounterId}` },
    effectiveDateTime: ctx.start,
    ...body,
  };
}

/** The current (not withdrawn) resource of `type` in the previous consultation that `match` picks. */
function previousOf<T extends Resource>(ctx: ConsultationContext, type: T['resourceType'], match: (r: T) => boolean): (T & { id: string }) | undefined {
  // The resourceType test makes the cast true.
  return ctx.previous?.resources.find((r) => r.resourceType === type && match(r as unknown as T) && !withdrawn(r)) as (T & { id: string }) | undefined;
}

/** Resource types withdrawn by status = entered-in-error (Condition uses its verificationStatus). */
type StatusWithdrawn = Observation | MedicationRequest | Immunization | ServiceRequest | Task;
const STATUS_WITHDRAWN: ReadonlySet<string> = new Set(['Observation', 'MedicationRequest', 'Immunization', 'ServiceRequest', 'Task']);
const hasWithdrawableStatus = (resource: Resource): resource is StatusWithdrawn => STATUS_WITHDRAWN.has(resource.resourceType);

export function withdrawn(resource: Resource): boolean {
  if (resource.resourceType === 'Condition') return resource.verificationStatus?.coding?.some((c) => c.code === 'entered-in-error') ?? false;
  return hasWithdrawableStatus(resource) && resource.status === 'entered-in-error';
}

const hasLoinc = (code: string) => (o: Observation): boolean => o.code.coding?.some((c) => c.system === LOINC && c.code === code) ?? false;

function vitalObservations(form: ConsultationForm, ctx: ConsultationContext): (Observation & { id: string })[] {
  const out: (Observation & { id: string })[] = [];
  const idFor = (key: SingleVital | 'bloodPressure'): string => previousOf<Observation>(ctx, 'Observation', hasLoinc(vitalLoinc(key)))?.id ?? ctx.ids.uuid();
  for (const key of SINGLE_VITALS) {
    const value = parseDecimal(form.vitals[key]);
    if (value === undefined || Number.isNaN(value)) continue;
    const lying = key === 'heightCm' && effectivePosition(form.position, ctx.ageInDays) === 'recumbent';
    const extra = lying ? [{ system: LOINC, code: BODY_LENGTH_LYING.loinc, display: BODY_LENGTH_LYING.display }] : [];
    out.push(observation(key, idFor(key), ctx, { valueQuantity: quantity(value, key) }, extra));
  }
  const systolic = parseDecimal(form.vitals.systolic);
  const diastolic = parseDecimal(form.vitals.diastolic);
  if (systolic !== undefined && diastolic !== undefined && !Number.isNaN(systolic) && !Number.isNaN(diastolic)) {
    out.push(
      observation('bloodPressure', idFor('bloodPressure'), ctx, {
        component: [
          { code: { coding: [{ system: LOINC, code: BP_COMPONENTS.systolic.loinc, display: BP_COMPONENTS.systolic.display }] }, valueQuantity: quantity(systolic, 'systolic') },
          { code: { coding: [{ system: LOINC, code: BP_COMPONENTS.diastolic.loinc, display: BP_COMPONENTS.diastolic.display }] }, valueQuantity: quantity(diastolic, 'diastolic') },
        ],
      }),
    );
  }
  return out;
}

function encounterOf(form: ConsultationForm, ctx: ConsultationContext): Encounter & { id: string } {
  const reason = form.reasonCode === '' ? undefined : consultationReasonByCode(form.reasonCode);
  const reasonText = form.reasonText.trim();
  const reasonCode: CodeableConcept[] =
    reason === undefined && reasonText === ''
      ? []
      : [
          {
            ...(reason === undefined ? {} : { coding: [{ system: CEIBA_CODE_SYSTEM.motivoConsulta, code: reason.code, display: reason.name }] }),
            ...(reasonText === '' ? {} : { text: reasonText }),
          },
        ];
  const previous = ctx.previous?.encounter;
  return {
    resourceType: 'Encounter',
    id: ctx.encounterId,
    meta: { profile: [CEIBA_PROFILE.encounter] },
    status: 'finished',
    class: { system: ACT_CODE, code: 'AMB' },
    subject: { reference: `Patient/${ctx.patientId}` },
    participant: previous?.participant ?? [{ individual: { reference: `Practitioner/${ctx.practitionerId}` } }],
    period: previous?.period ?? { start: ctx.start, end: ctx.end },
    serviceProvider: previous?.serviceProvider ?? { reference: `Organization/${ctx.organizationId}` },
    ...(reasonCode.length === 0 ? {} : { reasonCode }),
  };
}

/**
 * The examination findings and the notes: R4's Encounter has no element for either, so each is an
 * Observation with a LOINC narrative code and the text as valueString (category exam), referencing
 * the patient and the Encounter like every other record of the consultation.
 */
export const TEXT_OBSERVATIONS = {
  findings: { loinc: '29545-1', display: 'Physical findings Narrative' },
  notes: { loinc: '48767-8', display: 'Annotation comment [Interpretation] Narrative' },
} as const;

function textObservations(form: ConsultationForm, ctx: ConsultationContext): (Observation & { id: string })[] {
  return (['findings', 'notes'] as const).flatMap((key) => {
    const text = form[key].trim();
    if (text === '') return [];
    const { loinc, display } = TEXT_OBSERVATIONS[key];
    return [
      {
        resourceType: 'Observation' as const,
        id: previousOf<Observation>(ctx, 'Observation', hasLoinc(loinc))?.id ?? ctx.ids.uuid(),
        status: 'final' as const,
        category: [{ coding: [{ system: OBSERVATION_CATEGORY, code: 'exam', display: 'Exam' }] }],
        code: { coding: [{ system: LOINC, code: loinc, display }] },
        subject: { reference: `Patient/${ctx.patientId}` },
        encounter: { reference: `Encounter/${ctx.encounterId}` },
        effectiveDateTime: ctx.start,
        performer: previousOf<Observation>(ctx, 'Observation', hasLoinc(loinc))?.performer ?? [{ reference: `Practitioner/${ctx.practitionerId}` }],
        valueString: text,
      },
    ];
  });
}

function conditions(form: ConsultationForm, ctx: ConsultationContext): (Condition & { id: string })[] {
  const recordedDate = ctx.start.slice(0, 10);
  return form.diagnoses.map((dx) => {
    const previous = dx.resourceId === undefined ? undefined : previousOf<Condition>(ctx, 'Condition', (c) => c.id === dx.resourceId);
    return {
      resourceType: 'Condition',
      id: previous?.id ?? ctx.ids.uuid(),
      meta: { profile: [CEIBA_PROFILE.condition] },
      clinicalStatus: previous?.clinicalStatus ?? { coding: [{ system: CONDITION_CLINICAL, code: 'active' }] },
      verificationStatus: { coding: [{ system: CONDITION_VER_STATUS, code: 'confirmed' }] },
      category: [{ coding: [{ system: CONDITION_CATEGORY, code: 'encounter-diagnosis' }] }],
      code: { coding: [{ system: ICD10_SYSTEM, code: dx.code, display: dx.display }], text: dx.display },
      subject: { reference: `Patient/${ctx.patientId}` },
      encounter: { reference: `Encounter/${ctx.encounterId}` },
      recordedDate: previous?.recordedDate ?? recordedDate,
      recorder: previous?.recorder ?? { reference: `Practitioner/${ctx.practitionerId}` },
    };
  });
}

/** "1 tableta · cada 8 horas · por 5 días" (the parts the nurse typed, in order, blanks left out). */
export const dosageText = (dose: string, frequency: string, duration: string): string =>
  [dose, frequency, duration].map((s) => s.trim()).filter((s) => s !== '').join(DOSAGE_SEPARATOR);

function medicationRequests(form: ConsultationForm, ctx: ConsultationContext): (MedicationRequest & { id: string })[] {
  return form.prescriptions.map((rx) => {
    const previous = rx.resourceId === undefined ? undefined : previousOf<MedicationRequest>(ctx, 'MedicationRequest', (m) => m.id === rx.resourceId);
    return {
      resourceType: 'MedicationRequest',
      id: previous?.id ?? ctx.ids.uuid(),
      meta: { profile: [CEIBA_PROFILE.medicationRequest] },
      status: 'active',
      intent: 'order',
      medicationCodeableConcept: { text: rx.medication.trim() },
      subject: { reference: `Patient/${ctx.patientId}` },
      encounter: { reference: `Encounter/${ctx.encounterId}` },
      authoredOn: previous?.authoredOn ?? ctx.start,
      requester: previous?.requester ?? { reference: `Practitioner/${ctx.practitionerId}` },
      dosageInstruction: [{ text: dosageText(rx.dose, rx.frequency, rx.duration) }],
    };
  });
}

function immunizations(form: ConsultationForm, ctx: ConsultationContext): (Immunization & { id: string })[] {
  return form.immunizations.map((vx) => {
    const previous = vx.resourceId === undefined ? undefined : previousOf<Immunization>(ctx, 'Immunization', (i) => i.id === vx.resourceId);
    const vaccine = scheduledVaccineByCode(vx.vaccineCode);
    const dose = vx.doseNumber.trim();
    const lot = vx.lotNumber.trim();
    return {
      resourceType: 'Immunization',
      id: previous?.id ?? ctx.ids.uuid(),
      meta: { profile: [CEIBA_PROFILE.immunization] },
      status: 'completed',
      vaccineCode: { coding: [{ system: CEIBA_CODE_SYSTEM.vacuna, code: vx.vaccineCode, ...(vaccine === undefined ? {} : { display: vaccine.name }) }] },
      patient: { reference: `Patient/${ctx.patientId}` },
      encounter: { reference: `Encounter/${ctx.encounterId}` },
      occurrenceDateTime: previous?.occurrenceDateTime ?? ctx.start,
      primarySource: true,
      ...(lot === '' ? {} : { lotNumber: lot }),
      performer: [{ actor: { reference: `Practitioner/${ctx.practitionerId}` } }],
      ...(dose === '' ? {} : { protocolApplied: [{ series: 'Esquema nacional', doseNumberPositiveInt: Number(dose) }] }),
    };
  });
}

const ORGANIZATION_TYPE = CEIBA_CODE_SYSTEM.tipoEstablecimiento;

/** The request (referral or teleconsult) with what it needs: the receiving service or the coordination Task. */
function requestResources(form: ConsultationForm, ctx: ConsultationContext, conditionsOut: readonly Condition[]): WrittenResource[] {
  const { request } = form;
  const kind = request.kind;
  if (kind === 'none') return [];
  const previous =
    request.resourceId === undefined
      ? undefined
      : previousOf<ServiceRequest>(ctx, 'ServiceRequest', (s) => s.id === request.resourceId && s.category?.[0]?.coding?.[0]?.code === categoryCode(kind));
  const id = previous?.id ?? ctx.ids.uuid();
  const common = {
    resourceType: 'ServiceRequest' as const,
    id,
    status: 'active' as const,
    intent: 'order' as const,
    subject: { reference: `Patient/${ctx.patientId}` },
    encounter: { reference: `Encounter/${ctx.encounterId}` },
    authoredOn: previous?.authoredOn ?? ctx.start,
    requester: previous?.requester ?? { reference: `Practitioner/${ctx.practitionerId}` },
    priority: request.priority,
    note: [{ text: request.reason.trim() }],
  };
  const category = [{ coding: [{ system: CEIBA_CODE_SYSTEM.tipoSolicitud, code: categoryCode(kind) }] }];
  if (kind === 'referral') {
    const organizationId = request.destinationId ?? ctx.ids.uuid();
    const destination: Organization & { id: string } = {
      resourceType: 'Organization',
      id: organizationId,
      meta: { profile: [CEIBA_PROFILE.organization] },
      type: [{ coding: [{ system: ORGANIZATION_TYPE, code: request.destinationType }] }],
      name: request.destinationName.trim(),
    };
    const referral: ServiceRequest & { id: string } = {
      ...common,
      meta: { profile: [CEIBA_PROFILE.referral] },
      category,
      performer: [{ reference: `Organization/${organizationId}`, display: destination.name ?? '' }],
      reasonCode: conditionsOut.map((c) => ({ coding: (c.code?.coding ?? []).map((k) => ({ ...k })) })),
      reasonReference: conditionsOut.map((c): Reference<Condition> => ({ reference: `Condition/${c.id ?? ''}` })),
    };
    // A receiving service already on record is referenced as it is; a new one is written with it.
    return request.destinationId === undefined ? [destination, referral] : [referral];
  }
  const specialty = TELECONSULT_SPECIALTIES.find((s) => s.code === request.specialty);
  const teleconsult: ServiceRequest & { id: string } = {
    ...common,
    meta: { profile: [CEIBA_PROFILE.teleconsultRequest] },
    category,
    performerType: { coding: [{ system: SNOMED, code: request.specialty, ...(specialty === undefined ? {} : { display: specialty.display }) }] },
    ...(conditionsOut.length === 0 ? {} : { reasonCode: conditionsOut.map((c) => ({ coding: (c.code?.coding ?? []).map((k) => ({ ...k })) })) }),
  };
  const previousTask = previousOf<Task>(ctx, 'Task', (t) => t.focus?.reference === `ServiceRequest/${id}`);
  const task: Task & { id: string } = {
    resourceType: 'Task',
    id: previousTask?.id ?? request.taskId ?? ctx.ids.uuid(),
    meta: { profile: [CEIBA_PROFILE.teleconsultTask] },
    status: previousTask?.status ?? 'requested',
    intent: 'order',
    priority: request.priority,
    code: { coding: [{ system: TASK_CODE, code: 'fulfill' }] },
    focus: { reference: `ServiceRequest/${id}` },
    for: { reference: `Patient/${ctx.patientId}` },
    encounter: { reference: `Encounter/${ctx.encounterId}` },
    authoredOn: previousTask?.authoredOn ?? ctx.start,
    requester: previousTask?.requester ?? { reference: `Practitioner/${ctx.practitionerId}` },
    ...(previousTask?.owner === undefined ? {} : { owner: previousTask.owner }),
  };
  return [teleconsult, task];
}

const categoryCode = (kind: 'referral' | 'teleconsult'): string => (kind === 'referral' ? 'referencia' : 'teleconsulta');

/** A previous resource the form no longer has, withdrawn (a new version with status entered-in-error). */
function withdraw(resource: WrittenResource): WrittenResource {
  if (resource.resourceType === 'Condition') {
    const copy: Condition & { id: string } = { ...resource, verificationStatus: { coding: [{ system: CONDITION_VER_STATUS, code: 'entered-in-error' }] } };
    // con-5: no clinicalStatus on a Condition entered in error.
    delete copy.clinicalStatus;
    return copy;
  }
  return hasWithdrawableStatus(resource) ? { ...resource, status: 'entered-in-error' } : resource;
}

/** Key-order-independent JSON, for telling whether a rebuilt resource differs from its saved version. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([k, v]) => k !== 'meta' && v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The resource without the store's meta (versionId, lastUpdated), its profiles kept. */
function stripMeta(resource: WrittenResource, profile: readonly string[] | undefined): WrittenResource {
  const copy: WrittenResource = { ...resource };
  delete copy.meta;
  if (profile !== undefined && profile.length > 0) copy.meta = { profile: [...profile] };
  return copy;
}

/**
 * The resources to write for this form: for a new consultation all of them (Encounter first); for an
 * edit only the new, changed and withdrawn ones. Every resource references the patient and the Encounter.
 */
export function consultationResources(form: ConsultationForm, ctx: ConsultationContext): WrittenResource[] {
  const encounter = encounterOf(form, ctx);
  const conditionList = conditions(form, ctx);
  const built: WrittenResource[] = [
    encounter,
    ...vitalObservations(form, ctx),
    ...textObservations(form, ctx),
    ...conditionList,
    ...medicationRequests(form, ctx),
    ...immunizations(form, ctx),
    ...requestResources(form, ctx, conditionList),
  ];
  const previous = ctx.previous;
  if (previous === undefined) return built;

  const before = new Map<string, WrittenResource>([[`Encounter/${previous.encounter.id}`, previous.encounter], ...previous.resources.map((r) => [`${r.resourceType}/${r.id}`, r] as const)]);
  const keep = new Set(built.map((r) => `${r.resourceType}/${r.id}`));
  const changed = built.filter((r) => {
    const old = before.get(`${r.resourceType}/${r.id}`);
    return old === undefined || canonical(old) !== canonical(r);
  });
  const removed = previous.resources
    .filter((r) => !keep.has(`${r.resourceType}/${r.id}`) && !withdrawn(r) && r.resourceType !== 'Organization' && r.resourceType !== 'Provenance')
    .map((r) => stripMeta(withdraw(r), r.meta?.profile));
  // The Encounter is the consultation's head: any edit gives it a new version too, so its history
  // lists every edit of the consultation.
  const edited = changed.length + removed.length > 0 && !changed.some((r) => r.resourceType === 'Encounter');
  return edited ? [encounter, ...changed, ...removed] : [...changed, ...removed];
}
