// Vital signs and anthropometry, each derived from the HL7 R4 vital-signs profile for it (so a
// Ceiba observation is also a valid FHIR vital sign) and adding what health posts need: the
// encounter, a Ceiba patient, a date-time, and the units MSPAS records in.
import type { ElementDefinition } from '@medplum/fhirtypes';
import { CEIBA_PROFILE } from '../../../src-core/fhir/profiles/ceiba-urls';
import { el, hl7, invariant, reference, required, slice, valueSlicing, type ProfileSpec } from '../dsl';

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';

function common(): ElementDefinition[] {
  return [
    el('Observation.subject', { type: reference(CEIBA_PROFILE.patient) }),
    el('Observation.encounter', { min: 1, mustSupport: true, type: reference(CEIBA_PROFILE.encounter) }),
    el('Observation.effective[x]', { type: [{ code: 'dateTime' }] }),
  ];
}

/** Restricts the valueQuantity slice of an HL7 vital-sign profile to the given UCUM units and range. */
function quantity(key: string, units: string[], low: number, high: number): ElementDefinition {
  const unitTest = units.map((u) => `code = '${u}'`).join(' or ');
  return el('Observation.value[x]:valueQuantity', {
    constraint: [
      invariant(
        key,
        `Unidad ${units.join(' o ')} y valor entre ${low} y ${high}`,
        `(${unitTest}) and (value.empty() or (value > ${low} and value < ${high}))`,
      ),
    ],
  });
}

interface VitalSign {
  readonly id: string;
  readonly url: string;
  readonly base: string;
  readonly title: string;
  readonly what: string;
  readonly key: string;
  readonly units: string[];
  readonly low: number;
  readonly high: number;
}

const SIMPLE: VitalSign[] = [
  { id: 'ceiba-bodyweight', url: CEIBA_PROFILE.bodyWeight, base: 'bodyweight', title: 'Peso', what: 'Body weight', key: 'gt-vs-peso', units: ['kg', 'g'], low: 0, high: 400000 },
  { id: 'ceiba-bodyheight', url: CEIBA_PROFILE.bodyHeight, base: 'bodyheight', title: 'Talla', what: 'Body height or length', key: 'gt-vs-talla', units: ['cm'], low: 20, high: 250 },
  { id: 'ceiba-bodytemp', url: CEIBA_PROFILE.bodyTemperature, base: 'bodytemp', title: 'Temperatura', what: 'Body temperature', key: 'gt-vs-temp', units: ['Cel'], low: 25, high: 45 },
  { id: 'ceiba-heartrate', url: CEIBA_PROFILE.heartRate, base: 'heartrate', title: 'Frecuencia cardiaca', what: 'Heart rate', key: 'gt-vs-fc', units: ['/min'], low: 0, high: 300 },
  { id: 'ceiba-resprate', url: CEIBA_PROFILE.respiratoryRate, base: 'resprate', title: 'Frecuencia respiratoria', what: 'Respiratory rate', key: 'gt-vs-fr', units: ['/min'], low: 0, high: 150 },
  { id: 'ceiba-oxygensat', url: CEIBA_PROFILE.oxygenSaturation, base: 'oxygensat', title: 'Saturación de oxígeno', what: 'Oxygen saturation', key: 'gt-vs-spo2', units: ['%'], low: 0, high: 101 },
  { id: 'ceiba-headcircum', url: CEIBA_PROFILE.headCircumference, base: 'headcircum', title: 'Circunferencia cefálica', what: 'Head circumference', key: 'gt-vs-pc', units: ['cm'], low: 15, high: 80 },
];

const simpleProfiles: ProfileSpec[] = SIMPLE.map((v) => ({
  id: v.id,
  url: v.url,
  name: v.id
    .split('-')
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join(''),
  title: `${v.title} (Ceiba)`,
  description: `${v.what} measured at a health post, based on the HL7 R4 ${v.base} profile.`,
  kind: 'resource',
  type: 'Observation',
  baseDefinition: hl7(v.base),
  elements: [...common(), quantity(v.key, v.units, v.low, v.high)],
  keyConstraints: [
    `based on ${hl7(v.base)}`,
    'encounter 1..1 (ceiba-encounter), subject ceiba-patient, effectiveDateTime',
    `${v.key}: unit ${v.units.join(' or ')}, value in (${v.low}, ${v.high})`,
  ],
}));

const bloodPressure: ProfileSpec = {
  id: 'ceiba-bp',
  url: CEIBA_PROFILE.bloodPressure,
  name: 'CeibaBp',
  title: 'Presión arterial (Ceiba)',
  description: 'Blood pressure (systolic and diastolic components) measured at a health post, based on the HL7 R4 bp profile.',
  kind: 'resource',
  type: 'Observation',
  baseDefinition: hl7('bp'),
  elements: [
    ...common(),
    el('Observation.component', {
      constraint: [
        invariant(
          'gt-vs-pa',
          'Presión en mm[Hg] entre 20 y 300',
          "value.ofType(Quantity).all(code = 'mm[Hg]' and (value.empty() or (value > 20 and value < 300)))",
        ),
      ],
    }),
  ],
  keyConstraints: [`based on ${hl7('bp')}`, 'encounter 1..1, subject ceiba-patient, effectiveDateTime', 'gt-vs-pa: components in mm[Hg], 20..300'],
};

const armCircumference: ProfileSpec = {
  id: 'ceiba-muac',
  url: CEIBA_PROFILE.armCircumference,
  name: 'CeibaMuac',
  title: 'Circunferencia media del brazo (Ceiba)',
  description:
    'Mid-upper-arm circumference (LOINC 56072-2), the acute-malnutrition screen for children 6-59 months. There is no HL7 core profile for it, so it is based on the vitalsigns profile.',
  kind: 'resource',
  type: 'Observation',
  baseDefinition: hl7('vitalsigns'),
  elements: [
    valueSlicing('Observation.code.coding', 'value', 'code', 'system'),
    slice('Observation.code.coding', 'MUACCode', { min: 1, max: '1' }),
    el('Observation.code.coding:MUACCode.system', { min: 1, fixedUri: LOINC }),
    el('Observation.code.coding:MUACCode.code', { min: 1, fixedCode: '56072-2' }),
    ...common(),
    el('Observation.value[x]', {
      type: [{ code: 'Quantity' }],
      constraint: [invariant('gt-vs-cmb', 'Valor entre 5 y 60 cm', 'value.empty() or (value > 5 and value < 60)')],
    }),
    required('Observation.value[x].value'),
    required('Observation.value[x].unit'),
    required('Observation.value[x].system', { fixedUri: UCUM }),
    required('Observation.value[x].code', { fixedCode: 'cm' }),
  ],
  keyConstraints: [
    `based on ${hl7('vitalsigns')}`,
    'code.coding:MUACCode 1..1 = LOINC 56072-2',
    'valueQuantity in cm (UCUM), 5..60 (gt-vs-cmb)',
    'encounter 1..1, subject ceiba-patient, effectiveDateTime',
  ],
};

export const vitalSignProfiles: ProfileSpec[] = [...simpleProfiles, bloodPressure, armCircumference];
