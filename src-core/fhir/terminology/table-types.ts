// Row shapes of the compact terminology tables in resources/terminology/*.json, written by
// scripts/terminology/build.ts (departments, municipalities, languages, pueblos, CIE-10) or edited by
// an administrator (vaccine schedule, consultation reasons). Keys are English, values Spanish.

/** A department (INE code '01'..'22'). */
export interface Department {
  readonly code: string;
  readonly name: string;
}

/** A municipality: 4-digit INE code (department code + 2-digit number within it, e.g. '1601'). */
export interface Municipality {
  readonly code: string;
  readonly name: string;
  /** Code of its department ('16'). */
  readonly department: string;
}

export type LanguageGroup = 'espanol' | 'maya' | 'xinka' | 'garifuna';

/** A language spoken in Guatemala; `code` is its BCP-47 tag ('es', 'quc', 'agu-x-chalchit'). */
export interface Language {
  readonly code: string;
  readonly iso6393: string;
  /** Spanish name (ALMG spelling for Mayan languages). */
  readonly name: string;
  /** ISO 639-3 reference name (English). */
  readonly isoName: string;
  /** Name of the language in itself, where the source data has one. */
  readonly autonym?: string;
  readonly group: LanguageGroup;
}

/** A "pueblo de pertenencia" category of the 2018 census. */
export interface Pueblo {
  readonly code: string;
  readonly name: string;
  readonly censusOrder: number;
}

/** One CIE-10 row: dotted code ('J18.9') and Spanish display. */
export type Cie10Row = readonly [code: string, display: string];

/** UCUM units used for ages in the schedule: days, months, years. */
export type AgeUnit = 'd' | 'mo' | 'a';

export interface VaccineDose {
  /** Spanish label shown to the nurse ('1.ª dosis', 'Refuerzo', 'Td2'). */
  readonly label: string;
  /** Recommended age; absent where the dose is timed only by its interval (Td in pregnancy). */
  readonly age?: { readonly value: number; readonly unit: AgeUnit };
  /** Minimum days since the previous dose of the same series. */
  readonly minIntervalDays?: number;
  readonly note?: string;
}

export type VaccinePopulation = 'ninez' | 'adolescencia' | 'embarazo';

export interface ScheduledVaccine {
  readonly code: string;
  readonly name: string;
  readonly protectsAgainst: string;
  readonly population: VaccinePopulation;
  readonly cvx?: {
    readonly code: string;
    readonly display: string;
    readonly equivalence: 'equivalent' | 'inexact';
    readonly note?: string;
  };
  readonly doses: readonly VaccineDose[];
}

export interface VaccineSchedule {
  readonly schemaVersion: 1;
  /** 'draft' until an administrator has checked it against the current MSPAS Lineamientos. */
  readonly status: 'draft' | 'active';
  readonly reviewed: null | { readonly by: string; readonly date: string; readonly document: string };
  readonly vaccines: readonly ScheduledVaccine[];
}

export type ConsultationReasonCategory = 'preventivo' | 'morbilidad' | 'otro';

export interface ConsultationReason {
  readonly code: string;
  readonly name: string;
  readonly category: ConsultationReasonCategory;
  /** A CIE-10 code the form may suggest (never applied without the clinician). */
  readonly suggestedCie10?: string;
}

export interface ConsultationReasons {
  readonly schemaVersion: 1;
  readonly reasons: readonly ConsultationReason[];
}
