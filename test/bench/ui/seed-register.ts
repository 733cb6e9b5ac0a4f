// A health post's register for the UI benchmark: N patients with Guatemalan names (the generator
// of the duplicate-detection tests, test/core/clinical-duplicate-dataset.ts), shaped like the
// registration screen's Patients (ceiba-patient: official name with both surnames, gender, birth
// date, municipality, a valid CUI for about half the adults), as transaction bundles of PUTs.
import type { Bundle, Patient } from '@medplum/fhirtypes';
import { cuiCheckDigit } from '../../../src-core/clinical';
import { CEIBA_PROFILE } from '../../../src-core/fhir/profiles/ceiba-urls';
import { generateRegister, mulberry32, type Person } from '../../core/clinical-duplicate-dataset';

const CUI_SYSTEM = 'https://ceiba.mspas.gob.gt/fhir/sid/cui';

/** A valid CUI for the person's municipality (serial derived from the id; the check digit computed). */
function validCui(person: Person, n: number): string | undefined {
  if (person.cui === undefined) return undefined;
  for (let serial = n * 7919; ; serial += 1) {
    const text = String(serial % 1e8).padStart(8, '0');
    const check = cuiCheckDigit(text);
    if (check !== null) return `${text}${String(check)}${person.municipality}`;
  }
}

export function patientOf(person: Person, n: number): Patient & { id: string } {
  const cui = validCui(person, n);
  return {
    resourceType: 'Patient',
    id: `bench-${String(n).padStart(6, '0')}`,
    meta: { profile: [CEIBA_PROFILE.patient] },
    ...(cui === undefined ? {} : { identifier: [{ use: 'official', system: CUI_SYSTEM, value: cui }] }),
    name: [{ use: 'official', family: person.surnames.join(' '), given: [...person.given] }],
    gender: person.gender,
    birthDate: person.birthDate,
    address: [{ use: 'home', district: person.municipality, state: person.municipality.slice(0, 2), country: 'GT' }],
  };
}

/** The register as transaction bundles of `perBundle` PUTs each. */
export function registerBundles(size: number, perBundle: number, seed = 7): { bundles: Bundle[]; patients: (Patient & { id: string })[] } {
  const patients = generateRegister(mulberry32(seed), size).map((person, n) => patientOf(person, n));
  const bundles: Bundle[] = [];
  for (let i = 0; i < patients.length; i += perBundle) {
    bundles.push({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: patients.slice(i, i + perBundle).map((resource) => ({ resource, request: { method: 'PUT', url: `Patient/${resource.id}` } })),
    });
  }
  return { bundles, patients };
}
