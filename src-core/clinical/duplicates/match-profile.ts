// What duplicate matching compares about a person, folded once so that a search over thousands
// of registered patients does not normalize their names again for every candidate.
import type { HumanName, Patient } from '@medplum/fhirtypes';
import { CUI_SYSTEM } from '../../fhir/canonical';
import { HL7_EXTENSION } from '../../fhir/profiles/ceiba-urls';
import { tokenize } from '../../fhir/terminology/normalize-text';
import { parseCalendarDate, toDayNumber, type CalendarDate } from '../age/calendar-date';
import { phoneticKey } from './phonetic-key';

/** A person as typed in the registration form, or as read from a stored Patient. */
export interface MatchablePatient {
  readonly id?: string;
  /** Given names as written ('María Elena' or ['María', 'Elena']). */
  readonly given: string | readonly string[];
  /** Surnames as written: one string with both ('Xiloj Tzoc') or [first, second]. */
  readonly surnames: string | readonly string[];
  /** FHIR date: YYYY, YYYY-MM or YYYY-MM-DD. */
  readonly birthDate?: string;
  /** FHIR administrative gender. */
  readonly gender?: string;
  readonly cui?: string;
  /** INE municipality code (4 digits, e.g. '1601'). */
  readonly municipality?: string;
}

export interface NameToken {
  /** Folded spelling (lower case, no accents or apostrophes). */
  readonly text: string;
  readonly key: string;
}

export interface MatchProfile {
  readonly patient: MatchablePatient;
  readonly given: readonly NameToken[];
  /** At most two: first (paternal) and second (maternal) surname. */
  readonly surnames: readonly NameToken[];
  readonly birth?: CalendarDate;
  /** Day number of `birth` (for a quick window test). */
  readonly birthDay?: number;
  readonly birthYear?: number;
  readonly cui?: string;
  readonly municipality?: string;
  readonly gender?: 'male' | 'female';
}

// Particles that belong to the next word of a compound name: "De León", "de la Cruz", "María de los
// Ángeles". Joined to it, so "De León" is one surname ("deleon") whether or not it was capitalized.
const PARTICLES = new Set(['de', 'del', 'la', 'las', 'los', 'y', 'san', 'santa']);
// Abbreviations common on handwritten and typed registers.
const ABBREVIATIONS: ReadonlyMap<string, string> = new Map([
  ['ma', 'maria'],
  ['fco', 'francisco'],
]);

function nameTokens(parts: string | readonly string[]): NameToken[] {
  const words = (typeof parts === 'string' ? [parts] : parts).flatMap(tokenize);
  const joined: string[] = [];
  let pending = '';
  for (const word of words) {
    if (PARTICLES.has(word)) {
      pending += word;
      continue;
    }
    joined.push(pending + (ABBREVIATIONS.get(word) ?? word));
    pending = '';
  }
  if (pending !== '') joined.push(pending);
  return joined.map((text) => ({ text, key: phoneticKey(text) }));
}

export function matchProfile(patient: MatchablePatient): MatchProfile {
  const birthYear = patient.birthDate === undefined ? undefined : Number(/^(\d{4})/.exec(patient.birthDate)?.[1] ?? Number.NaN);
  const birth = patient.birthDate === undefined ? undefined : parseCalendarDate(patient.birthDate);
  const cui = patient.cui?.replace(/[\s-]/g, '');
  const gender = patient.gender === 'male' || patient.gender === 'female' ? patient.gender : undefined;
  return {
    patient,
    given: nameTokens(patient.given),
    surnames: nameTokens(patient.surnames).slice(0, 2),
    ...(birth === undefined ? {} : { birth, birthDay: toDayNumber(birth) }),
    ...(birthYear === undefined || Number.isNaN(birthYear) ? {} : { birthYear }),
    ...(cui === undefined || cui === '' ? {} : { cui }),
    ...(patient.municipality === undefined || patient.municipality === '' ? {} : { municipality: patient.municipality }),
    ...(gender === undefined ? {} : { gender }),
  };
}

type NameWithFamilyParts = HumanName & { _family?: { extension?: { url: string; valueString?: string }[] } };

function surnamesOf(name: NameWithFamilyParts): string | string[] {
  const parts = name._family?.extension ?? [];
  const part = (url: string): string | undefined => parts.find((e) => e.url === url)?.valueString;
  const fathers = part(HL7_EXTENSION.fathersFamily);
  const mothers = part(HL7_EXTENSION.mothersFamily);
  if (fathers !== undefined) return mothers === undefined ? [fathers] : [fathers, mothers];
  return name.family ?? '';
}

/** Reads a (Ceiba-profiled) Patient: official name, CUI identifier, municipality of the home address. */
export function matchableFromPatient(patient: Patient): MatchablePatient {
  const names = patient.name ?? [];
  const name: NameWithFamilyParts = names.find((n) => n.use === 'official') ?? names[0] ?? {};
  const cui = patient.identifier?.find((i) => i.system === CUI_SYSTEM)?.value;
  const address = patient.address?.find((a) => a.use === 'home') ?? patient.address?.[0];
  return {
    ...(patient.id === undefined ? {} : { id: patient.id }),
    given: name.given ?? [],
    surnames: surnamesOf(name),
    ...(patient.birthDate === undefined ? {} : { birthDate: patient.birthDate }),
    ...(patient.gender === undefined ? {} : { gender: patient.gender }),
    ...(cui === undefined ? {} : { cui }),
    ...(address?.district === undefined ? {} : { municipality: address.district }),
  };
}
