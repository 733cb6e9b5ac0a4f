// Ceiba's own editable list of consultation reasons (resources/terminology/motivos-consulta.json;
// CodeSystem motivo-consulta).
import reasonsJson from '../../../resources/terminology/motivos-consulta.json';
import type { ConsultationReason, ConsultationReasons } from './table-types';

export const CONSULTATION_REASONS = (reasonsJson as ConsultationReasons).reasons;

export function consultationReasonByCode(code: string): ConsultationReason | undefined {
  return CONSULTATION_REASONS.find((r) => r.code === code);
}
