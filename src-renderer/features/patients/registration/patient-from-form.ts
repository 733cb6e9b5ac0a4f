// The checked form as a ceiba-patient resource (fhir-profiles/StructureDefinition/ceiba-patient.json,
// shaped like fhir-profiles/examples/valid/Patient-ceiba-patient.json):
//   name[0]      use official; given names one per item (a particle stays with the next word:
//                "María de los Ángeles" → María, de los Ángeles); family holds both surnames as
//                written, and the HL7 fathers-family / mothers-family extensions on family hold them
//                apart (the first surname is the paternal one by Guatemalan convention)
//   identifier   the CUI (system …/sid/cui, 13 digits) when given
//   address      home: INE department (state) and municipality (district), lugar poblado (city)
//   communication the language, BCP-47 from idioma-gt, preferred
//   extension    pueblo (pueblo-gt)
//   contact      the mother (RoleCode MTH), for infants
import type { Extension, HumanName, Patient, PatientContact } from '@medplum/fhirtypes';
import type { MatchablePatient } from '../../../../src-core/clinical/duplicates/match-profile';
import { CUI_SYSTEM } from '../../../../src-core/fhir/canonical';
import { CEIBA_CODE_SYSTEM, CEIBA_EXTENSION, CEIBA_PROFILE, HL7_EXTENSION } from '../../../../src-core/fhir/profiles/ceiba-urls';
import { languageByCode } from '../../../../src-core/fhir/terminology/languages';
import { puebloByCode } from '../../../../src-core/fhir/terminology/pueblos';
import type { PatientInput } from './patient-form';

export const BCP47_SYSTEM = 'urn:ietf:bcp:47';
export const ROLE_CODE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-RoleCode';

const PARTICLES: ReadonlySet<string> = new Set(['de', 'del', 'la', 'las', 'los', 'y']);

/** Given names as FHIR wants them, one per item, particles joined to the name they introduce. */
export function splitGivenNames(text: string): string[] {
  const out: string[] = [];
  let pending: string[] = [];
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (PARTICLES.has(word.toLowerCase())) {
      pending.push(word);
      continue;
    }
    out.push([...pending, word].join(' '));
    pending = [];
  }
  if (pending.length > 0) {
    // Trailing particles belong to the last name ("María de los").
    const last = out.pop();
    out.push([...(last === undefined ? [] : [last]), ...pending].join(' '));
  }
  return out;
}

function officialName(input: PatientInput): HumanName {
  const parts: Extension[] = [{ url: HL7_EXTENSION.fathersFamily, valueString: input.firstSurname }];
  if (input.secondSurname !== undefined) parts.push({ url: HL7_EXTENSION.mothersFamily, valueString: input.secondSurname });
  const name: HumanName & { _family: { extension: Extension[] } } = {
    use: 'official',
    family: [input.firstSurname, input.secondSurname].filter((s) => s !== undefined).join(' '),
    _family: { extension: parts },
    given: splitGivenNames(input.given),
  };
  return name;
}

function motherContact(mother: NonNullable<PatientInput['mother']>): PatientContact {
  const given = splitGivenNames(mother.given);
  return {
    relationship: [{ coding: [{ system: ROLE_CODE_SYSTEM, code: 'MTH', display: 'mother' }] }],
    name: { family: mother.surnames, ...(given.length === 0 ? {} : { given }) },
  };
}

export function patientFromInput(input: PatientInput, id: string): Patient & { id: string } {
  const pueblo = input.pueblo === undefined ? undefined : puebloByCode(input.pueblo);
  const language = input.language === undefined ? undefined : languageByCode(input.language);
  return {
    resourceType: 'Patient',
    id,
    meta: { profile: [CEIBA_PROFILE.patient] },
    ...(pueblo === undefined
      ? {}
      : { extension: [{ url: CEIBA_EXTENSION.pueblo, valueCoding: { system: CEIBA_CODE_SYSTEM.pueblo, code: pueblo.code, display: pueblo.name } }] }),
    ...(input.cui === undefined ? {} : { identifier: [{ use: 'official', system: CUI_SYSTEM, value: input.cui }] }),
    name: [officialName(input)],
    gender: input.sex,
    birthDate: input.birthDate,
    address: [
      {
        use: 'home',
        ...(input.locality === undefined ? {} : { city: input.locality }),
        district: input.municipality,
        state: input.department,
        country: 'GT',
      },
    ],
    ...(language === undefined
      ? {}
      : { communication: [{ language: { coding: [{ system: BCP47_SYSTEM, code: language.code, display: language.name }] }, preferred: true }] }),
    ...(input.mother === undefined ? {} : { contact: [motherContact(input.mother)] }),
  };
}

/** The person being registered, as duplicate matching compares people. */
export function matchableFromInput(input: PatientInput): MatchablePatient {
  return {
    given: input.given,
    surnames: input.secondSurname === undefined ? [input.firstSurname] : [input.firstSurname, input.secondSurname],
    birthDate: input.birthDate,
    gender: input.sex,
    ...(input.cui === undefined ? {} : { cui: input.cui }),
    municipality: input.municipality,
  };
}
