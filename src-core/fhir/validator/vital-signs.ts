// FHIR R4 requires an Observation carrying one of the vital-sign codes to conform to the matching
// HL7 vital-signs profile, whether or not it declares it (R4 observation-vitalsigns). The HL7
// validator applies the profile on LOINC codes and on their SNOMED CT equivalents; so does Ceiba.
const HL7 = 'http://hl7.org/fhir/StructureDefinition/';
const LOINC = 'http://loinc.org';
const SNOMED = 'http://snomed.info/sct';

const BY_CODE: Readonly<Record<string, string>> = {
  [`${LOINC}|85353-1`]: 'vitalspanel',
  [`${LOINC}|9279-1`]: 'resprate',
  [`${SNOMED}|86290005`]: 'resprate',
  [`${LOINC}|8867-4`]: 'heartrate',
  [`${SNOMED}|364075005`]: 'heartrate',
  [`${LOINC}|2708-6`]: 'oxygensat',
  [`${LOINC}|59408-5`]: 'oxygensat',
  [`${SNOMED}|431314004`]: 'oxygensat',
  [`${LOINC}|8310-5`]: 'bodytemp',
  [`${SNOMED}|276885007`]: 'bodytemp',
  [`${LOINC}|8302-2`]: 'bodyheight',
  [`${SNOMED}|50373000`]: 'bodyheight',
  [`${LOINC}|9843-4`]: 'headcircum',
  [`${SNOMED}|363812007`]: 'headcircum',
  [`${LOINC}|29463-7`]: 'bodyweight',
  [`${SNOMED}|27113001`]: 'bodyweight',
  [`${LOINC}|39156-5`]: 'bmi',
  [`${SNOMED}|60621009`]: 'bmi',
  [`${LOINC}|85354-9`]: 'bp',
  [`${SNOMED}|75367002`]: 'bp',
};

/** HL7 vital-sign profiles an Observation must conform to because of its code. */
export function impliedVitalSignProfiles(resource: Record<string, unknown>): string[] {
  if (resource.resourceType !== 'Observation') return [];
  const code = resource.code as { coding?: { system?: unknown; code?: unknown }[] } | undefined;
  const out = new Set<string>();
  for (const c of code?.coding ?? []) {
    const name = typeof c.system === 'string' && typeof c.code === 'string' ? BY_CODE[`${c.system}|${c.code}`] : undefined;
    if (name !== undefined) out.add(`${HL7}${name}`);
  }
  return [...out];
}
