// Registering a patient: the form's checks (messages per field, the first in error), the form as a
// ceiba-patient that the product validator accepts, when the mother's name is asked, duplicate
// candidates fetched from the store by CUI and birth-date window and sorted into "same CUI" and
// "similar", and the attributed save (Patient + Provenance in one transaction).
import type { Patient, Provenance, Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { cuiCheckDigit } from '../../src-core/clinical/cui';
import { matchableFromPatient } from '../../src-core/clinical/duplicates/match-profile';
import { CUI_SYSTEM } from '../../src-core/fhir/canonical';
import { CEIBA_PROFILE, HL7_EXTENSION } from '../../src-core/fhir/profiles/ceiba-urls';
import { createMemoryStore, type FhirStore, type SearchParams } from '../../src-core/store';
import { birthWindowParams, fetchDuplicateCandidates, findRegisteredDuplicates, selectDuplicates } from '../../src-renderer/features/patients/registration/duplicate-check';
import { motherNameRule } from '../../src-renderer/features/patients/registration/mother-name-rule';
import {
  checkPatientForm,
  EMPTY_PATIENT_FORM,
  firstProblemField,
  type PatientFormValues,
  type PatientInput,
} from '../../src-renderer/features/patients/registration/patient-form';
import { matchableFromInput, patientFromInput, splitGivenNames } from '../../src-renderer/features/patients/registration/patient-from-form';
import { savePatient, saveProblem } from '../../src-renderer/features/patients/registration/save-patient';
import type { Attribution } from '../../src-renderer/session/attribution';
import { postResources } from '../../src-renderer/session/post-resources';
import { userResources } from '../../src-renderer/session/user-resources';
import { CHICOJ } from '../harness/session-accounts';
import { nodeValidator } from '../harness/store-validator-node';

const TODAY = { year: 2026, month: 3, day: 25 };
const validator = nodeValidator();

function cuiFor(serial: string, municipality = '1601'): string {
  const check = cuiCheckDigit(serial);
  if (check === null) throw new Error('serial without a check digit');
  return `${serial}${String(check)}${municipality}`;
}

const MARIA_CUI = cuiFor('24681357');

const MARIA_FORM: PatientFormValues = {
  ...EMPTY_PATIENT_FORM,
  given: '  María ',
  firstSurname: 'Xiloj',
  secondSurname: 'Tzoc',
  sex: 'female',
  birthDate: '15/08/1996',
  cui: `${MARIA_CUI.slice(0, 4)} ${MARIA_CUI.slice(4, 9)} ${MARIA_CUI.slice(9)}`,
  department: '16',
  municipality: '1601',
  locality: 'Aldea Chicoj',
  language: 'kek',
  pueblo: 'maya',
};

function checked(values: PatientFormValues): PatientInput {
  const result = checkPatientForm(values, TODAY);
  if (!result.ok) throw new Error(`form has problems: ${JSON.stringify(result.problems)}`);
  return result.value;
}

describe('checkPatientForm', () => {
  it('an empty form: each required field has its problem, and the first one in screen order takes the focus', () => {
    const result = checkPatientForm(EMPTY_PATIENT_FORM, TODAY);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual({
      given: { problem: 'required' },
      firstSurname: { problem: 'required' },
      sex: { problem: 'required' },
      birthDate: { problem: 'required' },
      department: { problem: 'required' },
      municipality: { problem: 'required' },
    });
    expect(firstProblemField(result.problems)).toBe('given');
  });

  it('a CUI is optional, but a CUI given must pass the RENAP check digit and name a real municipality', () => {
    expect(checkPatientForm({ ...MARIA_FORM, cui: '' }, TODAY).ok).toBe(true);
    const wrongDigit = `${MARIA_CUI.slice(0, 8)}${String((Number(MARIA_CUI[8]) + 1) % 10)}${MARIA_CUI.slice(9)}`;
    const bad = checkPatientForm({ ...MARIA_FORM, cui: wrongDigit }, TODAY);
    expect(bad).toEqual({ ok: false, problems: { cui: { problem: 'cui', code: 'check-digit', digits: 13 } } });
    expect(checkPatientForm({ ...MARIA_FORM, cui: '1234 5678' }, TODAY)).toEqual({ ok: false, problems: { cui: { problem: 'cui', code: 'length', digits: 8 } } });
    expect(checkPatientForm({ ...MARIA_FORM, cui: cuiFor('24681357', '1699') }, TODAY)).toMatchObject({ ok: false, problems: { cui: { code: 'municipality' } } });
  });

  it('a birth date must be dd/mm/aaaa, a real day, not after today, not before 1900', () => {
    const problem = (birthDate: string) => {
      const r = checkPatientForm({ ...MARIA_FORM, birthDate }, TODAY);
      return r.ok ? undefined : r.problems.birthDate;
    };
    expect(problem('1996-08-15')).toEqual({ problem: 'dateFormat' });
    expect(problem('30/02/2020')).toEqual({ problem: 'dateImpossible' });
    expect(problem('26/03/2026')).toEqual({ problem: 'dateFuture' });
    expect(problem('01/01/1899')).toEqual({ problem: 'dateTooOld' });
    expect(problem('25/03/2026')).toBeUndefined();
  });

  it('names take letters, accents, apostrophes and hyphens, not digits; the municipality must be of the department', () => {
    expect(checkPatientForm({ ...MARIA_FORM, given: "Ixchel K'at" }, TODAY).ok).toBe(true);
    expect(checkPatientForm({ ...MARIA_FORM, firstSurname: 'Xiloj2' }, TODAY)).toMatchObject({ ok: false, problems: { firstSurname: { problem: 'nameCharacters' } } });
    expect(checkPatientForm({ ...MARIA_FORM, municipality: '0101' }, TODAY)).toMatchObject({ ok: false, problems: { municipality: { problem: 'unknownCode' } } });
  });

  it('normalizes what it returns: trimmed names, the CUI without spaces, a FHIR birth date', () => {
    expect(checked(MARIA_FORM)).toEqual({
      given: 'María',
      firstSurname: 'Xiloj',
      secondSurname: 'Tzoc',
      sex: 'female',
      birthDate: '1996-08-15',
      cui: MARIA_CUI,
      department: '16',
      municipality: '1601',
      locality: 'Aldea Chicoj',
      language: 'kek',
      pueblo: 'maya',
    });
  });
});

describe("the mother's name", () => {
  it('is required under 1 year, offered under 5, not asked from 5 years or without a birth date', () => {
    expect(motherNameRule({ year: 2026, month: 1, day: 10 }, TODAY)).toBe('required');
    expect(motherNameRule({ year: 2025, month: 3, day: 26 }, TODAY)).toBe('required');
    expect(motherNameRule({ year: 2025, month: 3, day: 25 }, TODAY)).toBe('offered');
    expect(motherNameRule({ year: 2021, month: 3, day: 26 }, TODAY)).toBe('offered');
    expect(motherNameRule({ year: 2021, month: 3, day: 25 }, TODAY)).toBe('hidden');
    expect(motherNameRule(undefined, TODAY)).toBe('hidden');
  });

  it('an infant without the mother is refused; with her, the contact is written', () => {
    const infant: PatientFormValues = { ...MARIA_FORM, cui: '', birthDate: '10/01/2026' };
    expect(checkPatientForm(infant, TODAY)).toEqual({
      ok: false,
      problems: { motherGiven: { problem: 'required' }, motherSurnames: { problem: 'required' } },
    });
    const input = checked({ ...infant, motherGiven: 'Juana', motherSurnames: 'Tzoc Caal' });
    expect(input.mother).toEqual({ given: 'Juana', surnames: 'Tzoc Caal' });
    // Typed for an older person: not asked, so not recorded.
    expect(checked({ ...MARIA_FORM, motherGiven: 'Juana', motherSurnames: 'Tzoc' }).mother).toBeUndefined();
  });
});

describe('patientFromInput', () => {
  it('writes a ceiba-patient like the profile example, which the product validator accepts', () => {
    const patient = patientFromInput(checked(MARIA_FORM), 'p-maria');
    expect(patient).toEqual({
      resourceType: 'Patient',
      id: 'p-maria',
      meta: { profile: [CEIBA_PROFILE.patient] },
      extension: [
        { url: 'https://ceiba.mspas.gob.gt/fhir/StructureDefinition/pueblo', valueCoding: { system: 'https://ceiba.mspas.gob.gt/fhir/CodeSystem/pueblo-gt', code: 'maya', display: 'Maya' } },
      ],
      identifier: [{ use: 'official', system: CUI_SYSTEM, value: MARIA_CUI }],
      name: [
        {
          use: 'official',
          family: 'Xiloj Tzoc',
          _family: {
            extension: [
              { url: HL7_EXTENSION.fathersFamily, valueString: 'Xiloj' },
              { url: HL7_EXTENSION.mothersFamily, valueString: 'Tzoc' },
            ],
          },
          given: ['María'],
        },
      ],
      gender: 'female',
      birthDate: '1996-08-15',
      address: [{ use: 'home', city: 'Aldea Chicoj', district: '1601', state: '16', country: 'GT' }],
      communication: [{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'kek', display: "Q'eqchi'" }] }, preferred: true }],
    });
    expect(validator.validate(patient).filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('a minimal infant with the mother only is valid too', () => {
    const infant = checked({
      ...EMPTY_PATIENT_FORM,
      given: 'Recién nacido',
      firstSurname: 'Caal',
      sex: 'male',
      birthDate: '01/03/2026',
      department: '16',
      municipality: '1601',
      motherGiven: 'María',
      motherSurnames: 'Caal Xol',
    });
    const patient = patientFromInput(infant, 'p-rn');
    expect(patient.contact).toEqual([
      { relationship: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'MTH', display: 'mother' }] }], name: { family: 'Caal Xol', given: ['María'] } },
    ]);
    expect(validator.validate(patient).filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('keeps particles with the name they introduce', () => {
    expect(splitGivenNames('María de los Ángeles')).toEqual(['María', 'de los Ángeles']);
    expect(splitGivenNames('Juan  José')).toEqual(['Juan', 'José']);
    expect(splitGivenNames('Ana de')).toEqual(['Ana de']);
  });

  it('reads back as the same person for duplicate matching', () => {
    const input = checked(MARIA_FORM);
    expect(matchableFromPatient(patientFromInput(input, 'p-maria'))).toEqual({ id: 'p-maria', ...matchableFromInput(input), given: ['María'] });
  });
});

// ---- duplicates --------------------------------------------------------------------------------

const registeredMaria = (id: string, birthDate = '1996-08-15', cui = MARIA_CUI): Patient & { id: string } =>
  patientFromInput(checked({ ...MARIA_FORM, birthDate: birthDate.split('-').reverse().join('/'), cui }), id);

async function registerWith(patients: readonly Resource[]): Promise<FhirStore> {
  const store = createMemoryStore({ validator });
  for (const p of patients) await store.update(p);
  return store;
}

/** Records each search the duplicate check makes. */
function spied(store: FhirStore): { store: Pick<FhirStore, 'search'>; searches: SearchParams[] } {
  const searches: SearchParams[] = [];
  return {
    searches,
    store: {
      search: (type, params) => {
        searches.push(params ?? {});
        return store.search(type, params);
      },
    },
  };
}

describe('duplicate candidates', () => {
  const others: Patient[] = [
    registeredMaria('maria-2005', '2005-08-15', cuiFor('13572468')),
    patientFromInput(checked({ ...MARIA_FORM, given: 'Pedro', firstSurname: 'Pop', secondSurname: 'Choc', sex: 'male', cui: '' }), 'pedro'),
    patientFromInput(checked({ ...MARIA_FORM, given: 'Ana', firstSurname: 'Caal', secondSurname: 'Xol', birthDate: '20/01/1997', cui: '' }), 'ana'),
  ];

  it('"Maria Xiloc Tzoc" born the same day finds "María Xiloj Tzoc", not her namesake born nine years later', async () => {
    const store = await registerWith([registeredMaria('maria'), ...others]);
    const probe = matchableFromInput(checked({ ...MARIA_FORM, given: 'Maria', firstSurname: 'Xiloc', cui: '' }));
    const findings = await findRegisteredDuplicates(store, probe);
    expect(findings.sameCui).toEqual([]);
    expect(findings.similar.map((s) => s.patient.id)).toEqual(['maria']);
    expect(findings.similar[0]?.likelihood).toBe('probable');
    expect(findings.similar[0]?.reasons).toEqual(expect.arrayContaining(['similar-surnames', 'birth-same-date', 'same-municipality']));
  });

  it('finds swapped surnames, and a birth date with day and month swapped', async () => {
    const store = await registerWith([registeredMaria('maria', '1996-03-12'), ...others]);
    const swapped = matchableFromInput(checked({ ...MARIA_FORM, firstSurname: 'Tzoc', secondSurname: 'Xiloj', birthDate: '12/03/1996', cui: '' }));
    expect((await findRegisteredDuplicates(store, swapped)).similar.map((s) => [s.patient.id, s.reasons])).toEqual([
      ['maria', expect.arrayContaining(['swapped-surnames', 'birth-same-date'])],
    ]);
    const dayMonth = matchableFromInput(checked({ ...MARIA_FORM, birthDate: '03/12/1996', cui: '' }));
    expect((await findRegisteredDuplicates(store, dayMonth)).similar.map((s) => [s.patient.id, s.reasons])).toEqual([
      ['maria', expect.arrayContaining(['birth-day-month-swapped'])],
    ]);
  });

  it('the same CUI is a hard stop whatever the name and birth date say', async () => {
    const store = await registerWith([registeredMaria('maria'), ...others]);
    const probe = matchableFromInput(checked({ ...MARIA_FORM, given: 'Rosa', firstSurname: 'Choc', secondSurname: 'Pop', birthDate: '01/01/1970' }));
    const findings = await findRegisteredDuplicates(store, probe);
    expect(findings.sameCui.map((p) => p.id)).toEqual(['maria']);
    expect(findings.similar).toEqual([]);
  });

  it('fetches by CUI and by a birth-date window of a year each side, never the whole register', async () => {
    const { store, searches } = spied(await registerWith([registeredMaria('maria'), ...others]));
    const probe = matchableFromInput(checked(MARIA_FORM));
    const fetched = await fetchDuplicateCandidates(store, probe);
    expect(searches).toEqual([
      { identifier: `${CUI_SYSTEM}|${MARIA_CUI}`, _count: '1000' },
      { birthdate: ['ge1995-08-15', 'le1997-08-16'], _count: '1000' },
    ]);
    // Pedro and Ana were born in the window; the María of 2005 was not and is not even opened.
    expect(fetched.map((p) => p.id).sort()).toEqual(['ana', 'maria', 'pedro']);
    expect(birthWindowParams('1996')).toEqual({ birthdate: ['ge1995', 'le1997'], _count: '1000' });
  });

  it('a different person born the same day is not a candidate', () => {
    const probe = matchableFromInput(checked({ ...MARIA_FORM, given: 'Juana', firstSurname: 'Pop', secondSurname: 'Caal', cui: '' }));
    expect(selectDuplicates(probe, [registeredMaria('maria'), ...others])).toEqual({ sameCui: [], similar: [] });
  });
});

describe('savePatient', () => {
  const WHO: Attribution = { practitionerId: 'p-rosa', organizationId: 'org-chicoj', locationId: 'loc-chicoj' };
  let n = 0;
  const deps = { ids: { uuid: () => `prov-${String(++n)}` }, clock: { now: () => new Date('2026-03-25T15:00:00Z') } };

  async function postStore(): Promise<FhirStore> {
    const post = postResources(CHICOJ.post, { organizationId: WHO.organizationId, locationId: WHO.locationId });
    const admin = userResources(
      { userId: 'rosa.caal', given: 'Rosa', family: 'Caal Xol', role: 'admin', position: 'enfermera-profesional' },
      { practitionerId: WHO.practitionerId, practitionerRoleId: 'r-rosa', organizationId: WHO.organizationId, locationId: WHO.locationId },
    );
    return registerWith([post.organization, post.location, admin.practitioner, admin.practitionerRole]);
  }

  it('writes the Patient and a Provenance naming the signed-in user, in one transaction', async () => {
    const store = await postStore();
    await savePatient(store, registeredMaria('maria'), WHO, deps);
    expect((await store.read('Patient', 'maria')).name?.[0]?.family).toBe('Xiloj Tzoc');
    const provenances: Provenance[] = (await store.search('Provenance', { target: 'Patient/maria' })).resources;
    expect(provenances).toHaveLength(1);
    expect(provenances[0]).toMatchObject({
      activity: { coding: [{ code: 'CREATE' }] },
      agent: [{ who: { reference: 'Practitioner/p-rosa' }, onBehalfOf: { reference: 'Organization/org-chicoj' } }],
      location: { reference: 'Location/loc-chicoj' },
    });
  });

  it('a record the store refuses writes nothing, and its Spanish message lands on the field at fault', async () => {
    const store = await postStore();
    const bad = { ...registeredMaria('maria'), identifier: [{ use: 'official' as const, system: CUI_SYSTEM, value: '12345' }] };
    const err: unknown = await savePatient(store, bad, WHO, deps).then(
      () => undefined,
      (e: unknown) => e,
    );
    const problem = saveProblem(err);
    expect(problem.field).toBe('cui');
    expect(problem.message).toMatch(/CUI|13/);
    expect(problem.diagnostics).not.toContain('12345');
    expect((await store.search('Patient', {})).total).toBe(0);
    expect((await store.search('Provenance', {})).total).toBe(0);
  });
});
