// Every check the consultation form runs before saving, as field id → problem, so each message is
// shown next to its field. Pure. The profiles (checked by the store on import) stay the authority;
// these are the first line and the plausibility layer the profiles do not have.
import { CONSULTATION_REASONS, scheduledVaccineByCode } from '../../../src-core/fhir/terminology';
import type { ConsultationForm } from './consultation-form';
import { checkVitals, type VitalProblemName } from './vital-signs';

/** Names of the messages under consultationsArea.problems. */
export type FormProblemName =
  | VitalProblemName
  | 'reasonRequired'
  | 'unknownReason'
  | 'medicationRequired'
  | 'doseRequired'
  | 'frequencyRequired'
  | 'vaccineRequired'
  | 'unknownVaccine'
  | 'doseNumber'
  | 'destinationRequired'
  | 'requestReasonRequired'
  | 'referralNeedsDiagnosis'
  | 'specialtyRequired';

export interface FormProblem {
  /** The id of the field the message goes under (see fieldId). */
  readonly field: string;
  readonly severity: 'error' | 'warning';
  readonly problem: FormProblemName;
  readonly params?: Readonly<Record<string, string | number>>;
}

/** Field ids, shared by the form (id attributes) and the checks. */
export const fieldId = {
  reason: 'consulta-motivo',
  reasonText: 'consulta-motivo-texto',
  vital: (key: string): string => `consulta-signo-${key}`,
  diagnosisSearch: 'consulta-diagnostico-buscar',
  medication: (key: string): string => `consulta-receta-${key}-medicamento`,
  dose: (key: string): string => `consulta-receta-${key}-dosis`,
  frequency: (key: string): string => `consulta-receta-${key}-frecuencia`,
  duration: (key: string): string => `consulta-receta-${key}-duracion`,
  vaccine: (key: string): string => `consulta-vacuna-${key}-vacuna`,
  doseNumber: (key: string): string => `consulta-vacuna-${key}-dosis`,
  lot: (key: string): string => `consulta-vacuna-${key}-lote`,
  requestKind: 'consulta-solicitud-tipo',
  destinationType: 'consulta-referencia-tipo',
  destinationName: 'consulta-referencia-destino',
  specialty: 'consulta-teleconsulta-especialidad',
  priority: 'consulta-solicitud-prioridad',
  requestReason: 'consulta-solicitud-motivo',
} as const;

const blank = (text: string): boolean => text.trim() === '';

export function checkConsultation(form: ConsultationForm, ageMonths: number | undefined): FormProblem[] {
  const problems: FormProblem[] = [];
  const error = (field: string, problem: FormProblemName, params?: Readonly<Record<string, string | number>>): void => {
    problems.push({ field, severity: 'error', problem, ...(params === undefined ? {} : { params }) });
  };

  if (form.reasonCode === '' && blank(form.reasonText)) error(fieldId.reason, 'reasonRequired');
  if (form.reasonCode !== '' && !CONSULTATION_REASONS.some((r) => r.code === form.reasonCode)) error(fieldId.reason, 'unknownReason');

  for (const p of checkVitals(form.vitals, ageMonths)) {
    problems.push({ field: fieldId.vital(p.field), severity: p.severity, problem: p.problem, ...(p.params === undefined ? {} : { params: p.params }) });
  }

  for (const rx of form.prescriptions) {
    if (blank(rx.medication)) error(fieldId.medication(rx.key), 'medicationRequired');
    if (blank(rx.dose)) error(fieldId.dose(rx.key), 'doseRequired');
    if (blank(rx.frequency)) error(fieldId.frequency(rx.key), 'frequencyRequired');
  }

  for (const vx of form.immunizations) {
    if (vx.vaccineCode === '') error(fieldId.vaccine(vx.key), 'vaccineRequired');
    else if (scheduledVaccineByCode(vx.vaccineCode) === undefined) error(fieldId.vaccine(vx.key), 'unknownVaccine');
    if (!blank(vx.doseNumber) && !/^[1-9]\d?$/.test(vx.doseNumber.trim())) error(fieldId.doseNumber(vx.key), 'doseNumber');
  }

  const { request } = form;
  switch (request.kind) {
    case 'none':
      break;
    case 'referral':
      if (blank(request.destinationName)) error(fieldId.destinationName, 'destinationRequired');
      if (blank(request.reason)) error(fieldId.requestReason, 'requestReasonRequired');
      // ceiba-referral needs its reason as CIE-10: the consultation's diagnoses.
      if (form.diagnoses.length === 0) error(fieldId.diagnosisSearch, 'referralNeedsDiagnosis');
      break;
    case 'teleconsult':
      if (request.specialty === '') error(fieldId.specialty, 'specialtyRequired');
      if (blank(request.reason)) error(fieldId.requestReason, 'requestReasonRequired');
      break;
  }
  return problems;
}

export const blocksSaving = (problems: readonly FormProblem[]): boolean => problems.some((p) => p.severity === 'error');
