// The national vaccination schedule as an editable transcription (resources/terminology/
// esquema-vacunacion.json): `status` stays 'draft' and `reviewed` null until an administrator has
// checked it against the current MSPAS Lineamientos; the UI should say so while it is a draft.
import scheduleJson from '../../../resources/terminology/esquema-vacunacion.json';
import type { ScheduledVaccine, VaccineSchedule } from './table-types';

export const VACCINE_SCHEDULE = scheduleJson as VaccineSchedule;

export function scheduledVaccineByCode(code: string): ScheduledVaccine | undefined {
  return VACCINE_SCHEDULE.vaccines.find((v) => v.code === code);
}
