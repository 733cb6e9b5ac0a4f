// The FhirStore contract (DESIGN §4): one suite, run against the memory store in Node, the Dexie
// store in Node (fake-indexeddb) and the Dexie store in Chromium (real IndexedDB). Platform-free,
// so the browser project can run it as it is.
import fc from 'fast-check';
import type {
  Bundle,
  Encounter,
  OperationOutcome,
  Patient,
  Resource,
} from '@medplum/fhirtypes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutcomeError } from '../../src-core/fhir/outcome';
import type { ResourceValidator } from '../../src-core/fhir/validation';
import type { Clock } from '../../src-core/platform/clock';
import type { Ids } from '../../src-core/platform/ids';
import type { FhirStore, SearchParams, StoreStats } from '../../src-core/store/fhir-store';
import { cuiCheckDigit } from '../../src-core/clinical/cui';
import { CUI_SYSTEM as CUI } from '../../src-core/fhir/canonical';

export interface StoreDeps {
  readonly validator: ResourceValidator;
  readonly ids: Ids;
  readonly clock: Clock;
}

export interface StoreUnderTest {
  readonly store: FhirStore;
  close(): Promise<void>;
}

export type StoreFactory = (deps: StoreDeps) => Promise<StoreUnderTest>;

/** A clock that moves one second forward on every reading, from 2024-01-01T00:00:00Z. */
export function steppingClock(start = Date.UTC(2024, 0, 1)): Clock & { peek(): string } {
  let t = start;
  return {
    now: () => {
      const d = new Date(t);
      t += 1000;
      return d;
    },
    peek: () => new Date(t).toISOString(),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export { CUI_SYSTEM as CUI } from '../../src-core/fhir/canonical';

/** The n-th valid CUI of a test series: serial, check digit, municipality 0101 (Guatemala). */
export function validCui(n: number): string {
  for (let serial = 30_000_000 + n * 20; ; serial++) {
    const check = cuiCheckDigit(String(serial));
    if (check !== null) return `${String(serial)}${String(check)}0101`;
  }
}

/** Runs `action`, expects an OutcomeError, and returns its outcome. */
export async function outcomeOf(action: () => Promise<unknown>): Promise<OperationOutcome> {
  try {
    await action();
  } catch (err) {
    if (err instanceof OutcomeError) return err.outcome;
    throw err;
  }
  throw new Error('expected an OutcomeError, but the action succeeded');
}

export const patient = (family: string, given: string[], extra: Partial<Patient> = {}): Patient => ({
  resourceType: 'Patient',
  name: [{ family, given }],
  ...extra,
});

const ids = (resources: readonly Resource[]): string[] => resources.map((r) => r.id ?? '?');

async function snapshot(store: FhirStore): Promise<{ stats: StoreStats; pending: number }> {
  return { stats: await store.stats(), pending: (await store.pendingChanges()).length };
}

export function describeStoreContract(name: string, factory: StoreFactory, validator: () => ResourceValidator): void {
  describe(`FhirStore contract: ${name}`, () => {
    let sut: StoreUnderTest;
    let store: FhirStore;
    let clock: ReturnType<typeof steppingClock>;

    beforeEach(async () => {
      clock = steppingClock();
      sut = await factory({ validator: validator(), ids: { uuid: () => globalThis.crypto.randomUUID() }, clock });
      store = sut.store;
    });

    afterEach(async () => {
      await sut.close();
    });

    /** Asserts that `action` fails with an outcome and leaves every count as it was. */
    async function rejectsUnchanged(action: () => Promise<unknown>): Promise<OperationOutcome> {
      const before = await snapshot(store);
      const result = await outcomeOf(action);
      expect(await snapshot(store)).toEqual(before);
      return result;
    }

    describe('create, read, update, delete, history', () => {
      it('creates under a device-assigned UUID with local version 1 and reads it back', async () => {
        const created = await store.create({ ...patient('Xiloj Tzoc', ['María']), id: 'ignored' });
        expect(created.id).toMatch(UUID);
        expect(created.meta.versionId).toBe('1');
        expect(created.meta.lastUpdated).toBe('2024-01-01T00:00:00.000Z');
        const read = await store.read('Patient', created.id);
        expect(read).toEqual(created);
        // What a caller holds is a copy: changing it changes nothing stored.
        read.name = [{ family: 'Otro' }];
        expect((await store.read('Patient', created.id)).name).toEqual([{ family: 'Xiloj Tzoc', given: ['María'] }]);
      });

      it('updates with a new local version and keeps every version in the history, newest first', async () => {
        const v1 = await store.create(patient('Tzoc', ['Ana']));
        const v2 = await store.update({ ...v1, gender: 'female' });
        expect(v2.meta.versionId).toBe('2');
        const history = await store.history('Patient', v1.id);
        expect(history.map((h) => [h.versionId, h.deleted, h.resource?.meta?.versionId])).toEqual([
          ['2', false, '2'],
          ['1', false, '1'],
        ]);
        expect(history[1]?.resource).toEqual(v1);
        expect(await store.versionInfo('Patient', v1.id)).toEqual({
          resourceType: 'Patient',
          id: v1.id,
          versionId: '2',
          lastUpdated: v2.meta.lastUpdated,
          deleted: false,
        });
      });

      it('rejects an update against a stale version (If-Match) and keeps the newer one', async () => {
        const v1 = await store.create(patient('Tzoc', ['Ana']));
        await store.update({ ...v1, gender: 'female' }, { ifMatch: '1' });
        const outcome = await rejectsUnchanged(() => store.update({ ...v1, gender: 'male' }, { ifMatch: '1' }));
        expect(outcome.issue[0]).toMatchObject({ code: 'conflict', expression: ['Patient.meta.versionId'] });
        expect((await store.read('Patient', v1.id)).gender).toBe('female');
      });

      it('update of an unknown id creates the resource under that id', async () => {
        const written = await store.update({ ...patient('Peñate', ['Luis']), id: 'client-id-1' });
        expect(written.meta.versionId).toBe('1');
        expect((await store.read('Patient', 'client-id-1')).name?.[0]?.family).toBe('Peñate');
      });

      it('deletes with a tombstone: read says deleted, history keeps it, search skips it', async () => {
        const p = await store.create(patient('Xiloj', ['Rosa']));
        await store.delete('Patient', p.id);
        expect((await outcomeOf(() => store.read('Patient', p.id))).issue[0]?.code).toBe('deleted');
        const history = await store.history('Patient', p.id);
        expect(history.map((h) => [h.versionId, h.deleted, h.resource === undefined])).toEqual([
          ['2', true, true],
          ['1', false, false],
        ]);
        expect((await store.versionInfo('Patient', p.id))?.deleted).toBe(true);
        expect((await store.search('Patient', { family: 'xiloj' })).total).toBe(0);
        await store.delete('Patient', p.id); // deleting again changes nothing
        expect((await store.history('Patient', p.id)).length).toBe(2);
        expect((await store.stats()).deleted).toBe(1);
      });

      it('a deleted resource can be written again under its id', async () => {
        const p = await store.create(patient('Xiloj', ['Rosa']));
        await store.delete('Patient', p.id);
        const again = await store.update({ ...patient('Xiloj', ['Rosa']), id: p.id });
        expect(again.meta.versionId).toBe('3');
        expect((await store.read('Patient', p.id)).meta.versionId).toBe('3');
      });

      it('reports a missing resource as not-found and an unknown type as not-supported', async () => {
        expect((await outcomeOf(() => store.read('Patient', 'nope'))).issue[0]?.code).toBe('not-found');
        expect((await outcomeOf(() => store.delete('Patient', 'nope'))).issue[0]?.code).toBe('not-found');
        expect((await outcomeOf(() => store.history('Patient', 'nope'))).issue[0]?.code).toBe('not-found');
        expect(await store.versionInfo('Patient', 'nope')).toBeUndefined();
        expect((await outcomeOf(() => store.read('Nonsense' as 'Patient', 'x'))).issue[0]?.code).toBe('not-supported');
      });
    });

    describe('validation and bad input leave the store unchanged', () => {
      beforeEach(async () => {
        await store.create(patient('Base', ['Existing']));
      });

      it('an invalid resource names the element path', async () => {
        const outcome = await rejectsUnchanged(() => store.create({ ...patient('Tzoc', ['Ana']), birthDate: 12 } as unknown as Patient));
        expect(outcome.issue).toEqual([expect.objectContaining({ severity: 'error', expression: ['Patient.birthDate'] })]);
      });

      it('malformed JSON', async () => {
        const outcome = await rejectsUnchanged(() => store.importBundle('{"resourceType":"Bundle","type":"transaction","entry":[{'));
        expect(outcome.issue[0]).toMatchObject({ code: 'structure', severity: 'error' });
        expect(outcome.issue[0]?.diagnostics).toMatch(/^malformed JSON/);
        expect(outcome.issue[0]?.details?.text).toBe('El archivo no contiene JSON válido.');
      });

      it('a missing resourceType', async () => {
        const single = await rejectsUnchanged(() => store.create({ name: [{ family: 'X' }] } as unknown as Patient));
        expect(single.issue[0]).toMatchObject({ code: 'required', expression: ['Resource.resourceType'] });
        const inBundle = await rejectsUnchanged(() =>
          store.importBundle({
            resourceType: 'Bundle',
            type: 'transaction',
            entry: [{ resource: { name: [] } as unknown as Patient, request: { method: 'POST', url: 'Patient' } }],
          }),
        );
        expect(inBundle.issue[0]).toMatchObject({ code: 'required', expression: ['Bundle.entry[0].resource.resourceType'] });
      });

      it('an unknown resource type', async () => {
        const outcome = await rejectsUnchanged(() => store.create({ resourceType: 'Patientt' } as unknown as Patient));
        expect(outcome.issue[0]).toMatchObject({ code: 'not-supported', expression: ['Patientt.resourceType'] });
      });

      it('a wrong data type, in a single write and inside a bundle', async () => {
        const single = await rejectsUnchanged(() => store.create({ resourceType: 'Patient', birthDate: 12 } as unknown as Patient));
        expect(single.issue[0]?.expression).toEqual(['Patient.birthDate']);
        const bundle: Bundle = {
          resourceType: 'Bundle',
          type: 'transaction',
          entry: [
            { fullUrl: 'urn:uuid:5d5b2a3e-0000-4000-8000-000000000001', resource: patient('Ok', ['Fine']), request: { method: 'POST', url: 'Patient' } },
            { resource: { resourceType: 'Patient', active: 'yes' } as unknown as Patient, request: { method: 'POST', url: 'Patient' } },
          ],
        };
        const inBundle = await rejectsUnchanged(() => store.importBundle(bundle));
        expect(inBundle.issue[0]?.expression).toEqual(['Bundle.entry[1].resource.active']);
      });

      it('an oversized resource (over 5 MB serialized)', async () => {
        const huge = { ...patient('Grande', ['Foto']), photo: [{ contentType: 'image/jpeg', data: 'A'.repeat(5 * 1024 * 1024 + 4) }] };
        const outcome = await rejectsUnchanged(() => store.create(huge));
        expect(outcome.issue[0]).toMatchObject({ code: 'too-long', expression: ['Patient'] });
        expect(outcome.issue[0]?.diagnostics).toMatch(/limit is 5242880/);
      });

      it('a dangling urn:uuid reference in a bundle', async () => {
        const outcome = await rejectsUnchanged(() =>
          store.importBundle({
            resourceType: 'Bundle',
            type: 'transaction',
            entry: [
              { fullUrl: 'urn:uuid:5d5b2a3e-0000-4000-8000-000000000002', resource: patient('Ok', ['Fine']), request: { method: 'POST', url: 'Patient' } },
              {
                fullUrl: 'urn:uuid:5d5b2a3e-0000-4000-8000-000000000003',
                resource: {
                  resourceType: 'Observation',
                  status: 'final',
                  code: { text: 'peso' },
                  subject: { reference: 'urn:uuid:5d5b2a3e-0000-4000-8000-00000000dead' },
                },
                request: { method: 'POST', url: 'Observation' },
              },
            ],
          }),
        );
        expect(outcome.issue[0]).toMatchObject({ code: 'not-found', expression: ['Bundle.entry[1].resource.subject.reference'] });
      });

      it('a bundle that is not importable (wrong type, unsupported method, conditional create)', async () => {
        const searchset = await rejectsUnchanged(() => store.importBundle({ resourceType: 'Bundle', type: 'searchset' }));
        expect(searchset.issue[0]).toMatchObject({ code: 'not-supported', expression: ['Bundle.type'] });
        const get = await rejectsUnchanged(() =>
          store.importBundle({ resourceType: 'Bundle', type: 'batch', entry: [{ request: { method: 'GET', url: 'Patient' } }] }),
        );
        expect(get.issue[0]).toMatchObject({ code: 'not-supported', expression: ['Bundle.entry[0].request.method'] });
        const conditional = await rejectsUnchanged(() =>
          store.importBundle({
            resourceType: 'Bundle',
            type: 'transaction',
            entry: [{ resource: patient('A', ['B']), request: { method: 'POST', url: 'Patient', ifNoneExist: 'identifier=x' } }],
          }),
        );
        expect(conditional.issue[0]?.code).toBe('not-supported');
      });
    });

    describe('importBundle', () => {
      const transaction = (): Bundle => ({
        resourceType: 'Bundle',
        type: 'transaction',
        entry: [
          {
            fullUrl: 'urn:uuid:11111111-1111-4111-8111-111111111111',
            resource: patient('Xiloj Tzoc', ['María'], { identifier: [{ system: CUI, value: '2500123400101' }] }),
            request: { method: 'POST', url: 'Patient' },
          },
          {
            fullUrl: 'urn:uuid:22222222-2222-4222-8222-222222222222',
            resource: {
              resourceType: 'Encounter',
              status: 'finished',
              class: { code: 'AMB' },
              subject: { reference: 'urn:uuid:11111111-1111-4111-8111-111111111111' },
            },
            request: { method: 'POST', url: 'Encounter' },
          },
          {
            resource: {
              resourceType: 'Observation',
              status: 'final',
              code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] },
              category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
              effectiveDateTime: '2024-01-15T09:00:00-06:00',
              valueQuantity: { value: 61.5, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' },
              subject: { reference: 'urn:uuid:11111111-1111-4111-8111-111111111111' },
              encounter: { reference: 'urn:uuid:22222222-2222-4222-8222-222222222222' },
            },
            request: { method: 'POST', url: 'Observation' },
          },
        ],
      });

      it('resolves urn:uuid references to the assigned ids and answers like a FHIR server', async () => {
        const response = await store.importBundle(transaction());
        expect(response.type).toBe('transaction-response');
        const locations = (response.entry ?? []).map((e) => e.response?.location ?? '');
        expect(locations.map((l) => l.replace(/\/[^/]+\/_history\/1$/, ''))).toEqual(['Patient', 'Encounter', 'Observation']);
        expect((response.entry ?? []).map((e) => e.response?.status)).toEqual(['201 Created', '201 Created', '201 Created']);
        const [patientId, encounterId, observationId] = locations.map((l) => l.split('/')[1] ?? '');
        expect(patientId).toMatch(UUID);
        const obs = await store.read('Observation', observationId ?? '');
        expect(obs.subject?.reference).toBe(`Patient/${patientId ?? ''}`);
        expect(obs.encounter?.reference).toBe(`Encounter/${encounterId ?? ''}`);
        expect((await store.stats()).resources).toBe(3);
      });

      it('is all or nothing: one invalid entry writes nothing', async () => {
        const bundle = transaction();
        (bundle.entry?.[2]?.resource as unknown as Record<string, unknown>).status = 'unheard-of';
        const outcome = await rejectsUnchanged(() => store.importBundle(bundle));
        expect(outcome.issue[0]).toMatchObject({ severity: 'error', expression: ['Bundle.entry[2].resource.status'] });
        expect((await store.stats()).resources).toBe(0);
      });

      it('applies PUT and DELETE entries, and imports collections and batches', async () => {
        const a = await store.create(patient('Tzoc', ['Ana']));
        const b = await store.create(patient('Tzoc', ['Beto']));
        const response = await store.importBundle({
          resourceType: 'Bundle',
          type: 'batch',
          entry: [
            { resource: { ...a, gender: 'female' }, request: { method: 'PUT', url: `Patient/${a.id}` } },
            { request: { method: 'DELETE', url: `Patient/${b.id}` } },
            { resource: { ...patient('Nuevo', ['Id']), id: 'given-id' }, request: { method: 'PUT', url: 'Patient/given-id' } },
          ],
        });
        expect(response.type).toBe('batch-response');
        expect((response.entry ?? []).map((e) => e.response?.status)).toEqual(['200 OK', '204 No Content', '200 OK']);
        expect((await store.read('Patient', a.id)).gender).toBe('female');
        expect((await store.versionInfo('Patient', b.id))?.deleted).toBe(true);
        await store.importBundle({ resourceType: 'Bundle', type: 'collection', entry: [{ resource: { ...patient('Col', ['Lection']), id: 'col-1' } }] });
        expect((await store.read('Patient', 'col-1')).name?.[0]?.family).toBe('Col');
      });
    });

    describe('search', () => {
      let maria: Patient & { id: string };
      let rosa: Patient & { id: string };
      let luis: Patient & { id: string };
      let kiche: Patient & { id: string };

      beforeEach(async () => {
        maria = await store.create(
          patient('Xiloj Tzoc', ['María', 'Isabel'], {
            identifier: [{ system: CUI, value: '2500123400101' }, { value: 'EXP-001' }],
            gender: 'female',
            birthDate: '1990-05-17',
            meta: { tag: [{ system: 'urn:ceiba:puesto', code: 'P-01' }] },
          }),
        );
        rosa = await store.create(
          patient('Peñate', ['Rosa'], {
            identifier: [{ system: CUI, value: '1999888700101' }],
            gender: 'female',
            birthDate: '1985',
            meta: { profile: ['https://ceiba.mspas.gob.gt/fhir/StructureDefinition/ceiba-patient'] },
          }),
        );
        luis = await store.create(patient('Tzoc Peñate', ['Luis'], { gender: 'male', birthDate: '2001-11-02' }));
        kiche = await store.create(patient("K'iche' Ajpop", ['Tecún'], { gender: 'male' }));
      });

      const found = async (type: 'Patient' | 'Observation' | 'Encounter', params: SearchParams): Promise<string[]> =>
        ids((await store.search(type, { _count: '100', ...params })).resources).sort();
      const sorted = (...list: { id: string }[]): string[] => list.map((p) => p.id).sort();

      it('string: case- and accent-insensitive prefix of any name part, two surnames, Mayan names', async () => {
        expect(await found('Patient', { family: 'xiloj' })).toEqual(sorted(maria));
        expect(await found('Patient', { family: 'TZOC' })).toEqual(sorted(maria, luis));
        expect(await found('Patient', { family: 'penate' })).toEqual(sorted(rosa, luis));
        expect(await found('Patient', { family: 'peñate' })).toEqual(sorted(rosa, luis));
        expect(await found('Patient', { family: 'Peña' })).toEqual(sorted(rosa, luis));
        expect(await found('Patient', { family: 'kiche' })).toEqual(sorted(kiche));
        expect(await found('Patient', { family: "K'iche'" })).toEqual(sorted(kiche));
        expect(await found('Patient', { family: 'ajp' })).toEqual(sorted(kiche));
        expect(await found('Patient', { given: 'isa' })).toEqual(sorted(maria));
        expect(await found('Patient', { name: 'maria xil' })).toEqual(sorted(maria));
        expect(await found('Patient', { name: 'tecun' })).toEqual(sorted(kiche));
        expect(await found('Patient', { family: 'iloj' })).toEqual([]); // prefix, not substring
        expect(await found('Patient', { family: 'Xiloj Tzoc' })).toEqual(sorted(maria));
        expect(await found('Patient', { 'family:exact': 'Xiloj Tzoc' })).toEqual(sorted(maria));
        expect(await found('Patient', { 'family:exact': 'xiloj tzoc' })).toEqual([]);
        expect(await found('Patient', { family: 'xiloj,ajpop' })).toEqual(sorted(maria, kiche));
        expect(await found('Patient', { family: 'a-very-long-surname-prefix-beyond-sixteen' })).toEqual([]);
      });

      it('token: identifier system|value, value, |value, system|; gender', async () => {
        expect(await found('Patient', { identifier: `${CUI}|2500123400101` })).toEqual(sorted(maria));
        expect(await found('Patient', { identifier: '2500123400101' })).toEqual(sorted(maria));
        expect(await found('Patient', { identifier: `${CUI}|1999888700101,${CUI}|2500123400101` })).toEqual(sorted(maria, rosa));
        expect(await found('Patient', { identifier: '|EXP-001' })).toEqual(sorted(maria));
        expect(await found('Patient', { identifier: '|2500123400101' })).toEqual([]);
        expect(await found('Patient', { identifier: `${CUI}|` })).toEqual(sorted(maria, rosa));
        expect(await found('Patient', { identifier: 'other|2500123400101' })).toEqual([]);
        expect(await found('Patient', { gender: 'male' })).toEqual(sorted(luis, kiche));
        expect(await found('Patient', { gender: 'female', family: 'tzoc' })).toEqual(sorted(maria));
      });

      it('date: eq/ne/lt/gt/le/ge with FHIR range semantics on partial dates', async () => {
        expect(await found('Patient', { birthdate: '1990-05-17' })).toEqual(sorted(maria));
        expect(await found('Patient', { birthdate: '1990' })).toEqual(sorted(maria));
        expect(await found('Patient', { birthdate: '1985' })).toEqual(sorted(rosa));
        expect(await found('Patient', { birthdate: '1985-06' })).toEqual([]); // the year is wider than June
        expect(await found('Patient', { birthdate: 'ne1990-05-17' })).toEqual(sorted(rosa, luis));
        expect(await found('Patient', { birthdate: 'lt1990-05-17' })).toEqual(sorted(rosa));
        expect(await found('Patient', { birthdate: 'le1990-05-17' })).toEqual(sorted(maria, rosa));
        expect(await found('Patient', { birthdate: 'gt1990-05-17' })).toEqual(sorted(luis));
        expect(await found('Patient', { birthdate: 'ge1990-05-17' })).toEqual(sorted(maria, luis));
        expect(await found('Patient', { birthdate: 'lt1985-06-01' })).toEqual(sorted(rosa)); // 1985 overlaps before June
        expect(await found('Patient', { birthdate: 'gt1985-06-01' })).toEqual(sorted(maria, rosa, luis));
        expect(await found('Patient', { birthdate: ['ge1990-01-01', 'lt2002'] })).toEqual(sorted(maria, luis));
        expect(await found('Patient', { birthdate: 'sa1990' })).toEqual(sorted(luis));
        expect(await found('Patient', { birthdate: 'eb1990' })).toEqual(sorted(rosa));
      });

      it('date over Periods and dateTimes with time zones', async () => {
        const enc = (start: string, end?: string): Promise<Encounter & { id: string }> =>
          store.create({
            resourceType: 'Encounter',
            status: 'finished',
            class: { code: 'AMB' },
            subject: { reference: `Patient/${maria.id}` },
            period: end === undefined ? { start } : { start, end },
          });
        const morning = await enc('2024-03-05T08:00:00-06:00', '2024-03-05T08:30:00-06:00');
        const lateNight = await enc('2024-03-05T23:30:00-06:00', '2024-03-06T00:10:00-06:00'); // 05:30Z–06:10Z on the 6th
        const open = await enc('2024-01-01');
        expect(await found('Encounter', { date: '2024-03-05' })).toEqual(sorted(morning));
        expect(await found('Encounter', { date: '2024-03-06' })).toEqual(sorted(lateNight));
        expect(await found('Encounter', { date: 'ge2024-03-06' })).toEqual(sorted(lateNight, open));
        expect(await found('Encounter', { date: 'lt2024-03-05T14:01:00Z' })).toEqual(sorted(morning, open));
        expect(await found('Encounter', { date: 'gt2030-01-01' })).toEqual(sorted(open)); // no end: still going
        expect(await found('Encounter', { date: '2024-03' })).toEqual(sorted(morning, lateNight));
        expect(await found('Encounter', { date: 'lt2023-12-31' })).toEqual([]);
        // Disjoint windows still match one period spanning both.
        expect(await found('Encounter', { date: ['ge2030-01-01', 'lt2024-01-02'] })).toEqual(sorted(open));
        expect(await found('Encounter', { date: ['ge2024-03-05', 'lt2024-03-06'] })).toEqual(sorted(morning, open));
      });

      it('reference: patient, subject, encounter; Type/id, plain id and :Type', async () => {
        const enc = await store.create({ resourceType: 'Encounter', status: 'finished', class: { code: 'AMB' }, subject: { reference: `Patient/${rosa.id}` } });
        const o1 = await store.create({
          resourceType: 'Observation',
          status: 'final',
          code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] },
          category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
          effectiveDateTime: '2024-01-15T09:00:00-06:00',
          valueQuantity: { value: 61.5, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' },
          subject: { reference: `Patient/${rosa.id}` },
          encounter: { reference: `Encounter/${enc.id}` },
        });
        const o2 = await store.create({
          resourceType: 'Observation',
          status: 'preliminary',
          code: { coding: [{ system: 'http://loinc.org', code: '8302-2' }] },
          category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
          effectiveDateTime: '2024-01-15T09:00:00-06:00',
          valueQuantity: { value: 152, unit: 'cm', system: 'http://unitsofmeasure.org', code: 'cm' },
          subject: { reference: `Patient/${maria.id}` },
        });
        expect(await found('Observation', { patient: `Patient/${rosa.id}` })).toEqual(sorted(o1));
        expect(await found('Observation', { patient: rosa.id })).toEqual(sorted(o1));
        expect(await found('Observation', { subject: `Patient/${maria.id}` })).toEqual(sorted(o2));
        expect(await found('Observation', { 'subject:Patient': maria.id })).toEqual(sorted(o2));
        expect(await found('Observation', { encounter: `Encounter/${enc.id}` })).toEqual(sorted(o1));
        expect(await found('Encounter', { patient: rosa.id })).toEqual(sorted(enc));
        expect(await found('Observation', { code: '29463-7' })).toEqual(sorted(o1));
        expect(await found('Observation', { code: 'http://loinc.org|8302-2' })).toEqual(sorted(o2));
        expect(await found('Observation', { status: 'final,preliminary' })).toEqual(sorted(o1, o2));
      });

      it('_id, _lastUpdated, _tag, _profile', async () => {
        expect(await found('Patient', { _id: `${rosa.id},${luis.id}` })).toEqual(sorted(rosa, luis));
        const rosaTime = rosa.meta?.lastUpdated ?? '';
        expect(await found('Patient', { _lastUpdated: `gt${rosaTime}` })).toEqual(sorted(luis, kiche));
        expect(await found('Patient', { _lastUpdated: `le${rosaTime}` })).toEqual(sorted(maria, rosa));
        expect(await found('Patient', { _tag: 'urn:ceiba:puesto|P-01' })).toEqual(sorted(maria));
        expect(await found('Patient', { _profile: 'https://ceiba.mspas.gob.gt/fhir/StructureDefinition/ceiba-patient' })).toEqual(sorted(rosa));
      });

      it('_sort by birthdate, family and -_lastUpdated; missing values last', async () => {
        const order = async (sort: string): Promise<string[]> => ids((await store.search('Patient', { _sort: sort })).resources);
        expect(await order('birthdate')).toEqual([rosa.id, maria.id, luis.id, kiche.id]);
        expect(await order('-birthdate')).toEqual([luis.id, maria.id, rosa.id, kiche.id]);
        expect(await order('family')).toEqual([kiche.id, rosa.id, luis.id, maria.id]);
        expect(await order('-_lastUpdated')).toEqual([kiche.id, luis.id, rosa.id, maria.id]);
        expect(await order('gender,-birthdate')).toEqual([maria.id, rosa.id, luis.id, kiche.id]);
      });

      it('_count pages with a stable cursor, even when resources are written between pages', async () => {
        const first = await store.search('Patient', { _sort: 'family', _count: '2' });
        expect(first.total).toBe(4);
        expect(ids(first.resources)).toEqual([kiche.id, rosa.id]);
        expect(first.next).toBeDefined();
        // Between pages: one new patient sorting before the cursor, one after it.
        await store.create(patient('Aaa', ['Antes']));
        const zzz = await store.create(patient('Zzz', ['Después']));
        const second = await store.search('Patient', { _sort: 'family', _count: '2', _cursor: first.next ?? '' });
        expect(ids(second.resources)).toEqual([luis.id, maria.id]);
        const third = await store.search('Patient', { _sort: 'family', _count: '2', _cursor: second.next ?? '' });
        expect(ids(third.resources)).toEqual([zzz.id]);
        expect(third.next).toBeUndefined();
        const wrongScope = await outcomeOf(() => store.search('Patient', { _sort: 'birthdate', _cursor: first.next ?? '' }));
        expect(wrongScope.issue[0]?.code).toBe('invalid');
        expect((await outcomeOf(() => store.search('Patient', { _cursor: 'not-a-cursor!' }))).issue[0]?.code).toBe('invalid');
        expect((await store.search('Patient', { _count: '0' })).resources).toEqual([]);
      });

      it('_include and _revinclude', async () => {
        const o1 = await store.create({
          resourceType: 'Observation',
          status: 'final',
          code: { text: 'peso' },
          subject: { reference: `Patient/${maria.id}` },
        });
        const inc = await store.search('Observation', { _include: 'Observation:patient' });
        expect(ids(inc.resources)).toEqual([o1.id]);
        expect(ids(inc.included)).toEqual([maria.id]);
        const rev = await store.search('Patient', { family: 'xiloj', _revinclude: 'Observation:subject' });
        expect(ids(rev.resources)).toEqual([maria.id]);
        expect(ids(rev.included)).toEqual([o1.id]);
        expect((await store.search('Patient', { family: 'penate', _revinclude: 'Observation:subject' })).included).toEqual([]);
      });

      it('unsupported parameters, modifiers and prefixes are errors, never ignored', async () => {
        const code = async (params: SearchParams, type: 'Patient' | 'Observation' = 'Patient'): Promise<string | undefined> =>
          (await outcomeOf(() => store.search(type, params))).issue[0]?.code;
        expect(await code({ nonsense: 'x' })).toBe('not-supported');
        expect(await code({ phonetic: 'shiloh' })).toBe('not-supported');
        expect(await code({ 'name:contains': 'iloj' })).toBe('not-supported');
        expect(await code({ 'gender:not': 'male' })).toBe('not-supported');
        expect(await code({ 'general-practitioner.name': 'x' })).toBe('not-supported');
        expect(await code({ _summary: 'true' })).toBe('not-supported');
        expect(await code({ 'value-quantity': '5' }, 'Observation')).toBe('not-supported');
        expect(await code({ birthdate: 'ap1990' })).toBe('not-supported');
        expect(await code({ '_include:iterate': 'Patient:link' })).toBe('not-supported');
        expect(await code({ birthdate: 'yesterday' })).toBe('invalid');
        expect(await code({ _count: 'many' })).toBe('invalid');
        expect(await code({ _sort: 'nonsense' })).toBe('not-supported');
      });
    });

    describe('everythingForPatient', () => {
      it('returns the patient and exactly its compartment', async () => {
        const p = await store.create(patient('Xiloj', ['Ana']));
        const other = await store.create(patient('Tzoc', ['Beto']));
        const enc = await store.create({ resourceType: 'Encounter', status: 'finished', class: { code: 'AMB' }, subject: { reference: `Patient/${p.id}` } });
        const obs = await store.create({ resourceType: 'Observation', status: 'final', code: { text: 'peso' }, subject: { reference: `Patient/${p.id}` } });
        const cond = await store.create({ resourceType: 'Condition', subject: { reference: `Patient/${p.id}` }, code: { text: 'tos' } });
        await store.create({ resourceType: 'Observation', status: 'final', code: { text: 'talla' }, subject: { reference: `Patient/${other.id}` } });
        await store.create({ resourceType: 'Organization', name: 'Puesto de Salud' });
        const deleted = await store.create({ resourceType: 'Observation', status: 'final', code: { text: 'x' }, subject: { reference: `Patient/${p.id}` } });
        await store.delete('Observation', deleted.id);
        const everything = await store.everythingForPatient(p.id);
        expect(everything[0]?.id).toBe(p.id);
        expect(everything.map((r) => `${r.resourceType}/${r.id ?? ''}`).slice(1)).toEqual(
          [`Condition/${cond.id}`, `Encounter/${enc.id}`, `Observation/${obs.id}`].sort(),
        );
        expect((await outcomeOf(() => store.everythingForPatient('nope'))).issue[0]?.code).toBe('not-found');
      });
    });

    describe('change log', () => {
      const pending = async (): Promise<string[]> =>
        (await store.pendingChanges()).map((c) => `${c.op} ${c.resourceType}/${c.id} v${c.versionId} base=${c.baseServerVersionId ?? '-'}`);

      it('squashes create+update into create, records If-Match bases after sync, and drops create+delete', async () => {
        const p = await store.create(patient('Xiloj', ['Ana']));
        await store.update({ ...p, gender: 'female' });
        expect(await pending()).toEqual([`create Patient/${p.id} v2 base=-`]);
        const [change] = await store.pendingChanges();
        expect(change?.resource).toMatchObject({ gender: 'female', meta: { versionId: '2' } });

        await store.markSent([{ resourceType: 'Patient', id: p.id, versionId: '2', serverVersionId: 's7' }]);
        expect(await pending()).toEqual([]);
        expect((await store.versionInfo('Patient', p.id))?.serverVersionId).toBe('s7');

        const v3 = await store.update({ ...(await store.read('Patient', p.id)), gender: 'other' });
        await store.update({ ...v3, gender: 'unknown' });
        expect(await pending()).toEqual([`update Patient/${p.id} v4 base=s7`]);
        await store.delete('Patient', p.id);
        expect(await pending()).toEqual([`delete Patient/${p.id} v5 base=s7`]);

        const q = await store.create(patient('Tzoc', ['Beto']));
        await store.delete('Patient', q.id);
        expect(await pending()).toEqual([`delete Patient/${p.id} v5 base=s7`]);
      });

      it('a version acknowledged while a newer one exists stays pending as an update on the new base', async () => {
        const p = await store.create(patient('Xiloj', ['Ana']));
        await store.update({ ...p, gender: 'female' });
        await store.markSent([{ resourceType: 'Patient', id: p.id, versionId: '1', serverVersionId: 's1' }]);
        expect(await pending()).toEqual([`update Patient/${p.id} v2 base=s1`]);
        const bad = await outcomeOf(() => store.markSent([{ resourceType: 'Patient', id: p.id, versionId: '9', serverVersionId: 's9' }]));
        expect(bad.issue[0]?.code).toBe('invalid');
      });

      it('lists referenced resources before the resources that reference them, deletions last in reverse', async () => {
        // Written child first: the Observation references a Patient written after it.
        const obs = await store.update({ resourceType: 'Observation', id: 'obs-1', status: 'final', code: { text: 'peso' }, subject: { reference: 'Patient/pat-1' } });
        const enc = await store.update({ resourceType: 'Encounter', id: 'enc-1', status: 'finished', class: { code: 'AMB' }, subject: { reference: 'Patient/pat-1' } });
        await store.update({ ...obs, encounter: { reference: 'Encounter/enc-1' } });
        await store.update({ ...patient('Xiloj', ['Ana']), id: 'pat-1' });
        expect((await store.pendingChanges()).map((c) => c.id)).toEqual(['pat-1', 'enc-1', 'obs-1']);

        await store.markSent([
          { resourceType: 'Patient', id: 'pat-1', versionId: '1', serverVersionId: 'a' },
          { resourceType: 'Encounter', id: enc.id, versionId: '1', serverVersionId: 'b' },
          { resourceType: 'Observation', id: obs.id, versionId: '2', serverVersionId: 'c' },
        ]);
        await store.delete('Patient', 'pat-1');
        await store.delete('Encounter', 'enc-1');
        await store.delete('Observation', 'obs-1');
        expect((await store.pendingChanges()).map((c) => `${c.op} ${c.id}`)).toEqual(['delete obs-1', 'delete enc-1', 'delete pat-1']);
      });

      it('property: any sequence of writes, deletes and acknowledgements leaves exactly the net effect', async () => {
        type Op = { readonly kind: 'write' | 'delete' | 'sync'; readonly target: number };
        interface Model {
          version: number; // newest local version (0: never written)
          deleted: boolean; // the newest local version is a deletion
          syncedVersion?: number; // the local version the server acknowledged last
          server?: string; // the server's versionId from that acknowledgement
        }
        const opArb = fc.record({
          kind: fc.constantFrom<Op['kind']>('write', 'write', 'delete', 'sync'),
          target: fc.integer({ min: 0, max: 2 }),
        });
        const expectedEntry = (id: string, m: Model): string[] => {
          if (m.version === 0 || m.syncedVersion === m.version) return [];
          if (m.server === undefined) return m.deleted ? [] : [`create ${id} v${m.version} base=-`];
          return [`${m.deleted ? 'delete' : 'update'} ${id} v${m.version} base=${m.server}`];
        };
        await fc.assert(
          fc.asyncProperty(fc.array(opArb, { maxLength: 14 }), async (ops) => {
            const local = await factory({ validator: validator(), ids: { uuid: () => globalThis.crypto.randomUUID() }, clock: steppingClock() });
            try {
              const model = new Map<string, Model>();
              let serial = 0;
              for (const op of ops) {
                const id = `r${op.target}`;
                const m = model.get(id) ?? { version: 0, deleted: false };
                model.set(id, m);
                if (op.kind === 'write') {
                  await local.store.update({ ...patient(`F${serial++}`, ['G']), id });
                  m.version++;
                  m.deleted = false;
                } else if (op.kind === 'delete') {
                  if (m.version === 0) continue;
                  await local.store.delete('Patient', id);
                  if (!m.deleted) m.version++;
                  m.deleted = true;
                } else {
                  const change = (await local.store.pendingChanges()).find((c) => c.id === id);
                  if (change === undefined) continue;
                  m.server = `s${serial++}`;
                  m.syncedVersion = Number(change.versionId);
                  await local.store.markSent([{ resourceType: 'Patient', id, versionId: change.versionId, serverVersionId: m.server }]);
                }
              }
              const expected = [...model.entries()].flatMap(([id, m]) => expectedEntry(id, m)).sort();
              const changes = await local.store.pendingChanges();
              expect(changes.map((c) => `${c.op} ${c.id} v${c.versionId} base=${c.baseServerVersionId ?? '-'}`).sort()).toEqual(expected);
              for (const c of changes) {
                expect((await local.store.versionInfo('Patient', c.id))?.versionId).toBe(c.versionId);
                expect(c.resource?.meta?.versionId).toBe(c.op === 'delete' ? undefined : c.versionId);
              }
              expect((await local.store.stats()).pendingChanges).toBe(expected.length);
            } finally {
              await local.close();
            }
          }),
          { numRuns: 40 },
        );
      });
    });
  });
}
