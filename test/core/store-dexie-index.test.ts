// What the Dexie store keeps on disk and how it searches it: rows hold plain sync metadata, a
// sealed body and keyed-hash index entries only; searches open just the candidates the hashed
// index returns; a body moved to another row fails authentication; and, for random patients and
// random queries, the Dexie store answers exactly as the memory store does.
import { Dexie } from 'dexie';
import fc from 'fast-check';
import type { Patient } from '@medplum/fhirtypes';
import { IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import type { FhirStore, SearchParams } from '../../src-core/store/fhir-store';
import { createMemoryStore } from '../../src-core/store/memory-store';
import type { StoreCipher } from '../../src-core/store/store-cipher';
import { CUI, outcomeOf, patient, steppingClock, validCui, type StoreDeps } from '../harness/store-contract';
import { openNodeDexieStore, type NodeDexieStore } from '../harness/store-dexie-node';
import { createTestCipher, randomTestCipherKeys } from '../harness/store-test-cipher';
import { nodeValidator } from '../harness/store-validator-node';

/** Wraps a cipher and counts how many bodies are opened. */
function counting(inner: StoreCipher): StoreCipher & { opened: number } {
  const wrapper = {
    opened: 0,
    seal: (plain: Uint8Array, aad: string) => inner.seal(plain, aad),
    open: (sealed: Uint8Array, aad: string) => {
      wrapper.opened++;
      return inner.open(sealed, aad);
    },
    token: (domain: string, value: string) => inner.token(domain, value),
    tokens: (domain: string, values: readonly string[]) => inner.tokens(domain, values),
  };
  return wrapper;
}

const deps = (): StoreDeps => ({ validator: nodeValidator(), ids: { uuid: () => crypto.randomUUID() }, clock: steppingClock() });

async function rawRows(sut: NodeDexieStore): Promise<Record<string, unknown[]>> {
  const db = new Dexie(sut.name, { indexedDB: sut.factory, IDBKeyRange });
  await db.open(); // opens whatever schema is there, without declaring one
  const out: Record<string, unknown[]> = {};
  for (const table of db.tables) out[table.name] = await table.toArray();
  db.close();
  return out;
}

describe('Dexie store at rest', () => {
  let sut: NodeDexieStore;
  let cipher: StoreCipher & { opened: number };

  beforeEach(async () => {
    cipher = counting(await createTestCipher());
    sut = await openNodeDexieStore(deps(), { cipher });
    return () => sut.close();
  });

  it('keeps plain metadata, a sealed body and hashed index entries only', async () => {
    const p = await sut.store.create(
      patient('Xiloj Tzoc', ['Tecún'], { identifier: [{ system: CUI, value: '2500123400101' }], birthDate: '1990-05-17' }),
    );
    await sut.store.update({ ...p, gender: 'male' });
    const rows = await rawRows(sut);
    expect(Object.keys(rows).sort()).toEqual(['attention', 'changes', 'conflicts', 'history', 'keys', 'meta', 'resources', 'syncState']);
    const [row] = rows.resources as Record<string, unknown>[];
    expect(row).toMatchObject({ key: `Patient/${p.id}`, resourceType: 'Patient', id: p.id, versionId: 2, deleted: 0 });
    expect(row?.body).toBeInstanceOf(Uint8Array);
    const idx = row?.idx as string[];
    expect(idx.length).toBeGreaterThan(20);
    for (const token of idx) expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const text = JSON.stringify(rows, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v));
    for (const secret of ['Xiloj', 'xiloj', 'Tzoc', 'tzoc', 'Tecún', 'tecun', '2500123400101', '1990-05-17', 'male']) {
      expect(text).not.toContain(secret);
    }
  });

  it('opens only the candidates the hashed index returns', async () => {
    const people = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        sut.store.create(
          patient(i % 10 === 0 ? 'Xiloj' : `Apellido${i}`, ['Nombre'], {
            identifier: [{ system: CUI, value: validCui(i) }],
            birthDate: `19${String(50 + i)}-01-15`,
          }),
        ),
      ),
    );
    const opened = async (params: SearchParams): Promise<number> => {
      cipher.opened = 0;
      await sut.store.search('Patient', params);
      return cipher.opened;
    };
    expect(await opened({ identifier: `${CUI}|${validCui(7)}` })).toBe(1);
    expect(await opened({ family: 'xil' })).toBe(3);
    expect(await opened({ birthdate: '1961-01-15' })).toBe(1);
    expect(await opened({ birthdate: ['ge1970', 'lt1972'] })).toBe(2);
    expect(await opened({ family: 'nobody' })).toBe(0);
    // A one-word name prefix is decided by the index: only the page is opened, unless the order
    // needs the bodies (sorting by a name).
    expect(await opened({ family: 'apellido', _count: '5' })).toBe(5);
    expect((await sut.store.search('Patient', { family: 'apellido', _count: '5' })).total).toBe(27);
    expect(await opened({ family: 'apellido', _count: '5', _sort: 'family' })).toBe(27);
    expect(await opened({ family: 'apellido nombre', _count: '5' })).toBe(27); // two words: same name?

    const target = people[3];
    if (target === undefined) throw new Error('no patient');
    for (let i = 0; i < 4; i++) {
      await sut.store.create({ resourceType: 'Observation', status: 'final', code: { text: 'peso' }, subject: { reference: `Patient/${target.id}` } });
    }
    cipher.opened = 0;
    expect(await sut.store.everythingForPatient(target.id)).toHaveLength(5);
    expect(cipher.opened).toBe(5);
  });

  it('rejects a body moved to another row (it is bound to its row and version)', async () => {
    const a = await sut.store.create(patient('Tzoc', ['Ana']));
    const b = await sut.store.create(patient('Xiloj', ['Beto']));
    const db = new Dexie(sut.name, { indexedDB: sut.factory, IDBKeyRange });
    await db.open();
    const resources = db.table<{ key: string; body: Uint8Array }>('resources');
    const rowB = await resources.get(`Patient/${b.id}`);
    if (rowB === undefined) throw new Error('row missing');
    await resources.update(`Patient/${a.id}`, { body: rowB.body });
    db.close();
    await expect(sut.store.read('Patient', a.id)).rejects.toThrow();
    expect((await sut.store.read('Patient', b.id)).name?.[0]?.family).toBe('Xiloj');
  });
});

describe('Dexie store on a locked session', () => {
  it('fails every operation with the cipher’s "store locked" outcome and writes nothing', async () => {
    const keys = randomTestCipherKeys();
    const cipher = await createTestCipher(keys);
    const sut = await openNodeDexieStore(deps(), { cipher });
    try {
      const p = await sut.store.create(patient('Xiloj', ['Ana']));
      const before = await sut.store.stats();
      const stillThere = await sut.store.history('Patient', p.id);
      cipher.lock();
      const attempts: (() => Promise<unknown>)[] = [
        () => sut.store.read('Patient', p.id),
        () => sut.store.create(patient('Tzoc', ['Beto'])),
        () => sut.store.update({ ...p, gender: 'female' }),
        () => sut.store.search('Patient', { family: 'xiloj' }),
        () => sut.store.everythingForPatient(p.id),
        () => sut.store.pendingChanges(),
        () => sut.store.history('Patient', p.id),
        () => sut.store.delete('Patient', p.id),
        () => sut.store.versionInfo('Patient', p.id),
        () => sut.store.stats(),
        () => sut.store.markSent([{ resourceType: 'Patient', id: p.id, versionId: '1', serverVersionId: 's1' }]),
        () => sut.store.importBundle({ resourceType: 'Bundle', type: 'transaction', entry: [{ request: { method: 'DELETE', url: `Patient/${p.id}` } }] }),
      ];
      for (const attempt of attempts) expect((await outcomeOf(attempt)).issue[0]?.code).toBe('login');
      // Unlocked again (a new session on the same data key), nothing has changed.
      const again = await openNodeDexieStore(deps(), { factory: sut.factory, name: sut.name, cipher: await createTestCipher(keys) });
      expect(await again.store.stats()).toEqual(before);
      expect(await again.store.history('Patient', p.id)).toEqual(stillThere);
      await again.close();
    } finally {
      await sut.close();
    }
  });
});

describe('Dexie store vs memory store on random data', () => {
  const families = ['Xiloj Tzoc', 'Peñate', "K'iche'", 'Tzoc Peñate', 'López', 'Ajpop', 'Cux Xiloj', 'Pérez Ixcoy'];
  const givens = ['María', 'José', 'Tecún', 'Ana Lucía', 'Juan'];
  const patientArb = fc.record({
    family: fc.constantFrom(...families),
    given: fc.constantFrom(...givens),
    birthDate: fc.oneof(
      fc.integer({ min: 1940, max: 2020 }).map(String),
      fc.tuple(fc.integer({ min: 1940, max: 2020 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(
        ([y, m, d]) => `${String(y)}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
      ),
    ),
    gender: fc.constantFrom<'male' | 'female'>('male', 'female'),
    cui: fc.integer({ min: 0, max: 50 }),
  });
  const queryArb: fc.Arbitrary<SearchParams> = fc.oneof(
    fc.tuple(fc.constantFrom('family', 'given', 'name'), fc.constantFrom('xil', 'tzoc', 'penate', 'peñ', 'kiche', 'lo', 'ma', 'juan', 'pe', 'ix')).map(
      ([k, v]): SearchParams => ({ [k]: v }),
    ),
    fc
      .tuple(fc.constantFrom('eq', 'ne', 'lt', 'gt', 'le', 'ge', 'sa', 'eb'), fc.integer({ min: 1940, max: 2020 }), fc.constantFrom('', '-06', '-06-15'))
      .map(([p, y, rest]): SearchParams => ({ birthdate: `${p}${String(y)}${rest}` })),
    fc.integer({ min: 0, max: 50 }).map((n): SearchParams => ({ identifier: `${CUI}|${validCui(n)}` })),
    fc.constantFrom<SearchParams>({ gender: 'male', family: 'xil' }, { birthdate: ['ge1970', 'lt1990'] }, { _sort: '-birthdate' }),
  );

  it('property: both stores give the same page, total and order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(patientArb, { minLength: 1, maxLength: 12 }),
        fc.array(fc.tuple(queryArb, fc.constantFrom<SearchParams>({}, { _sort: 'birthdate' }, { _sort: '_id' }, { _sort: '-_id' }, { _sort: 'family' })), { minLength: 1, maxLength: 6 }),
        async (people, queries) => {
        let next = 0;
        const same = (): StoreDeps => {
          next = 0;
          return {
            validator: nodeValidator(),
            ids: { uuid: () => `00000000-0000-4000-8000-${(next++).toString(16).padStart(12, '0')}` },
            clock: { now: () => new Date('2024-01-01T00:00:00Z') },
          };
        };
        const memory: FhirStore = createMemoryStore(same());
        const dexie = await openNodeDexieStore(same());
        try {
          for (const p of people) {
            const resource: Patient = patient(p.family, [p.given], {
              birthDate: p.birthDate,
              gender: p.gender,
              identifier: [{ system: CUI, value: validCui(p.cui) }],
            });
            await memory.create(resource);
          }
          next = 0;
          for (const p of people) {
            await dexie.store.create(
              patient(p.family, [p.given], { birthDate: p.birthDate, gender: p.gender, identifier: [{ system: CUI, value: validCui(p.cui) }] }),
            );
          }
          // Cursors differ by design (the Dexie store seals them); pages, totals and order may not.
          const page = async (store: FhirStore, params: SearchParams): Promise<[unknown, string | undefined]> => {
            const { next, ...rest } = await store.search('Patient', params);
            return [rest, next];
          };
          for (const [q, sort] of queries) {
            const params = { _count: '3', ...sort, ...q };
            const [fromMemory, memoryNext] = await page(memory, params);
            const [fromDexie, dexieNext] = await page(dexie.store, params);
            expect(fromDexie).toEqual(fromMemory);
            expect(dexieNext === undefined).toBe(memoryNext === undefined);
            if (memoryNext !== undefined && dexieNext !== undefined) {
              expect((await page(dexie.store, { ...params, _cursor: dexieNext }))[0]).toEqual((await page(memory, { ...params, _cursor: memoryNext }))[0]);
            }
          }
        } finally {
          await dexie.close();
        }
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);
});
