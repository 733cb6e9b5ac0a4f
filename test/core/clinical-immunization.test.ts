// Immunization status against a schedule. Most tests use a small hand-written schedule (the
// numbers are test data, not any country's schedule) so each boundary is visible; the last block
// runs the derived Synthea (US) example schedule.
import type { Immunization } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import {
  SYNTHEA_US_SCHEDULE,
  checkImmunizationSchedule,
  immunizationStatus,
  type ImmunizationSchedule,
  type VaccineStatus,
} from '../../src-core/clinical';

const SYSTEM = 'urn:test:vaccines';
const ALT_SYSTEM = 'http://hl7.org/fhir/sid/cvx';

const TEST_SCHEDULE: ImmunizationSchedule = {
  schemaVersion: 1,
  id: 'test',
  title: 'Test schedule',
  authoritative: false,
  defaultOverdueAfterDays: 30,
  vaccines: [
    {
      key: 'trivalent',
      display: 'Trivalent',
      codes: [
        { system: SYSTEM, code: 'TRI' },
        { system: ALT_SYSTEM, code: '999' },
      ],
      doses: [
        { age: { value: 2, unit: 'mo' } },
        { age: { value: 4, unit: 'mo' }, minIntervalDays: 28 },
        { age: { value: 6, unit: 'mo' }, minIntervalDays: 28, overdueAfterDays: 60 },
      ],
    },
    {
      key: 'oral',
      display: 'Oral',
      codes: [{ system: SYSTEM, code: 'ORAL' }],
      doses: [
        { age: { value: 2, unit: 'mo' }, minAge: { value: 6, unit: 'wk' }, maxAge: { value: 8, unit: 'mo' } },
        { age: { value: 4, unit: 'mo' }, minIntervalDays: 28, maxAge: { value: 8, unit: 'mo' } },
      ],
    },
    {
      key: 'girls-only',
      display: 'Girls only',
      codes: [{ system: SYSTEM, code: 'GIRL' }],
      sex: 'female',
      doses: [{ age: { value: 9, unit: 'a' } }],
    },
  ],
};

let serial = 0;
function given(code: string, date: string | undefined, status: Immunization['status'] = 'completed', system = SYSTEM): Immunization {
  serial += 1;
  return {
    resourceType: 'Immunization',
    id: `imm-${serial}`,
    status,
    vaccineCode: { coding: [{ system, code }] },
    patient: { reference: 'Patient/p1' },
    ...(date === undefined ? {} : { occurrenceDateTime: date }),
  };
}

const BIRTH = '2024-01-15';
function status(on: string, immunizations: Immunization[] = [], gender = 'female'): readonly VaccineStatus[] {
  const result = immunizationStatus(TEST_SCHEDULE, { birthDate: BIRTH, gender, on, immunizations });
  return result.vaccines;
}
const vaccine = (statuses: readonly VaccineStatus[], key: string): VaccineStatus => {
  const found = statuses.find((s) => s.vaccine.key === key);
  if (found === undefined) throw new Error(`no ${key}`);
  return found;
};
const doseStatuses = (statuses: readonly VaccineStatus[], key: string): string[] => vaccine(statuses, key).doses.map((d) => d.status);

describe('due, overdue and upcoming at the exact boundaries', () => {
  // Born 2024-01-15: 2 months on 2024-03-15; default window 30 days → last due day 2024-04-14.
  it('is upcoming the day before the recommended age and due on that day', () => {
    expect(vaccine(status('2024-03-14'), 'trivalent').doses[0]).toMatchObject({ status: 'upcoming', dueDate: '2024-03-15' });
    expect(vaccine(status('2024-03-15'), 'trivalent').doses[0]).toMatchObject({ status: 'due', recommendedDate: '2024-03-15' });
  });

  it('is still due on the last day of the window and overdue the day after', () => {
    expect(vaccine(status('2024-04-14'), 'trivalent').doses[0]).toMatchObject({ status: 'due', lastDueDate: '2024-04-14' });
    expect(vaccine(status('2024-04-15'), 'trivalent').doses[0]?.status).toBe('overdue');
  });

  it("uses a dose's own window when it has one", () => {
    // Dose 3 at 6 months (2024-07-15) with 60 days: due through 2024-09-13.
    const doses = vaccine(status('2024-09-13'), 'trivalent').doses;
    expect(doses[2]).toMatchObject({ status: 'due', lastDueDate: '2024-09-13' });
    expect(vaccine(status('2024-09-14'), 'trivalent').doses[2]?.status).toBe('overdue');
  });

  it('marks every missed dose overdue for an older child with no records', () => {
    expect(doseStatuses(status('2025-01-15'), 'trivalent')).toEqual(['overdue', 'overdue', 'overdue']);
  });
});

describe('doses given', () => {
  it('reports given doses with their dates and the rest against the schedule', () => {
    const records = [given('TRI', '2024-03-20T09:30:00-06:00')];
    const doses = vaccine(status('2024-05-20', records), 'trivalent').doses;
    expect(doses[0]).toMatchObject({ status: 'given', givenOn: '2024-03-20', immunizationId: records[0]?.id });
    expect(doses[1]).toMatchObject({ status: 'due', dueDate: '2024-05-15' });
    expect(doses[2]?.status).toBe('upcoming');
  });

  it('counts a dose given before the recommended age (no minimum age set) and starts the interval from it', () => {
    // Dose 1 given at 7 weeks; dose 2 is due at 4 months (later than 7 weeks + 28 days).
    const doses = vaccine(status('2024-03-10', [given('TRI', '2024-03-04')]), 'trivalent').doses;
    expect(doses[0]).toMatchObject({ status: 'given', givenOn: '2024-03-04' });
    expect(doses[1]).toMatchObject({ status: 'upcoming', dueDate: '2024-05-15' });
  });

  it('moves the due date when the minimum interval after a late dose ends after the recommended age', () => {
    // Dose 1 on 2024-05-01; dose 2 recommended 2024-05-15 but not before 2024-05-29.
    expect(vaccine(status('2024-05-20', [given('TRI', '2024-05-01')]), 'trivalent').doses[1]).toMatchObject({
      status: 'upcoming',
      recommendedDate: '2024-05-15',
      dueDate: '2024-05-29',
    });
  });

  it('does not count a dose given sooner than the minimum interval; the next record fills the dose', () => {
    const early = given('TRI', '2024-03-30'); // 10 days after dose 1
    const records = [given('TRI', '2024-03-20'), early, given('TRI', '2024-05-16')];
    const result = vaccine(status('2024-06-01', records), 'trivalent');
    expect(result.doses.map((d) => d.givenOn)).toEqual(['2024-03-20', '2024-05-16', undefined]);
    expect(result.uncounted).toEqual([{ immunizationId: early.id, date: '2024-03-30', reason: 'before-minimum-interval' }]);
  });

  it('accepts a dose exactly at the minimum interval, not one day before', () => {
    const at = vaccine(status('2024-06-01', [given('TRI', '2024-03-20'), given('TRI', '2024-04-17')]), 'trivalent');
    expect(at.doses[1]?.givenOn).toBe('2024-04-17');
    const before = vaccine(status('2024-06-01', [given('TRI', '2024-03-20'), given('TRI', '2024-04-16')]), 'trivalent');
    expect(before.doses[1]?.status).not.toBe('given');
    expect(before.uncounted[0]?.reason).toBe('before-minimum-interval');
  });

  it('does not count a dose before the minimum age', () => {
    // Oral dose 1: minimum 6 weeks = 2024-02-26.
    const tooEarly = vaccine(status('2024-03-01', [given('ORAL', '2024-02-25')]), 'oral');
    expect(tooEarly.uncounted[0]?.reason).toBe('before-minimum-age');
    expect(tooEarly.doses[0]).toMatchObject({ status: 'upcoming', dueDate: '2024-03-15' });
    const onTime = vaccine(status('2024-03-01', [given('ORAL', '2024-02-26')]), 'oral');
    expect(onTime.doses[0]?.status).toBe('given');
  });

  it('assigns doses in date order whatever order the records come in', () => {
    const records = [given('TRI', '2024-07-20'), given('TRI', '2024-03-20'), given('TRI', '2024-05-20')];
    const doses = vaccine(status('2024-08-01', records), 'trivalent').doses;
    expect(doses.map((d) => d.givenOn)).toEqual(['2024-03-20', '2024-05-20', '2024-07-20']);
    expect(doses.map((d) => d.immunizationId)).toEqual([records[1]?.id, records[2]?.id, records[0]?.id]);
  });

  it('ignores not-done and entered-in-error records', () => {
    const records = [given('TRI', '2024-03-20', 'not-done'), given('TRI', '2024-03-21', 'entered-in-error')];
    expect(doseStatuses(status('2024-04-20', records), 'trivalent')).toEqual(['overdue', 'upcoming', 'upcoming']);
    expect(vaccine(status('2024-04-20', records), 'trivalent').uncounted).toEqual([]);
  });

  it('counts a record under any of the vaccine codings, and a same-day second record once', () => {
    const first = given('TRI', '2024-03-20');
    const dup = given('999', '2024-03-20', 'completed', ALT_SYSTEM);
    const result = vaccine(status('2024-04-01', [dup, first]), 'trivalent');
    expect(result.doses[0]?.immunizationId).toBe(first.id);
    expect(result.doses[0]?.status).toBe('given');
    expect(result.doses[1]?.status).toBe('upcoming');
    expect(result.uncounted).toEqual([{ immunizationId: dup.id, date: '2024-03-20', reason: 'same-day-duplicate' }]);
  });

  it('lists records beyond the series as uncounted', () => {
    const records = ['2024-03-20', '2024-05-20', '2024-07-20', '2024-09-20'].map((d) => given('TRI', d));
    const result = vaccine(status('2024-10-01', records), 'trivalent');
    expect(result.uncounted).toEqual([{ immunizationId: records[3]?.id, date: '2024-09-20', reason: 'beyond-series' }]);
  });

  it('counts a completed record without a date, after the dated ones, and reports it', () => {
    const result = immunizationStatus(TEST_SCHEDULE, {
      birthDate: BIRTH,
      on: '2024-06-01',
      immunizations: [given('TRI', undefined), given('TRI', '2024-03-20')],
    });
    const doses = result.vaccines[0]?.doses ?? [];
    expect(doses.map((d) => [d.status, d.givenOn])).toEqual([
      ['given', '2024-03-20'],
      ['given', undefined],
      ['upcoming', undefined],
    ]);
    expect(result.issues).toEqual([expect.objectContaining({ code: 'incomplete', severity: 'information' })]);
  });
});

describe('not applicable', () => {
  it('after the maximum age without the dose, and for the later doses of that series', () => {
    // Oral maximum 8 months = 2024-09-15.
    expect(doseStatuses(status('2024-09-14'), 'oral')).toEqual(['overdue', 'overdue']);
    expect(doseStatuses(status('2024-09-15'), 'oral')).toEqual(['not-applicable', 'not-applicable']);
  });

  it('keeps a given dose as given after the maximum age', () => {
    expect(doseStatuses(status('2024-10-01', [given('ORAL', '2024-03-20')]), 'oral')).toEqual(['given', 'not-applicable']);
  });

  it('for the other sex only; unknown gender keeps the dose', () => {
    // 9 years on 2033-01-15.
    expect(doseStatuses(status('2033-02-01', [], 'male'), 'girls-only')).toEqual(['not-applicable']);
    expect(doseStatuses(status('2033-02-01', [], 'female'), 'girls-only')).toEqual(['due']);
    expect(doseStatuses(status('2033-02-01', [], 'unknown'), 'girls-only')).toEqual(['due']);
  });
});

describe('inputs and schedule checks', () => {
  it('needs a full birth date', () => {
    const result = immunizationStatus(TEST_SCHEDULE, { birthDate: '2024', on: '2024-06-01', immunizations: [] });
    expect(result.vaccines).toEqual([]);
    expect(result.issues[0]).toMatchObject({ code: 'required', expression: ['Patient.birthDate'] });
  });

  it('finds structural problems in a schedule', () => {
    const broken: ImmunizationSchedule = {
      ...TEST_SCHEDULE,
      vaccines: [
        ...TEST_SCHEDULE.vaccines,
        { key: 'trivalent', display: 'again', codes: [], doses: [{ age: { value: 4, unit: 'mo' } }, { age: { value: 2, unit: 'mo' }, minIntervalDays: -1 }] },
      ],
    };
    expect(checkImmunizationSchedule(TEST_SCHEDULE)).toEqual([]);
    expect(checkImmunizationSchedule(broken).map((i) => i.expression?.[0])).toEqual([
      'vaccines[3].key',
      'vaccines[3].codes',
      'vaccines[3].doses[1].minIntervalDays',
      'vaccines[3].doses[1].age',
    ]);
  });
});

describe('the derived Synthea example schedule (US, not MSPAS)', () => {
  it('is valid, labelled as not authoritative, and holds the 18 Synthea vaccines with CVX codes', () => {
    expect(checkImmunizationSchedule(SYNTHEA_US_SCHEDULE)).toEqual([]);
    expect(SYNTHEA_US_SCHEDULE.authoritative).toBe(false);
    expect(SYNTHEA_US_SCHEDULE.title).toMatch(/NOT the MSPAS schedule/);
    expect(SYNTHEA_US_SCHEDULE.vaccines).toHaveLength(18);
    expect(SYNTHEA_US_SCHEDULE.vaccines.every((v) => v.codes.every((c) => c.system === 'http://hl7.org/fhir/sid/cvx'))).toBe(true);
  });

  it('evaluates a Synthea-style record (CVX codes) for a 7-month-old', () => {
    const cvx = (code: string, date: string): Immunization => given(code, date, 'completed', 'http://hl7.org/fhir/sid/cvx');
    const result = immunizationStatus(SYNTHEA_US_SCHEDULE, {
      birthDate: '2024-01-10',
      gender: 'male',
      on: '2024-08-10',
      immunizations: [cvx('08', '2024-01-10'), cvx('08', '2024-02-12'), cvx('20', '2024-03-11'), cvx('20', '2024-05-13')],
    });
    const byKey = (key: string): string[] => result.vaccines.find((v) => v.vaccine.key === key)?.doses.map((d) => d.status) ?? [];
    expect(byKey('hepb')).toEqual(['given', 'given', 'overdue']); // 6 months = 2024-07-10, window 30 days
    expect(byKey('dtap')).toEqual(['given', 'given', 'overdue', 'upcoming', 'upcoming']);
    expect(byKey('mmr')).toEqual(['upcoming', 'upcoming']);
  });
});
