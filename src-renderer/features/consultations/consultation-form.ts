// The consultation form as the nurse types it: every value a string exactly as entered (so a
// draft restores what was on screen, half-typed numbers included). consultation-resources.ts turns
// it into FHIR resources; consultation-record.ts turns saved resources back into it for editing.
// Entries loaded from the store keep their resource id, so an edit writes new versions of them.

export const VITAL_KEYS = [
  'weightKg',
  'heightCm',
  'temperatureC',
  'systolic',
  'diastolic',
  'heartRate',
  'respiratoryRate',
  'spo2',
  'headCircumferenceCm',
  'muacCm',
] as const;

export type VitalKey = (typeof VITAL_KEYS)[number];

export type VitalsForm = Record<VitalKey, string>;

/** Lying (length, under 2 years) or standing (height); '' lets the age decide. */
export type PositionChoice = '' | 'recumbent' | 'standing';

export interface DiagnosisEntry {
  /** Stable key for React lists and field ids. */
  readonly key: string;
  readonly code: string;
  readonly display: string;
  /** The saved Condition this entry edits. */
  readonly resourceId?: string;
}

export interface PrescriptionEntry {
  readonly key: string;
  readonly medication: string;
  readonly dose: string;
  readonly frequency: string;
  readonly duration: string;
  readonly resourceId?: string;
}

export interface ImmunizationEntry {
  readonly key: string;
  /** Code in CodeSystem vacuna-gt. */
  readonly vaccineCode: string;
  readonly doseNumber: string;
  readonly lotNumber: string;
  readonly resourceId?: string;
}

export type RequestKind = 'none' | 'referral' | 'teleconsult';
export type DestinationType = 'hospital' | 'centro-salud';
export type RequestPriority = 'routine' | 'urgent';

export interface RequestForm {
  readonly kind: RequestKind;
  /** Referral: the receiving service. */
  readonly destinationType: DestinationType;
  readonly destinationName: string;
  /** Teleconsult: the specialty asked (SNOMED CT code from TELECONSULT_SPECIALTIES). */
  readonly specialty: string;
  readonly priority: RequestPriority;
  /** Why the patient is referred, or the question for the specialist. */
  readonly reason: string;
  /** The saved ServiceRequest (and its Task, for a teleconsult) this request edits. */
  readonly resourceId?: string;
  readonly taskId?: string;
  readonly destinationId?: string;
}

export interface ConsultationForm {
  /** Code in CodeSystem motivo-consulta, or '' when only free text. */
  readonly reasonCode: string;
  readonly reasonText: string;
  readonly vitals: VitalsForm;
  readonly position: PositionChoice;
  readonly findings: string;
  readonly diagnoses: readonly DiagnosisEntry[];
  readonly prescriptions: readonly PrescriptionEntry[];
  readonly immunizations: readonly ImmunizationEntry[];
  readonly notes: string;
  readonly request: RequestForm;
}

/** Specialties a teleconsult can be addressed to (SNOMED CT practice settings, as in ceiba-teleconsult-request). */
export const TELECONSULT_SPECIALTIES = [
  { code: '394537008', display: 'Pediatric specialty' },
  { code: '394585009', display: 'Obstetrics and gynecology' },
  { code: '419192003', display: 'Internal medicine' },
  { code: '394802001', display: 'General medicine' },
  { code: '394582007', display: 'Dermatology' },
] as const;

export type SpecialtyCode = (typeof TELECONSULT_SPECIALTIES)[number]['code'];

export const emptyVitals = (): VitalsForm =>
  Object.fromEntries(VITAL_KEYS.map((key) => [key, ''])) as VitalsForm;

export const emptyRequest = (): RequestForm => ({
  kind: 'none',
  destinationType: 'hospital',
  destinationName: '',
  specialty: '',
  priority: 'routine',
  reason: '',
});

export function emptyConsultationForm(): ConsultationForm {
  return {
    reasonCode: '',
    reasonText: '',
    vitals: emptyVitals(),
    position: '',
    findings: '',
    diagnoses: [],
    prescriptions: [],
    immunizations: [],
    notes: '',
    request: emptyRequest(),
  };
}

/** A form value that came back from storage (a draft): anything not shaped like a form is refused. */
export function parseConsultationForm(value: unknown): ConsultationForm | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const form = value as Partial<ConsultationForm>;
  const strings = (o: unknown, keys: readonly string[]): boolean =>
    typeof o === 'object' && o !== null && keys.every((k) => typeof (o as Record<string, unknown>)[k] === 'string');
  if (!strings(form, ['reasonCode', 'reasonText', 'position', 'findings', 'notes'])) return undefined;
  if (!strings(form.vitals, VITAL_KEYS)) return undefined;
  if (!Array.isArray(form.diagnoses) || !form.diagnoses.every((d) => strings(d, ['key', 'code', 'display']))) return undefined;
  if (!Array.isArray(form.prescriptions) || !form.prescriptions.every((p) => strings(p, ['key', 'medication', 'dose', 'frequency', 'duration'])))
    return undefined;
  if (!Array.isArray(form.immunizations) || !form.immunizations.every((i) => strings(i, ['key', 'vaccineCode', 'doseNumber', 'lotNumber'])))
    return undefined;
  if (!strings(form.request, ['kind', 'destinationType', 'destinationName', 'specialty', 'priority', 'reason'])) return undefined;
  return form as ConsultationForm;
}
