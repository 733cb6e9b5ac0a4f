// The patients page's search box: what the typed text means (name, CUI, birth year, date), the
// store search it becomes, the results it finds in a real (memory) store, and the search-as-you-
// type runner that drops stale answers.
import type { Patient } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { cuiCheckDigit } from '../../src-core/clinical/cui';
import { CUI_SYSTEM } from '../../src-core/fhir/canonical';
import { CEIBA_PROFILE, HL7_EXTENSION } from '../../src-core/fhir/profiles/ceiba-urls';
import { createMemoryStore, type FhirStore, type SearchParams } from '../../src-core/store';
import { LatestOnly, type RunOutcome } from '../../src-renderer/features/patients/search/latest-only';
import { patientSearchParams } from '../../src-renderer/features/patients/search/search-params';
import { searchPatients } from '../../src-renderer/features/patients/search/search-patients';
import { parseSearchText } from '../../src-renderer/features/patients/search/search-text';
import { ageParts, summarizePatient } from '../../src-renderer/features/patients/patient-summary';
import { displayDate, parseDisplayDate } from '../../src-renderer/features/patients/display-date';
import { nodeValidator } from '../harness/store-validator-node';

const YEAR = 2026;

/** A valid CUI registered in Cobán (1601) with this serial. */
function cuiFor(serial: string): string {
  const check = cuiCheckDigit(serial);
  if (check === null) throw new Error('serial without a check digit');
  return `${serial}${String(check)}1601`;
}

describe('parseSearchText', () => {
  it('reads letters as folded name prefixes, in any order, accents and case aside', () => {
    expect(parseSearchText('  María   X ', YEAR)).toEqual({ kind: 'criteria', words: ['maria', 'x'] });
    expect(parseSearchText("K'iche' PEÑATE", YEAR)).toEqual({ kind: 'criteria', words: ['kiche', 'penate'] });
    expect(parseSearchText('xiloj xiloj', YEAR)).toEqual({ kind: 'criteria', words: ['xiloj'] });
  });

  it('reads 13 digits, with or without spaces or hyphens, as a CUI', () => {
    expect(parseSearchText('2345 67890 1601', YEAR)).toEqual({ kind: 'cui', cui: '2345678901601' });
    expect(parseSearchText('2345-67890-1601', YEAR)).toEqual({ kind: 'cui', cui: '2345678901601' });
    expect(parseSearchText('2345678901601', YEAR)).toEqual({ kind: 'cui', cui: '2345678901601' });
  });

  it('reads four digits that can be a birth year as one; other numbers as a number still being typed', () => {
    expect(parseSearchText('1994', YEAR)).toEqual({ kind: 'criteria', words: [], year: 1994 });
    expect(parseSearchText('2345', YEAR)).toEqual({ kind: 'incomplete-number', digits: 4 });
    expect(parseSearchText('2027', YEAR)).toEqual({ kind: 'incomplete-number', digits: 4 });
    expect(parseSearchText('2345 678', YEAR)).toEqual({ kind: 'incomplete-number', digits: 7 });
  });

  it('combines a name with a birth year or a dd/mm/aaaa birth date', () => {
    expect(parseSearchText('tzoc 1994', YEAR)).toEqual({ kind: 'criteria', words: ['tzoc'], year: 1994 });
    expect(parseSearchText('maria 12/03/1994', YEAR)).toEqual({ kind: 'criteria', words: ['maria'], birthDate: '1994-03-12' });
    // A number that is not a year is ignored rather than searched as a name.
    expect(parseSearchText('maria 12', YEAR)).toEqual({ kind: 'criteria', words: ['maria'] });
  });

  it('asks for more than a lone letter (or only initials), but takes an initial beside a longer word', () => {
    expect(parseSearchText('m', YEAR)).toEqual({ kind: 'too-short' });
    expect(parseSearchText('Á x', YEAR)).toEqual({ kind: 'too-short' });
    expect(parseSearchText('ek', YEAR)).toEqual({ kind: 'criteria', words: ['ek'] });
    expect(parseSearchText('x 1994', YEAR)).toEqual({ kind: 'criteria', words: ['x'], year: 1994 });
    expect(patientSearchParams({ kind: 'too-short' })).toBeUndefined();
  });

  it('is empty for blank text or text with nothing searchable', () => {
    expect(parseSearchText('', YEAR)).toEqual({ kind: 'empty' });
    expect(parseSearchText('  , . ', YEAR)).toEqual({ kind: 'empty' });
  });
});

describe('patientSearchParams', () => {
  it('puts each name word in its own criterion (answered by the index alone) and never sorts in the store', () => {
    expect(patientSearchParams({ kind: 'criteria', words: ['maria', 'x'] }, 25)).toEqual({ name: ['maria', 'x'], _count: '25' });
  });

  it('looks a CUI up as an identifier with its system, and a year or date as birthdate', () => {
    expect(patientSearchParams({ kind: 'cui', cui: '2345678901601' }, 25)).toEqual({ identifier: `${CUI_SYSTEM}|2345678901601`, _count: '25' });
    expect(patientSearchParams({ kind: 'criteria', words: ['tzoc'], year: 1994 }, 10)).toEqual({ name: ['tzoc'], birthdate: '1994', _count: '10' });
    expect(patientSearchParams({ kind: 'criteria', words: [], birthDate: '1994-03-12' }, 10)).toEqual({ birthdate: '1994-03-12', _count: '10' });
  });

  it('asks nothing for an empty box or an unfinished number', () => {
    expect(patientSearchParams({ kind: 'empty' })).toBeUndefined();
    expect(patientSearchParams({ kind: 'incomplete-number', digits: 5 })).toBeUndefined();
  });
});

function patient(given: string[], first: string, second: string | undefined, birthDate: string, extra: Partial<Patient> = {}): Patient {
  return {
    resourceType: 'Patient',
    meta: { profile: [CEIBA_PROFILE.patient] },
    name: [
      {
        use: 'official',
        family: [first, second].filter((s) => s !== undefined).join(' '),
        given,
        _family: {
          extension: [
            { url: HL7_EXTENSION.fathersFamily, valueString: first },
            ...(second === undefined ? [] : [{ url: HL7_EXTENSION.mothersFamily, valueString: second }]),
          ],
        },
      } as NonNullable<Patient['name']>[number],
    ],
    gender: 'female',
    birthDate,
    address: [{ use: 'home', district: '1601', state: '16', country: 'GT' }],
    ...extra,
  };
}

describe('searchPatients (memory store, the same search engine as the encrypted store)', () => {
  const MARIA_CUI = cuiFor('24681357');

  async function register(): Promise<FhirStore> {
    const store = createMemoryStore({ validator: nodeValidator() });
    await store.create(patient(['María'], 'Xiloj', 'Tzoc', '1994-03-12', { identifier: [{ use: 'official', system: CUI_SYSTEM, value: MARIA_CUI }] }));
    await store.create(patient(['María', 'Elena'], 'Caal', 'Xol', '1994-07-01'));
    await store.create(patient(['Marta'], 'Xol', 'Xiloj', '2021-01-15'));
    await store.create(patient(['Juan'], 'Pop', 'Choc', '1994-11-30', { gender: 'male' }));
    return store;
  }

  const namesOf = async (store: FhirStore, text: string): Promise<string[]> =>
    (await searchPatients(store, parseSearchText(text, YEAR))).patients.map((p) => `${p.name?.[0]?.given?.join(' ') ?? ''} ${p.name?.[0]?.family ?? ''}`);

  it('finds by any part of the name, as a prefix, without accents or case', async () => {
    const store = await register();
    expect(await namesOf(store, 'xiloj')).toEqual(['María Xiloj Tzoc', 'Marta Xol Xiloj']);
    expect(await namesOf(store, 'maria x')).toEqual(['María Elena Caal Xol', 'María Xiloj Tzoc']);
    expect(await namesOf(store, 'MARÍA')).toEqual(['María Elena Caal Xol', 'María Xiloj Tzoc']);
    expect(await namesOf(store, 'tzoc maria')).toEqual(['María Xiloj Tzoc']);
    expect(await namesOf(store, 'elena')).toEqual(['María Elena Caal Xol']);
  });

  it('finds by CUI typed with spaces, by birth year, and by name and year together', async () => {
    const store = await register();
    const spaced = `${MARIA_CUI.slice(0, 4)} ${MARIA_CUI.slice(4, 9)} ${MARIA_CUI.slice(9)}`;
    expect(await namesOf(store, spaced)).toEqual(['María Xiloj Tzoc']);
    expect(await namesOf(store, '1994')).toEqual(['María Elena Caal Xol', 'Juan Pop Choc', 'María Xiloj Tzoc']);
    expect(await namesOf(store, 'maria 1994')).toEqual(['María Elena Caal Xol', 'María Xiloj Tzoc']);
    expect(await namesOf(store, 'xiloj 2021')).toEqual(['Marta Xol Xiloj']);
  });

  it('reports the total beyond the page, and nothing for a name no one has', async () => {
    const store = await register();
    const page = await searchPatients(store, parseSearchText('maria', YEAR), 1);
    expect(page).toMatchObject({ total: 2 });
    expect(page.patients).toHaveLength(1);
    expect(await searchPatients(store, parseSearchText('zzz', YEAR))).toEqual({ patients: [], total: 0 });
  });

  it('asks the store one page, unsorted by the store (the page is sorted for display)', async () => {
    const seen: SearchParams[] = [];
    const store = await register();
    const spy: Pick<FhirStore, 'search'> = {
      search: (type, params) => {
        seen.push(params ?? {});
        return store.search(type, params);
      },
    };
    await searchPatients(spy, parseSearchText('maria x', YEAR));
    expect(seen).toEqual([{ name: ['maria', 'x'], _count: '20' }]);
  });
});

describe('patient summary for a result row', () => {
  it('shows the full name, dd/mm/aaaa with the age, the CUI as printed, and the municipality', () => {
    const p = { ...patient(['María'], 'Xiloj', 'Tzoc', '2024-01-20'), id: 'p1', identifier: [{ system: CUI_SYSTEM, value: '2468135711601' }] };
    const summary = summarizePatient(p, { year: 2026, month: 3, day: 25 });
    expect(summary).toEqual({
      id: 'p1',
      fullName: 'María Xiloj Tzoc',
      sex: 'female',
      birthDate: '20/01/2024',
      age: expect.objectContaining({ years: 2, months: 2, days: 5 }) as unknown,
      cui: '2468 13571 1601',
      municipality: 'Cobán',
      department: 'Alta Verapaz',
    });
    expect(ageParts(summary.age ?? expect.fail('no age'))).toEqual([
      { unit: 'years', count: 2 },
      { unit: 'months', count: 2 },
    ]);
  });

  it('says a newborn age in days, an infant age in months, and an adult age in years', () => {
    const age = (birth: string) => summarizePatient(patient(['A'], 'B', undefined, birth), { year: 2026, month: 3, day: 25 }).age;
    expect(ageParts(age('2026-03-10') ?? expect.fail('no age'))).toEqual([{ unit: 'days', count: 15 }]);
    expect(ageParts(age('2025-12-25') ?? expect.fail('no age'))).toEqual([{ unit: 'months', count: 3 }]);
    expect(ageParts(age('1994-03-12') ?? expect.fail('no age'))).toEqual([{ unit: 'years', count: 32 }]);
  });

  it('reads and writes Guatemalan dates', () => {
    expect(displayDate('1994-03-12')).toBe('12/03/1994');
    expect(displayDate('1994')).toBe('1994');
    expect(parseDisplayDate('5/8/2024')).toMatchObject({ ok: true, date: '2024-08-05' });
    expect(parseDisplayDate('31/02/2024')).toEqual({ ok: false, problem: 'impossible' });
    expect(parseDisplayDate('2024-08-05')).toEqual({ ok: false, problem: 'format' });
  });
});

describe('LatestOnly (search as you type)', () => {
  /** A search whose answers the test releases by hand, in any order. */
  function manual() {
    const pending = new Map<string, (value: string) => void>();
    const started: string[] = [];
    const run = (q: string) =>
      new Promise<string>((resolve) => {
        started.push(q);
        pending.set(q, resolve);
      });
    const release = async (q: string) => {
      pending.get(q)?.(`answer ${q}`);
      // Let the runner see the answer and start what waits.
      for (let i = 0; i < 5; i++) await Promise.resolve();
    };
    return { run, release, started };
  }

  it('runs one search at a time, skips the texts typed meanwhile but the last, and delivers only the newest answer', async () => {
    const { run, release, started } = manual();
    const delivered: [string, RunOutcome<string>][] = [];
    const runner = new LatestOnly(run, (q: string, outcome: RunOutcome<string>) => delivered.push([q, outcome]));
    runner.submit('m');
    runner.submit('ma');
    runner.submit('mar');
    expect(started).toEqual(['m']);
    await release('m');
    // 'm' is stale: not delivered; 'ma' was overtaken before it started.
    expect(delivered).toEqual([]);
    expect(started).toEqual(['m', 'mar']);
    await release('mar');
    expect(delivered).toEqual([['mar', { ok: true, value: 'answer mar' }]]);
  });

  it('delivers failures of the newest search, and nothing after close', async () => {
    const delivered: string[] = [];
    const runner = new LatestOnly(
      (q: string) => (q === 'bad' ? Promise.reject(new Error('store locked')) : Promise.resolve(q)),
      (q, outcome) => delivered.push(`${q}:${outcome.ok ? 'ok' : 'failed'}`),
    );
    runner.submit('bad');
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(delivered).toEqual(['bad:failed']);
    runner.close();
    runner.submit('good');
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(delivered).toEqual(['bad:failed']);
  });
});
