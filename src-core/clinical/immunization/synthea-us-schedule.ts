// EXAMPLE DATA, NOT THE GUATEMALAN SCHEDULE. The US (CDC/ACIP-style) routine schedule that the
// Synthea patient generator uses, converted by scripts/clinical/build.ts (see
// resources/clinical/immunization/synthea-us-schedule.json.SOURCE.md). It exists because it is the
// only schedule data available to the project; it lets the status logic run against the Synthea
// test patients. The MSPAS schedule must replace it before any nurse relies on the status shown.
import scheduleJson from '../../../resources/clinical/immunization/synthea-us-schedule.json';
import type { ImmunizationSchedule } from './immunization-schedule';

export const SYNTHEA_US_SCHEDULE = scheduleJson as ImmunizationSchedule;
