// The consultation form → FHIR mapping (src-renderer/features/consultations): every resource valid
// against its ceiba-* profile with the LOINC codes and UCUM units of the examples, all referencing
// the patient and the Encounter, imported as one attributed transaction (all or nothing); an edit
// writing new versions of the same resources; the read-back into the form; plausibility checks.
import type { Bundle, Condition, Encounter, MedicationRequest, Observation, Patient, Provenance, Resource, ServiceRequest, Task } from '@medplum/fhirtypes';
import { beforeEach, describe, expect, it } from 'vitest';
import { ceibaValidator } from '../../src-core/fhir/validator';
import { createMemoryStore, type FhirStore } from '../../src-core/store';
import { attributedTransaction, type Attribution } from '../../src-renderer/session/attribution';
import { postResources } from '../../src-renderer/session/post-resources';
import { userResources } from '../../src-renderer/session/user-resources';
import { checkConsultation, blocksSaving, fieldId } from '../../src-renderer/features/consultations/consultation-checks';
import { emptyConsultationForm, parseConsultationForm, type ConsultationForm } from '../../src-renderer/features/consultations/consultation-form';
import { formOfConsultation, loadConsultation, splitDosage } from '../../src-renderer/features/consultations/consultation-record';
import { consultationResources, type ConsultationContext } from '../../src-renderer/features/consultations/consultation-resources';
import { consultationTransaction, saveConsultation } from '../../src-renderer/features/consultations/save-consultation';
import { checkVitals, parseDecimal } from '../../src-renderer/features/consultations/vital-signs';
import { rejectionOf } from '../harness/encryption-vault';
import { CHICOJ } from '../harness/session-accounts';

const WHO: Attribution = { practitionerId: 'p-rosa', organizationId: 'org-chicoj', locationId: 'loc-chicoj' };
const START = '2025-11-20T15:30:00.000Z';
const END = '2025-11-20T15:52:00.000Z';
const clock = { now: () => new Date(END) };
let n = 0;
const ids = { uuid: () => `id-${String(++n)}` };

const CHILD: Patient & { id: string } = {
  resourceType: 'Patient',
  id: 'nino-1',
  meta: { profile: ['https://ceiba.mspas.gob.gt/fhir/StructureDefinition/ceiba-patient'] },
  name: [{ use: 'official', family: 'Xiloj Tzoc', given: ['Juan'] }],
  gender: 'male',
  birthDate: '2023-11-02',
};

function baseRecords(): Resource[] {
  const post = postResources(CHICOJ.post, { organizationId: WHO.organizationId, locationId: WHO.locationId });
  const admin = userResources(
    { userId: 'rosa.caal', given: 'Rosa', family: 'Caal Xol', role: 'admin', position: 'enfermera-profesional' },
    { practitionerId: WHO.practitionerId, practitionerRoleId: 'r-rosa', organizationId: WHO.organizationId, locationId: WHO.locationId },
  );
  return [post.organization, post.location, admin.practitioner, admin.practitionerRole, CHILD];
}

/** A full consultation of a 2-year-old with diarrhoea, as the nurse would type it. */
function fullForm(): ConsultationForm {
  return {
    ...emptyConsultationForm(),
    reasonCode: 'diarrea',
    reasonText: 'Heces líquidas desde hace 2 días',
    vitals: {
      weightKg: '11,8',
      heightCm: '86.5',
      temperatureC: '37.8',
      systolic: '',
      diastolic: '',
      heartRate: '118',
      respiratoryRate: '30',
      spo2: '97',
      headCircumferenceCm: '48.2',
      muacCm: '14.1',
    },
    position: 'standing',
    findings: 'Mucosas húmedas, sin signos de deshidratación.',
    diagnoses: [{ key: 'd1', code: 'A09', display: 'Diarrea y gastroenteritis de presunto origen infeccioso' }],
    prescriptions: [{ key: 'r1', medication: 'Sales de rehidratación oral, sobre', dose: '1 sobre en 1 litro de agua', frequency: 'después de cada evacuación', duration: 'por 3 días' }],
    immunizations: [{ key: 'v1', vaccineCode: 'spr', doseNumber: '2', lotNumber: 'SPR-2025-07' }],
    notes: 'Regresar si hay sangre en las heces.',
    request: { kind: 'referral', destinationType: 'hospital', destinationName: 'Hospital Regional de Cobán', specialty: '', priority: 'urgent', reason: 'Vigilar hidratación' },
  };
}

const context = (extra: Partial<ConsultationContext> = {}): ConsultationContext => ({
  patientId: CHILD.id,
  encounterId: 'enc-1',
  practitionerId: WHO.practitionerId,
  organizationId: WHO.organizationId,
  start: START,
  end: END,
  ageInDays: 749,
  ids,
  ...extra,
});

/** The first resource of a type (the resourceType test makes the cast true). */
const first = <T extends Resource>(resources: readonly Resource[], type: T['resourceType']): T | undefined =>
  resources.find((r) => r.resourceType === type) as T | undefined;

const byLoinc = (resources: readonly Resource[], code: string): Observation | undefined =>
  resources.find((r): r is Observation => r.resourceType === 'Observation' && (r.code.coding?.some((c) => c.code === code) ?? false));

let store: FhirStore;
beforeEach(async () => {
  n = 0;
  store = createMemoryStore({ validator: ceibaValidator() });
  await store.importBundle(attributedTransaction(baseRecords() as (Resource & { id: string })[], WHO, { ids, clock }));
});

describe('consultationResources (new consultation)', () => {
  it('maps every part of the form to a profiled resource, each valid and referencing the patient and the Encounter', () => {
    const resources = consultationResources(fullForm(), context());
    const validator = ceibaValidator();
    for (const r of resources) expect(validator.validate(r).filter((i) => i.severity === 'error'), `${r.resourceType}/${r.id}`).toEqual([]);

    const types = resources.map((r) => r.resourceType);
    expect(types[0]).toBe('Encounter');
    expect(types.filter((t) => t === 'Observation')).toHaveLength(10); // 8 measurements + findings + notes
    expect(types).toEqual(expect.arrayContaining(['Condition', 'MedicationRequest', 'Immunization', 'Organization', 'ServiceRequest']));

    for (const r of resources) {
      if (r.resourceType === 'Encounter' || r.resourceType === 'Organization') continue;
      const json = JSON.stringify(r);
      expect(json, r.resourceType).toContain('"Patient/nino-1"');
      expect(json, r.resourceType).toContain('"Encounter/enc-1"');
    }
    const encounter = resources[0] as Encounter;
    expect(encounter.subject).toEqual({ reference: 'Patient/nino-1' });
    expect(encounter.class).toEqual({ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' });
    expect(encounter.period).toEqual({ start: START, end: END });
    expect(encounter.reasonCode?.[0]?.coding?.[0]).toMatchObject({ system: 'https://ceiba.mspas.gob.gt/fhir/CodeSystem/motivo-consulta', code: 'diarrea' });
  });

  it('writes LOINC codes and UCUM units as the vital-sign profiles require ("11,8" read as 11.8 kg)', () => {
    const resources = consultationResources(fullForm(), context());
    const expectations: [string, number, string, string][] = [
      ['29463-7', 11.8, 'kg', 'ceiba-bodyweight'],
      ['8302-2', 86.5, 'cm', 'ceiba-bodyheight'],
      ['8310-5', 37.8, 'Cel', 'ceiba-bodytemp'],
      ['8867-4', 118, '/min', 'ceiba-heartrate'],
      ['9279-1', 30, '/min', 'ceiba-resprate'],
      ['2708-6', 97, '%', 'ceiba-oxygensat'],
      ['9843-4', 48.2, 'cm', 'ceiba-headcircum'],
      ['56072-2', 14.1, 'cm', 'ceiba-muac'],
    ];
    for (const [loinc, value, ucum, profile] of expectations) {
      const obs = byLoinc(resources, loinc);
      expect(obs?.valueQuantity, loinc).toMatchObject({ value, system: 'http://unitsofmeasure.org', code: ucum });
      expect(obs?.meta?.profile?.[0], loinc).toMatch(new RegExp(`/${profile}$`));
      expect(obs?.category?.[0]?.coding?.[0]?.code).toBe('vital-signs');
      expect(obs?.effectiveDateTime).toBe(START);
    }
    // Measured standing: no "lying" code; measured lying: LOINC 8306-3 beside 8302-2.
    expect(byLoinc(resources, '8306-3')).toBeUndefined();
    const lying = consultationResources({ ...fullForm(), position: 'recumbent' }, context());
    expect(byLoinc(lying, '8306-3')?.code.coding?.map((c) => c.code)).toEqual(['8302-2', '8306-3']);
    // No blood pressure typed: no panel.
    expect(byLoinc(resources, '85354-9')).toBeUndefined();
  });

  it('writes blood pressure as one panel with systolic and diastolic components in mm[Hg]', () => {
    const form = fullForm();
    const resources = consultationResources({ ...form, vitals: { ...form.vitals, systolic: '95', diastolic: '60' } }, context());
    const bp = byLoinc(resources, '85354-9');
    expect(bp?.component?.map((c) => [c.code.coding?.[0]?.code, c.valueQuantity?.value, c.valueQuantity?.code])).toEqual([
      ['8480-6', 95, 'mm[Hg]'],
      ['8462-4', 60, 'mm[Hg]'],
    ]);
    expect(ceibaValidator().validate(bp as Observation).filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('writes the diagnosis as CIE-10, the prescription as dosage text, the vaccine from vacuna-gt, the referral per ceiba-referral', () => {
    const resources = consultationResources(fullForm(), context());
    const condition = first<Condition>(resources, 'Condition');
    expect(condition?.code?.coding?.[0]).toMatchObject({ system: 'http://hl7.org/fhir/sid/icd-10', code: 'A09' });
    expect(condition?.recordedDate).toBe('2025-11-20');
    const rx = first<MedicationRequest>(resources, 'MedicationRequest');
    expect(rx?.dosageInstruction?.[0]?.text).toBe('1 sobre en 1 litro de agua · después de cada evacuación · por 3 días');
    expect(rx?.requester).toEqual({ reference: 'Practitioner/p-rosa' });
    expect(splitDosage(rx?.dosageInstruction?.[0]?.text ?? '')).toEqual({ dose: '1 sobre en 1 litro de agua', frequency: 'después de cada evacuación', duration: 'por 3 días' });
    const referral = first<ServiceRequest>(resources, 'ServiceRequest');
    expect(referral?.category?.[0]?.coding?.[0]?.code).toBe('referencia');
    expect(referral?.reasonCode?.[0]?.coding?.[0]?.code).toBe('A09');
    const organization = resources.find((r) => r.resourceType === 'Organization');
    expect(referral?.performer?.[0]?.reference).toBe(`Organization/${organization?.id ?? ''}`);
  });

  it('writes a teleconsult request with its coordination Task', () => {
    const form: ConsultationForm = { ...fullForm(), request: { ...fullForm().request, kind: 'teleconsult', specialty: '394537008', reason: '¿Necesita traslado?' } };
    const resources = consultationResources(form, context());
    const request = first<ServiceRequest>(resources, 'ServiceRequest');
    const task = first<Task>(resources, 'Task');
    expect(request?.meta?.profile?.[0]).toMatch(/ceiba-teleconsult-request$/);
    expect(request?.performerType?.coding?.[0]?.code).toBe('394537008');
    expect(task?.focus).toEqual({ reference: `ServiceRequest/${request?.id ?? ''}` });
    const validator = ceibaValidator();
    for (const r of [request, task]) expect(validator.validate(r as Resource).filter((i) => i.severity === 'error')).toEqual([]);
  });
});

describe('saving (one attributed transaction)', () => {
  it('imports the whole consultation and its Provenance, and reads back into the same form', async () => {
    const form = fullForm();
    await saveConsultation(store, { form, context: context(), attribution: WHO, ids, clock });
    const loaded = await loadConsultation(store, 'enc-1');
    expect(loaded.patientId).toBe('nino-1');
    const back = formOfConsultation(loaded.saved, loaded.organizations);
    const strip = (f: ConsultationForm) => ({
      ...f,
      vitals: Object.fromEntries(Object.entries(f.vitals).map(([k, v]) => [k, v === '' ? '' : String(parseDecimal(v))])),
      diagnoses: f.diagnoses.map(({ code, display }) => ({ code, display })),
      prescriptions: f.prescriptions.map(({ medication, dose, frequency, duration }) => ({ medication, dose, frequency, duration })),
      immunizations: f.immunizations.map(({ vaccineCode, doseNumber, lotNumber }) => ({ vaccineCode, doseNumber, lotNumber })),
      request: { ...f.request, resourceId: undefined, destinationId: undefined, taskId: undefined },
    });
    expect(strip(back)).toEqual(strip(form));
    const provenance = await store.search('Provenance', { target: 'Encounter/enc-1' });
    expect(provenance.total).toBe(1);
    expect((provenance.resources[0] as Provenance).activity?.coding?.[0]?.code).toBe('CREATE');
  });

  it('is all or nothing: one invalid resource (an unknown CIE-10 code) leaves nothing written', async () => {
    const before = await store.stats();
    const form: ConsultationForm = { ...fullForm(), diagnoses: [{ key: 'x', code: 'Q99.99', display: 'No existe' }] };
    const err = await rejectionOf(saveConsultation(store, { form, context: context(), attribution: WHO, ids, clock }));
    expect(err.issue.some((i) => i.severity === 'error')).toBe(true);
    expect(await store.stats()).toEqual(before);
  });

  it('an edit writes new versions of the same resources (only what changed), withdraws what was removed, and records an UPDATE', async () => {
    const form = fullForm();
    await saveConsultation(store, { form, context: context(), attribution: WHO, ids, clock });
    const first = await loadConsultation(store, 'enc-1');
    const saved = formOfConsultation(first.saved, first.organizations);
    const weightId = byLoinc(first.saved.resources, '29463-7')?.id ?? '';
    const tempId = byLoinc(first.saved.resources, '8310-5')?.id ?? '';
    const conditionId = first.saved.resources.find((r) => r.resourceType === 'Condition')?.id ?? '';

    const edited: ConsultationForm = {
      ...saved,
      vitals: { ...saved.vitals, weightKg: '11.9' },
      diagnoses: [{ key: 'd2', code: 'E86', display: 'Depleción del volumen' }],
      request: { ...saved.request, kind: 'none' },
    };
    const bundle = consultationTransaction({ form: edited, context: context({ previous: first.saved }), attribution: WHO, ids, clock }) as Bundle;
    const urls = (bundle.entry ?? []).map((e) => e.request?.url ?? '');
    expect(urls).toContain(`Observation/${weightId}`);
    expect(urls).not.toContain(`Observation/${tempId}`); // unchanged: no new version
    expect(urls).toContain(`Condition/${conditionId}`); // withdrawn
    expect(urls).toContain('Encounter/enc-1'); // the head of the consultation gets a version per edit
    // Each update is conditional on the version it was read at.
    expect(bundle.entry?.find((e) => e.request?.url === `Observation/${weightId}`)?.request?.ifMatch).toBe('W/"1"');
    await store.importBundle(bundle);

    expect((await store.history('Observation', weightId)).map((h) => h.versionId)).toEqual(['2', '1']);
    expect((await store.history('Observation', tempId)).map((h) => h.versionId)).toEqual(['1']);
    expect((await store.history('Encounter', 'enc-1')).length).toBe(2);
    const withdrawnCondition = await store.read('Condition', conditionId);
    expect(withdrawnCondition.verificationStatus?.coding?.[0]?.code).toBe('entered-in-error');
    expect(withdrawnCondition.clinicalStatus).toBeUndefined();

    const second = await loadConsultation(store, 'enc-1');
    const view = formOfConsultation(second.saved, second.organizations);
    expect(view.vitals.weightKg).toBe('11.9');
    expect(view.diagnoses.map((d) => d.code)).toEqual(['E86']);
    expect(view.request.kind).toBe('none');
    const provenances = await store.search('Provenance', { target: `Observation/${weightId}` });
    expect(provenances.resources.map((p) => p.activity?.coding?.[0]?.code).sort()).toEqual(['CREATE', 'UPDATE']);

    // Saving the same form again changes nothing: no transaction at all.
    expect(consultationTransaction({ form: view, context: context({ previous: second.saved }), attribution: WHO, ids, clock })).toBeUndefined();
  });

  it('a referral changed into a teleconsult on edit: the referral is withdrawn, the request and its Task are written and read back', async () => {
    await saveConsultation(store, { form: fullForm(), context: context(), attribution: WHO, ids, clock });
    const first = await loadConsultation(store, 'enc-1');
    const referralId = first.saved.resources.find((r) => r.resourceType === 'ServiceRequest')?.id ?? '';
    const saved = formOfConsultation(first.saved, first.organizations);
    expect(saved.request).toMatchObject({ kind: 'referral', destinationName: 'Hospital Regional de Cobán', destinationType: 'hospital', priority: 'urgent' });
    const asTeleconsult: ConsultationForm = { ...saved, request: { ...saved.request, kind: 'teleconsult', specialty: '394537008', reason: '¿Necesita traslado?' } };
    await saveConsultation(store, { form: asTeleconsult, context: context({ previous: first.saved }), attribution: WHO, ids, clock });

    expect((await store.read('ServiceRequest', referralId)).status).toBe('entered-in-error');
    const second = await loadConsultation(store, 'enc-1');
    const view = formOfConsultation(second.saved, second.organizations);
    expect(view.request).toMatchObject({ kind: 'teleconsult', specialty: '394537008', reason: '¿Necesita traslado?', priority: 'urgent' });
    const tasks = second.saved.resources.filter((r) => r.resourceType === 'Task');
    expect(tasks).toHaveLength(1);
    expect((tasks[0] as Task).focus?.reference).toBe(`ServiceRequest/${view.request.resourceId ?? ''}`);
  });

  it('an edit based on an outdated version is refused (If-Match), nothing written', async () => {
    await saveConsultation(store, { form: fullForm(), context: context(), attribution: WHO, ids, clock });
    const first = await loadConsultation(store, 'enc-1');
    const saved = formOfConsultation(first.saved, first.organizations);
    await saveConsultation(store, { form: { ...saved, notes: 'otra' }, context: context({ previous: first.saved }), attribution: WHO, ids, clock });
    const before = await store.stats();
    await rejectionOf(saveConsultation(store, { form: { ...saved, notes: 'tarde' }, context: context({ previous: first.saved }), attribution: WHO, ids, clock }));
    expect(await store.stats()).toEqual(before);
  });
});

describe('checks', () => {
  it('blocks impossible vital signs and warns about implausible ones, by age', () => {
    const vitals = { ...fullForm().vitals, weightKg: '118', temperatureC: '52', heartRate: '210', spo2: '101' };
    const problems = checkVitals(vitals, 24);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'weightKg', severity: 'warning', problem: 'implausible' }),
        expect.objectContaining({ field: 'temperatureC', severity: 'error', problem: 'impossible' }),
        expect.objectContaining({ field: 'heartRate', severity: 'warning', problem: 'implausible' }),
        expect.objectContaining({ field: 'spo2', severity: 'error', problem: 'impossible' }),
      ]),
    );
    // 118 kg is implausible for a 2-year-old but not for an adult.
    expect(checkVitals({ ...vitals, weightKg: '118' }, 40 * 12).some((p) => p.field === 'weightKg')).toBe(false);
    expect(checkVitals({ ...vitals, weightKg: 'doce' }, 24)).toContainEqual(expect.objectContaining({ field: 'weightKg', problem: 'notANumber', severity: 'error' }));
    expect(checkVitals({ ...vitals, heartRate: '110.5' }, 24)).toContainEqual(expect.objectContaining({ field: 'heartRate', problem: 'tooManyDecimals' }));
  });

  it('every impossible bound is inside the profile bounds: the plausibility layer never lets through what the store refuses', () => {
    const form = fullForm();
    const extremes = { ...form.vitals, weightKg: '300', heightCm: '249', temperatureC: '44', heartRate: '299', respiratoryRate: '149', spo2: '100', headCircumferenceCm: '79', muacCm: '59', systolic: '299', diastolic: '298' };
    expect(checkVitals(extremes, 24).filter((p) => p.severity === 'error')).toEqual([]);
    const resources = consultationResources({ ...form, vitals: extremes }, context());
    const validator = ceibaValidator();
    for (const r of resources) expect(validator.validate(r).filter((i) => i.severity === 'error'), r.resourceType).toEqual([]);
  });

  it('needs both blood pressure figures, diastolic below systolic', () => {
    const vitals = fullForm().vitals;
    expect(checkVitals({ ...vitals, systolic: '100' }, 300)).toContainEqual(expect.objectContaining({ field: 'diastolic', problem: 'bpIncomplete' }));
    expect(checkVitals({ ...vitals, systolic: '80', diastolic: '90' }, 300)).toContainEqual(expect.objectContaining({ field: 'diastolic', problem: 'bpOrder' }));
  });

  it('form checks: reason, prescriptions, vaccines and a referral without a diagnosis', () => {
    const form: ConsultationForm = {
      ...emptyConsultationForm(),
      prescriptions: [{ key: 'r', medication: '', dose: '', frequency: '', duration: '' }],
      immunizations: [{ key: 'v', vaccineCode: '', doseNumber: 'x', lotNumber: '' }],
      request: { ...emptyConsultationForm().request, kind: 'referral' },
    };
    const fields = checkConsultation(form, 24).map((p) => `${p.field}:${p.problem}`);
    expect(fields).toEqual(
      expect.arrayContaining([
        `${fieldId.reason}:reasonRequired`,
        `${fieldId.medication('r')}:medicationRequired`,
        `${fieldId.dose('r')}:doseRequired`,
        `${fieldId.vaccine('v')}:vaccineRequired`,
        `${fieldId.doseNumber('v')}:doseNumber`,
        `${fieldId.destinationName}:destinationRequired`,
        `${fieldId.diagnosisSearch}:referralNeedsDiagnosis`,
      ]),
    );
    expect(blocksSaving(checkConsultation(fullForm(), 24))).toBe(false);
  });

  it('a stored draft is accepted only when it has the shape of a form', () => {
    expect(parseConsultationForm({ reasonCode: 1 })).toBeUndefined();
    expect(parseConsultationForm(null)).toBeUndefined();
    expect(parseConsultationForm(JSON.parse(JSON.stringify(fullForm())) as unknown)).toEqual(fullForm());
    expect(parseConsultationForm({ ...fullForm(), vitals: { weightKg: 12 } })).toBeUndefined();
  });
});
