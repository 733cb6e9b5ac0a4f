// The chart model (src-renderer/features/chart/chart-model.ts) from a set of FHIR resources: what
// the chart shows, in which order, and what it leaves out. Pure: no store, no React.
import type { Resource } from '@medplum/fhirtypes';
import { beforeAll, describe, expect, it } from 'vitest';
import { ageInDays } from '../../src-core/clinical/age/age-of';
import type { WhoGrowthTables } from '../../src-core/clinical/growth/growth-tables';
import { lengthHeightForAgeZ, weightForAgeZ, weightForLengthHeightZ } from '../../src-core/clinical/growth/growth-zscore';
import { loadWhoGrowthTables } from '../../src-core/clinical/growth/load-who-growth-tables';
import { CUI_SYSTEM, ICD10_SYSTEM, codeSystemUrl } from '../../src-core/fhir/canonical';
import { VACCINE_SCHEDULE } from '../../src-core/fhir/terminology/vaccine-schedule';
import { buildChartModel, needsGrowthTables, type ChartModel } from '../../src-renderer/features/chart/chart-model';
import { nationalSchedule } from '../../src-renderer/features/chart/national-schedule';

const P = 'nina-1';
const SUBJECT = { reference: `Patient/${P}` };
const TODAY = '2025-11-25';
const BIRTH = '2023-11-20';
const schedule = nationalSchedule(VACCINE_SCHEDULE);
let tables: WhoGrowthTables;

beforeAll(async () => {
  tables = await loadWhoGrowthTables();
});

const patient = (overrides: Record<string, unknown> = {}): Resource =>
  ({
    resourceType: 'Patient',
    id: P,
    identifier: [{ system: CUI_SYSTEM, value: '1234567891601' }],
    name: [{ family: 'Xiloj Tzoc', given: ['Ana', 'Lucía'] }],
    gender: 'female',
    birthDate: BIRTH,
    ...overrides,
  });

const encounter = (id: string, start: string, reason: string, status = 'finished'): Resource =>
  ({
    resourceType: 'Encounter',
    id,
    status,
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
    subject: SUBJECT,
    period: { start },
    reasonCode: [{ coding: [{ system: codeSystemUrl('motivo-consulta'), code: reason }] }],
  }) as Resource;

const quantity = (code: string, loinc: string, value: number, unit: string, date: string, enc: string, extraCodes: string[] = []): Resource =>
  ({
    resourceType: 'Observation',
    id: `${code}-${enc}`,
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
    code: { coding: [{ system: 'http://loinc.org', code: loinc }, ...extraCodes.map((c) => ({ system: 'http://loinc.org', code: c }))] },
    subject: SUBJECT,
    encounter: { reference: `Encounter/${enc}` },
    effectiveDateTime: date,
    valueQuantity: { value, unit, system: 'http://unitsofmeasure.org', code: unit },
  });

const condition = (id: string, code: string, display: string, recorded: string, enc?: string, clinical = 'active', verification = 'confirmed'): Resource =>
  ({
    resourceType: 'Condition',
    id,
    clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: clinical }] },
    verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: verification }] },
    code: { coding: [{ system: ICD10_SYSTEM, code, display }] },
    subject: SUBJECT,
    ...(enc === undefined ? {} : { encounter: { reference: `Encounter/${enc}` } }),
    recordedDate: recorded,
  });

const vaccine = (id: string, code: string, date: string, status = 'completed'): Resource =>
  ({
    resourceType: 'Immunization',
    id,
    status,
    vaccineCode: { coding: [{ system: codeSystemUrl('vacuna-gt'), code }] },
    patient: SUBJECT,
    occurrenceDateTime: date,
  }) as Resource;

const prescription = (id: string, text: string, authoredOn: string, days: number | undefined, status = 'active'): Resource =>
  ({
    resourceType: 'MedicationRequest',
    id,
    status,
    intent: 'order',
    medicationCodeableConcept: { text },
    subject: SUBJECT,
    authoredOn,
    requester: { reference: 'Practitioner/x' },
    dosageInstruction: [
      {
        text: '5 ml cada 8 horas',
        timing: { repeat: { frequency: 1, period: 8, periodUnit: 'h' } },
        doseAndRate: [{ doseQuantity: { value: 5, unit: 'mL', system: 'http://unitsofmeasure.org', code: 'mL' } }],
      },
    ],
    ...(days === undefined ? {} : { dispenseRequest: { expectedSupplyDuration: { value: days, unit: 'días', system: 'http://unitsofmeasure.org', code: 'd' } } }),
  }) as Resource;

/** A two-year-old girl measured at 12, 18 and 24 months, with a diagnosis, medicines and vaccines. */
function child(): Resource[] {
  return [
    patient(),
    encounter('e12', '2024-11-20T09:00:00-06:00', 'control-nino-sano'),
    encounter('e18', '2025-05-20T09:00:00-06:00', 'control-nino-sano'),
    encounter('e24', '2025-11-21T10:00:00-06:00', 'diarrea'),
    encounter('e-void', '2025-11-24T10:00:00-06:00', 'tos', 'entered-in-error'),
    quantity('w', '29463-7', 8.9, 'kg', '2024-11-20T09:10:00-06:00', 'e12'),
    quantity('h', '8302-2', 74.0, 'cm', '2024-11-20T09:10:00-06:00', 'e12', ['8306-3']),
    quantity('w', '29463-7', 9600, 'g', '2025-05-20T09:10:00-06:00', 'e18'),
    quantity('h', '8302-2', 79.5, 'cm', '2025-05-20T09:10:00-06:00', 'e18', ['8306-3']),
    quantity('w', '29463-7', 10.2, 'kg', '2025-11-21T10:10:00-06:00', 'e24'),
    quantity('h', '8302-2', 81.0, 'cm', '2025-11-21T10:10:00-06:00', 'e24', ['8308-9']),
    quantity('t', '8310-5', 38.4, 'Cel', '2025-11-21T10:10:00-06:00', 'e24'),
    condition('dx-diarrea', 'A09', 'Diarrea y gastroenteritis de presunto origen infeccioso', '2025-11-21', 'e24'),
    condition('dx-old', 'J06.9', 'Infección aguda de las vías respiratorias superiores', '2025-05-20', 'e18', 'resolved'),
    condition('dx-wrong', 'J18.9', 'Neumonía', '2025-11-21', 'e24', 'active', 'entered-in-error'),
    prescription('rx-suero', 'Sales de rehidratación oral', '2025-11-21T10:20:00-06:00', 5),
    prescription('rx-old', 'Amoxicilina suspensión', '2025-05-20T09:30:00-06:00', 7),
    prescription('rx-stopped', 'Paracetamol jarabe', '2025-11-21T10:20:00-06:00', undefined, 'stopped'),
    vaccine('v-bcg', 'bcg', '2023-11-21'),
    vaccine('v-penta1', 'pentavalente', '2024-01-22'),
    vaccine('v-penta2', 'pentavalente', '2024-03-25'),
    vaccine('v-penta-void', 'pentavalente', '2024-05-20', 'entered-in-error'),
  ];
}

const build = (resources: readonly Resource[], withTables = true): ChartModel => {
  const model = buildChartModel({ resources, patientId: P, today: TODAY, schedule, ...(withTables ? { growthTables: tables } : {}) });
  if (model === undefined) throw new Error('no chart');
  return model;
};

describe('chart model: header, timeline, problems, medications', () => {
  it('summarises the patient with age on the chart day, CUI and no allergies', () => {
    const { patient: p } = build(child());
    expect(p.fullName).toBe('Ana Lucía Xiloj Tzoc');
    expect(p.cui).toBe('1234567891601');
    expect(p.age).toMatchObject({ years: 2, months: 0, days: 5 });
    expect(p.allergies).toEqual([]);
  });

  it('lists active, non-refuted allergies only', () => {
    const allergy = (id: string, text: string, clinical: string, verification = 'confirmed'): Resource =>
      ({
        resourceType: 'AllergyIntolerance',
        id,
        clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: clinical }] },
        verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification', code: verification }] },
        code: { text },
        patient: SUBJECT,
        reaction: [{ manifestation: [{ text: 'Ronchas' }] }],
      });
    const model = build([...child(), allergy('a1', 'Penicilina', 'active'), allergy('a2', 'Sulfas', 'resolved'), allergy('a3', 'Maní', 'active', 'refuted')]);
    expect(model.patient.allergies).toEqual([{ id: 'a1', substance: 'Penicilina', reactions: ['Ronchas'] }]);
  });

  it('orders the timeline newest first, drops entered-in-error encounters and attaches each encounter’s diagnoses', () => {
    const { timeline } = build(child());
    expect(timeline.map((e) => e.encounterId)).toEqual(['e24', 'e18', 'e12']);
    expect(timeline[0]?.reasons).toEqual(['Diarrea']);
    expect(timeline[0]?.diagnoses.map((d) => d.code)).toEqual(['A09']);
    expect(timeline[1]?.diagnoses.map((d) => d.code)).toEqual(['J06.9']);
    expect(timeline[2]?.diagnoses).toEqual([]);
  });

  it('keeps active problems only (not resolved, not entered in error), with the CIE-10 code and display', () => {
    const { problems } = build(child());
    expect(problems).toEqual([
      { conditionId: 'dx-diarrea', code: 'A09', display: 'Diarrea y gastroenteritis de presunto origen infeccioso', since: '2025-11-21' },
    ]);
  });

  it('lists current medications: active and not past the end of the course, with dose, frequency and duration', () => {
    const { medications } = build(child());
    expect(medications).toHaveLength(1);
    expect(medications[0]).toMatchObject({
      id: 'rx-suero',
      medication: 'Sales de rehidratación oral',
      instructions: '5 ml cada 8 horas',
      dose: { value: 5, unit: 'mL' },
      frequency: { frequency: 1, period: 8, periodUnit: 'h' },
      duration: { value: 5, unit: 'd' },
    });
    // A five-day course started on the 21st ends on the 25th: still current then, not the day after.
    const later = buildChartModel({ resources: child(), patientId: P, today: '2025-11-26', schedule });
    expect(later?.medications).toEqual([]);
  });

  it('lists open referrals and teleconsult requests, newest first, with the CIE-10 reason', () => {
    const request = (id: string, kind: string, status: string, authoredOn: string): Resource =>
      ({
        resourceType: 'ServiceRequest',
        id,
        status,
        intent: 'order',
        category: [{ coding: [{ system: codeSystemUrl('tipo-solicitud'), code: kind }] }],
        subject: SUBJECT,
        authoredOn,
        reasonCode: [{ coding: [{ system: ICD10_SYSTEM, code: 'E44.0', display: 'Desnutrición proteicocalórica moderada' }] }],
      }) as Resource;
    const { requests } = build([
      ...child(),
      request('ref', 'referencia', 'active', '2025-11-21T10:30:00-06:00'),
      request('tc', 'teleconsulta', 'active', '2025-11-22T08:00:00-06:00'),
      request('done', 'referencia', 'completed', '2025-11-23T08:00:00-06:00'),
    ]);
    expect(requests.map((r) => [r.id, r.kind])).toEqual([
      ['tc', 'teleconsult'],
      ['ref', 'referral'],
    ]);
    expect(requests[0]?.reason).toBe('E44.0 Desnutrición proteicocalórica moderada');
  });

  it('ignores resources of other patients and reports an unknown patient as undefined', () => {
    const other = { ...(condition('dx-other', 'B86', 'Escabiosis', '2025-11-21') as object), subject: { reference: 'Patient/otro' } } as Resource;
    expect(build([...child(), other]).problems.map((p) => p.conditionId)).toEqual(['dx-diarrea']);
    expect(buildChartModel({ resources: child(), patientId: 'nadie', today: TODAY, schedule })).toBeUndefined();
  });
});

describe('chart model: vital signs and growth', () => {
  it('builds vital-sign series oldest first, weight in kg whatever the unit recorded', () => {
    const { vitals } = build(child());
    const weight = vitals.find((v) => v.kind === 'weight');
    expect(weight?.points.map((p) => p.value)).toEqual([8.9, 9.6, 10.2]);
    expect(vitals.find((v) => v.kind === 'temperature')?.points.map((p) => p.value)).toEqual([38.4]);
    expect(vitals.some((v) => v.kind === 'blood-pressure')).toBe(false);
  });

  it('asks for the WHO tables only for a child under five with a known sex', () => {
    expect(needsGrowthTables(child(), P, TODAY)).toBe(true);
    expect(needsGrowthTables([patient({ birthDate: '2019-01-01' })], P, TODAY)).toBe(false);
    expect(needsGrowthTables([patient({ gender: 'unknown' })], P, TODAY)).toBe(false);
    expect(build(child(), false).growth).toBeUndefined();
  });

  it('pairs weight and length per encounter and gives each point the z-score of the WHO tables', () => {
    const growth = build(child()).growth;
    if (growth === undefined) throw new Error('no growth');
    expect(growth.measurements.map((m) => m.date)).toEqual(['2024-11-20', '2025-05-20', '2025-11-21']);
    expect(growth.weightForAge.map((p) => p.y)).toEqual([8.9, 9.6, 10.2]);
    const ages = ['2024-11-20', '2025-05-20', '2025-11-21'].map((d) => ageInDays(BIRTH, d) ?? -1);
    expect(growth.weightForAge.map((p) => p.x)).toEqual(ages);
    expect(growth.weightForAge.map((p) => p.z.z)).toEqual([
      weightForAgeZ(tables.weightForAge, 'female', ages[0] ?? 0, 8.9)?.z,
      weightForAgeZ(tables.weightForAge, 'female', ages[1] ?? 0, 9.6)?.z,
      weightForAgeZ(tables.weightForAge, 'female', ages[2] ?? 0, 10.2)?.z,
    ]);
    // 24 months and 1 day (731 days): standing height is the basis, no adjustment; before, lying length.
    expect(ages[2]).toBe(732);
    expect(growth.lengthHeightForAge.map((p) => p.y)).toEqual([74, 79.5, 81]);
    expect(growth.lengthHeightForAge[2]?.z.z).toBe(lengthHeightForAgeZ(tables.lengthHeightForAge, 'female', 732, 81)?.z);
    expect(growth.weightForLength.map((p) => [p.x, p.y])).toEqual([
      [74, 8.9],
      [79.5, 9.6],
    ]);
    expect(growth.weightForHeight.map((p) => [p.x, p.y])).toEqual([[81, 10.2]]);
    expect(growth.weightForHeight[0]?.z.z).toBe(weightForLengthHeightZ(tables, 'female', 10.2, 81, 'height', 732)?.z);
  });

  it('adds 0.7 cm to a standing height under two years, as the standards do', () => {
    const resources = child().map((r) => (r.id === 'h-e18' ? quantity('h', '8302-2', 79.5, 'cm', '2025-05-20T09:10:00-06:00', 'e18', ['8308-9']) : r));
    const growth = build(resources).growth;
    expect(growth?.lengthHeightForAge[1]?.y).toBeCloseTo(80.2, 10);
  });

  it('flags stunting and wasting from the latest measurement in WHO terms', () => {
    const resources = child().map((r) =>
      r.id === 'h-e24' ? quantity('h', '8302-2', 78.0, 'cm', '2025-11-21T10:10:00-06:00', 'e24', ['8308-9']) : r.id === 'w-e24' ? quantity('w', '29463-7', 8.2, 'kg', '2025-11-21T10:10:00-06:00', 'e24') : r,
    );
    const growth = build(resources).growth;
    const codes = growth?.findings.map((f) => f.code) ?? [];
    expect(codes).toContain('stunting');
    expect(codes.some((c) => c === 'underweight' || c === 'severe-underweight')).toBe(true);
    // Healthy measurements: no flag.
    expect(build(child()).growth?.findings).toEqual([]);
  });
});

describe('chart model: immunizations against the national schedule', () => {
  it('marks each dose given, overdue or upcoming on the chart day, with the schedule’s labels', () => {
    const { immunizations } = build(child());
    expect(immunizations.evaluated).toBe(true);
    expect(immunizations.scheduleReviewed).toBe(false); // the transcription is still a draft
    const row = (vaccine: string, dose: number) => immunizations.doses.find((d) => d.vaccineKey === vaccine && d.doseNumber === dose);
    expect(row('bcg', 1)).toMatchObject({ status: 'given', givenOn: '2023-11-21', label: 'Dosis única' });
    expect(row('pentavalente', 1)).toMatchObject({ status: 'given', givenOn: '2024-01-22', label: '1.ª dosis' });
    expect(row('pentavalente', 2)?.status).toBe('given');
    // The third dose record was entered in error: the dose is still missing, months late.
    expect(row('pentavalente', 3)?.status).toBe('overdue');
    expect(row('spr', 1)?.status).toBe('overdue');
    // VPH at 10 years: upcoming for a two-year-old.
    expect(row('vph', 1)?.status).toBe('upcoming');
    // Td (pregnancy) is not in the age-based schedule.
    expect(immunizations.doses.some((d) => d.vaccineKey === 'td')).toBe(false);
    expect(immunizations.recorded.map((r) => r.id)).toEqual(['v-penta2', 'v-penta1', 'v-bcg']);
    expect(immunizations.recorded[0]?.vaccine).toBe('Pentavalente (DPT + Hepatitis B + Hib)');
  });

  it('times a dose given only by its interval (VPH 2) from the first dose', () => {
    const girl = [patient({ birthDate: '2014-06-01' }), vaccine('vph1', 'vph', '2025-09-01')];
    const vph = build(girl).immunizations.doses.filter((d) => d.vaccineKey === 'vph');
    expect(vph.map((d) => d.status)).toEqual(['given', 'upcoming']);
    // 180 days after 01/09/2025.
    expect(vph[1]?.dueDate).toBe('2026-02-28');
  });

  it('does not evaluate the childhood schedule from 15 years, but still lists the vaccines recorded', () => {
    const { immunizations } = build([patient({ birthDate: '1990-03-01' }), vaccine('v-td', 'td', '2025-01-10')]);
    expect(immunizations.evaluated).toBe(false);
    expect(immunizations.doses).toEqual([]);
    expect(immunizations.recorded.map((r) => r.vaccine)).toEqual(['Td (tétanos y difteria)']);
  });
});

describe('chart model: prenatal summary', () => {
  const woman = (): Resource[] => [
    patient({ birthDate: '1998-06-15' }),
    encounter('pn1', '2025-08-12T09:00:00-06:00', 'control-prenatal'),
    encounter('pn2', '2025-10-14T09:00:00-06:00', 'control-prenatal'),
    encounter('old', '2024-02-01T09:00:00-06:00', 'control-prenatal'),
    encounter('flu', '2025-09-01T09:00:00-06:00', 'resfriado'),
    {
      resourceType: 'Observation',
      id: 'fpp',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '11778-8' }] },
      subject: SUBJECT,
      effectiveDateTime: '2025-08-12',
      valueDateTime: '2026-03-10',
    },
    {
      resourceType: 'Observation',
      id: 'pa',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '85354-9' }] },
      subject: SUBJECT,
      encounter: { reference: 'Encounter/pn2' },
      effectiveDateTime: '2025-10-14T09:10:00-06:00',
      component: [
        { code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] }, valueQuantity: { value: 145, code: 'mm[Hg]' } },
        { code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] }, valueQuantity: { value: 92, code: 'mm[Hg]' } },
      ],
    },
  ];

  it('dates the pregnancy from the EDD, counts this pregnancy’s prenatal visits and flags high blood pressure', () => {
    const prenatal = build(woman()).prenatal;
    // EDD 10/03/2026 → week 0 on 03/06/2025; on 25/11/2025 that is 175 days: 25 weeks 0 days.
    expect(prenatal?.gestation).toEqual({ weeks: 25, days: 0 });
    expect(prenatal?.gestationBasis).toBe('edd');
    expect(prenatal?.visits.map((v) => v.encounterId)).toEqual(['pn2', 'pn1']);
    expect(prenatal?.dangerSigns).toEqual([{ kind: 'hypertension', date: '2025-10-14T09:10:00-06:00', systolic: 145, diastolic: 92 }]);
  });

  it('recognises a pregnancy from an active CIE-10 Z34 condition and shows nothing for a man or a non-pregnant woman', () => {
    const z34 = [patient({ birthDate: '1998-06-15' }), condition('emb', 'Z34.9', 'Supervisión de embarazo normal', '2025-09-01')];
    expect(build(z34).prenatal).toEqual({ visits: [], dangerSigns: [] });
    expect(build([patient({ birthDate: '1998-06-15', gender: 'male' }), ...woman().slice(1)]).prenatal).toBeUndefined();
    const notPregnant = {
      resourceType: 'Observation',
      id: 'status',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '82810-3' }] },
      subject: SUBJECT,
      effectiveDateTime: '2025-11-20',
      valueCodeableConcept: { coding: [{ system: 'http://loinc.org', code: 'LA26683-5' }] },
    } as Resource;
    expect(build([...woman(), notPregnant]).prenatal).toBeUndefined();
    expect(build(child()).prenatal).toBeUndefined();
  });
});
