// Converts Synthea's immunization_schedule.json (US routine schedule: a CVX coding and the ages in
// months of each dose per vaccine) to the schedule format of
// src-core/clinical/immunization/immunization-schedule.ts. What is kept, dropped and added is listed
// in the SOURCE.md the build writes beside the result.
import {
  checkImmunizationSchedule,
  type ImmunizationSchedule,
  type ScheduledVaccine,
} from '../../src-core/clinical/immunization/immunization-schedule';

/**
 * Overdue window of every dose in the derived schedule. Synthea has none (it only simulates
 * on-time vaccination); this is Ceiba's placeholder so that "overdue" means something in tests and
 * demos, not a clinical rule. The MSPAS schedule must set its own.
 */
export const PLACEHOLDER_OVERDUE_AFTER_DAYS = 30;

interface SyntheaEntry {
  readonly code?: { readonly system?: unknown; readonly code?: unknown; readonly display?: unknown };
  readonly at_months?: unknown;
}

export function deriveSyntheaSchedule(json: string): ImmunizationSchedule {
  const source = JSON.parse(json) as Record<string, SyntheaEntry>;
  const vaccines: ScheduledVaccine[] = Object.entries(source).map(([key, entry]) => {
    const { system, code, display } = entry.code ?? {};
    if (typeof system !== 'string' || typeof code !== 'string' || typeof display !== 'string') {
      throw new Error(`synthea schedule: ${key} has no complete code`);
    }
    const months = entry.at_months;
    if (!Array.isArray(months) || months.some((m) => typeof m !== 'number' || !Number.isInteger(m) || m < 0)) {
      throw new Error(`synthea schedule: ${key}.at_months must be non-negative integers`);
    }
    return {
      key,
      display,
      codes: [{ system, code, display }],
      doses: (months as number[]).map((value) => ({ age: { value, unit: 'mo' as const } })),
    };
  });
  const schedule: ImmunizationSchedule = {
    schemaVersion: 1,
    id: 'synthea-us-routine',
    title: 'US routine schedule as simulated by Synthea (example data; NOT the MSPAS schedule)',
    authoritative: false,
    defaultOverdueAfterDays: PLACEHOLDER_OVERDUE_AFTER_DAYS,
    vaccines,
  };
  const issues = checkImmunizationSchedule(schedule);
  if (issues.length > 0) throw new Error(`derived schedule is invalid: ${issues.map((i) => i.diagnostics).join('; ')}`);
  return schedule;
}
