// Current medications: MedicationRequests with status 'active' whose course has not ended on the
// chart's day (authoredOn + the duration, when a duration is recorded). The printed instruction
// (dosageInstruction.text, required by the profile) is kept beside the structured dose, frequency
// and duration, which a prescription may or may not carry.
import type { Duration, MedicationRequest, Quantity } from '@medplum/fhirtypes';
import { addCalendarMonths, addDays, compareCalendarDates, parseCalendarDate, type CalendarDate } from '../../../src-core/clinical/age/calendar-date';
import { conceptText } from './fhir-codings';
import { instantOf } from './encounter-timeline';

export type TimeUnit = 's' | 'min' | 'h' | 'd' | 'wk' | 'mo' | 'a';

export interface MedicationEntry {
  readonly id: string;
  readonly medication: string;
  readonly instructions?: string;
  readonly dose?: { readonly value: number; readonly unit: string };
  /** `frequency` times every `period` `periodUnit`. */
  readonly frequency?: { readonly frequency: number; readonly period: number; readonly periodUnit: TimeUnit };
  readonly duration?: { readonly value: number; readonly unit: TimeUnit };
  readonly authoredOn?: string;
}

const TIME_UNITS: readonly string[] = ['s', 'min', 'h', 'd', 'wk', 'mo', 'a'];
const asTimeUnit = (code: string | undefined): TimeUnit | undefined =>
  code !== undefined && TIME_UNITS.includes(code) ? (code as TimeUnit) : undefined;

function durationOf(request: MedicationRequest): MedicationEntry['duration'] {
  const repeat = request.dosageInstruction?.[0]?.timing?.repeat;
  const candidates: (Duration | undefined)[] = [request.dispenseRequest?.expectedSupplyDuration, repeat?.boundsDuration];
  if (repeat?.duration !== undefined) candidates.push({ value: repeat.duration, ...(repeat.durationUnit === undefined ? {} : { code: repeat.durationUnit }) });
  for (const d of candidates) {
    const unit = asTimeUnit(d?.code ?? d?.unit);
    if (d?.value !== undefined && unit !== undefined) return { value: d.value, unit };
  }
  return undefined;
}

function doseOf(request: MedicationRequest): MedicationEntry['dose'] {
  const quantity: Quantity | undefined = request.dosageInstruction?.[0]?.doseAndRate?.[0]?.doseQuantity;
  if (quantity?.value === undefined) return undefined;
  return { value: quantity.value, unit: quantity.unit ?? quantity.code ?? '' };
}

function frequencyOf(request: MedicationRequest): MedicationEntry['frequency'] {
  const repeat = request.dosageInstruction?.[0]?.timing?.repeat;
  const periodUnit = asTimeUnit(repeat?.periodUnit);
  if (repeat?.period === undefined || periodUnit === undefined) return undefined;
  return { frequency: repeat.frequency ?? 1, period: repeat.period, periodUnit };
}

/** The last day of the course, when both the start and a whole-day duration are known. */
export function courseEnd(start: CalendarDate, duration: NonNullable<MedicationEntry['duration']>): CalendarDate | undefined {
  switch (duration.unit) {
    case 'd':
      return addDays(start, Math.ceil(duration.value) - 1);
    case 'wk':
      return addDays(start, Math.ceil(duration.value * 7) - 1);
    case 'mo':
      return addDays(addCalendarMonths(start, Math.ceil(duration.value)), -1);
    case 'a':
      return addDays(addCalendarMonths(start, Math.ceil(duration.value * 12)), -1);
    case 's':
    case 'min':
    case 'h':
      return start;
  }
}

export function medicationEntry(request: MedicationRequest): MedicationEntry {
  const dose = doseOf(request);
  const frequency = frequencyOf(request);
  const duration = durationOf(request);
  const instructions = request.dosageInstruction?.[0]?.text;
  return {
    id: request.id ?? '',
    medication: conceptText(request.medicationCodeableConcept) ?? request.medicationReference?.display ?? '',
    ...(instructions === undefined ? {} : { instructions }),
    ...(dose === undefined ? {} : { dose }),
    ...(frequency === undefined ? {} : { frequency }),
    ...(duration === undefined ? {} : { duration }),
    ...(request.authoredOn === undefined ? {} : { authoredOn: request.authoredOn }),
  };
}

export function currentMedications(requests: readonly MedicationRequest[], today: string): MedicationEntry[] {
  const day = parseCalendarDate(today);
  return requests
    .filter((r) => r.status === 'active')
    .map(medicationEntry)
    .filter((entry) => {
      const start = entry.authoredOn === undefined ? undefined : parseCalendarDate(entry.authoredOn);
      const end = start === undefined || entry.duration === undefined ? undefined : courseEnd(start, entry.duration);
      return end === undefined || day === undefined || compareCalendarDates(end, day) >= 0;
    })
    .sort((a, b) => instantOf(b.authoredOn) - instantOf(a.authoredOn) || a.id.localeCompare(b.id));
}
