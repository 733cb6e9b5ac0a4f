// The store benchmark's page (built with Vite, served on loopback, driven by store.bench.ts
// through Playwright). Everything runs in Chromium: real IndexedDB, real WebCrypto, the product
// cipher (AES-GCM + HMAC data keys from src-core/store/crypto) and the product validator.
// Each step returns raw timings; the Node side turns them into figures.
import { Dexie } from 'dexie';
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';
import { CUI_SYSTEM } from '../../../src-core/fhir/canonical';
import { normalizeText } from '../../../src-core/fhir/terminology/normalize-text';
import type { ResourceValidator } from '../../../src-core/fhir/validation';
import { ceibaValidator } from '../../../src-core/fhir/validator';
import { AesGcmStoreCipher } from '../../../src-core/store/crypto/aes-gcm-store-cipher';
import { deriveDataKeys, importDataKeyMaterial } from '../../../src-core/store/crypto/data-key';
import { openDexieStore, type DexieFhirStore } from '../../../src-core/store/dexie-store';
import type { SearchParams } from '../../../src-core/store/fhir-store';
import type { StoreCipher } from '../../../src-core/store/store-cipher';
import { RESOURCES_PER_PATIENT, reidentify, rng, subsample, type GeneratedPatient } from './population';

/** Patients per transaction bundle when building the population. */
const PATIENTS_PER_BUNDLE = 20;

interface PopulationPatient extends GeneratedPatient {
  readonly id: string;
}

export interface StoreBenchApi {
  init(): Promise<{ bundles: number; resources: number }>;
  /** `validate: false` swaps in an accept-all validator, to show the store's own share. */
  importSynthea(validate: boolean): Promise<{ resources: number; ms: number }>;
  rawBulkPut(): Promise<{ resources: number; ms: number }>;
  validateOnly(): Promise<{ resources: number; ms: number }>;
  createSingles(count: number): Promise<number[]>;
  populate(patients: number): Promise<{ patients: number; resources: number; ms: number }>;
  queries(kind: QueryKind, count: number): Promise<number[]>;
}

export type QueryKind = 'identifier' | 'name_prefix' | 'date_range' | 'summary';

declare global {
  interface Window {
    ceibaStoreBench?: StoreBenchApi;
  }
}

let texts: string[] = [];
let validator: ResourceValidator;
let population: DexieFhirStore | undefined;
const people: PopulationPatient[] = [];
const random = rng(20_240_601);

async function productCipher(): Promise<StoreCipher> {
  const raw = globalThis.crypto.getRandomValues(new Uint8Array(32));
  return new AesGcmStoreCipher(await deriveDataKeys(await importDataKeyMaterial(raw)));
}

const acceptAll: ResourceValidator = { validate: () => [] };

async function freshStore(name: string, validate = true): Promise<DexieFhirStore> {
  await Dexie.delete(name);
  return openDexieStore({ name, cipher: await productCipher(), validator: validate ? validator : acceptAll });
}

const entriesOf = (text: string): BundleEntry[] => (JSON.parse(text) as Bundle).entry ?? [];
const countResources = (): number => texts.reduce((sum, t) => sum + entriesOf(t).length, 0);

const api: StoreBenchApi = {
  async init() {
    const list = (await (await fetch('/synthea/index.json')).json()) as string[];
    texts = await Promise.all(list.map(async (file) => (await fetch(`/synthea/${encodeURIComponent(file)}`)).text()));
    validator = ceibaValidator();
    // Warm up the validator, FHIRPath and WebCrypto once, outside every timing.
    const warm = await freshStore('bench-warmup');
    await warm.importBundle(texts[0] ?? '');
    warm.close();
    await Dexie.delete('bench-warmup');
    return { bundles: texts.length, resources: countResources() };
  },

  async importSynthea(validate) {
    const store = await freshStore('bench-import', validate);
    const start = performance.now();
    for (const text of texts) await store.importBundle(text);
    const ms = performance.now() - start;
    const { resources } = await store.stats();
    store.close();
    await Dexie.delete('bench-import');
    return { resources, ms };
  },

  async rawBulkPut() {
    await Dexie.delete('bench-raw');
    const db = new Dexie('bench-raw', { chromeTransactionDurability: 'strict' });
    db.version(1).stores({ raw: 'key' });
    await db.open();
    const table = db.table<{ key: string; resource: Resource }>('raw');
    let resources = 0;
    const start = performance.now();
    for (const text of texts) {
      const rows = entriesOf(text).map((e) => ({ key: e.fullUrl ?? crypto.randomUUID(), resource: e.resource as Resource }));
      await table.bulkPut(rows);
      resources += rows.length;
    }
    const ms = performance.now() - start;
    db.close();
    await Dexie.delete('bench-raw');
    return { resources, ms };
  },

  validateOnly() {
    let resources = 0;
    const start = performance.now();
    for (const text of texts) {
      for (const entry of entriesOf(text)) {
        validator.validate(entry.resource);
        resources++;
      }
    }
    return Promise.resolve({ resources, ms: performance.now() - start });
  },

  async createSingles(count) {
    const store = await freshStore('bench-create');
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const resource: Resource = {
        resourceType: 'Patient',
        name: [{ family: `Xiloj Tzoc ${String(i)}`, given: ['María'] }],
        birthDate: '1990-05-17',
        gender: 'female',
      };
      const start = performance.now();
      await store.create(resource);
      times.push(performance.now() - start);
    }
    store.close();
    await Dexie.delete('bench-create');
    return times;
  },

  async populate(patients) {
    population = await freshStore('bench-population');
    people.length = 0;
    const templates = texts.map((t) => subsample(JSON.parse(t) as Bundle, RESOURCES_PER_PATIENT));
    let resources = 0;
    const start = performance.now();
    for (let done = 0; done < patients; done += PATIENTS_PER_BUNDLE) {
      const entries: BundleEntry[] = [];
      const batch: GeneratedPatient[] = [];
      const firstIndex: number[] = [];
      for (let i = 0; i < Math.min(PATIENTS_PER_BUNDLE, patients - done); i++) {
        const { entries: cloned, patient } = reidentify(templates[Math.floor(random() * templates.length)] ?? [], random);
        firstIndex.push(entries.length + cloned.findIndex((e) => e.resource?.resourceType === 'Patient'));
        entries.push(...cloned);
        batch.push(patient);
      }
      const response = await population.importBundle({ resourceType: 'Bundle', type: 'transaction', entry: entries });
      resources += entries.length;
      batch.forEach((patient, i) => {
        const location = response.entry?.[firstIndex[i] ?? -1]?.response?.location ?? '';
        people.push({ ...patient, id: location.split('/')[1] ?? '' });
      });
      if (people.length % 1000 === 0) console.log(`bench: ${String(people.length)} patients, ${String(resources)} resources, ${String(Math.round((performance.now() - start) / 1000))} s`);
    }
    return { patients: people.length, resources, ms: performance.now() - start };
  },

  async queries(kind, count) {
    const store = population;
    if (store === undefined) throw new Error('populate first');
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const p = people[Math.floor(random() * people.length)];
      if (p === undefined) throw new Error('no population');
      const start = performance.now();
      if (kind === 'summary') {
        await store.everythingForPatient(p.id);
      } else {
        await store.search('Patient', paramsFor(kind, p));
      }
      times.push(performance.now() - start);
    }
    return times;
  },
};

function paramsFor(kind: Exclude<QueryKind, 'summary'>, p: PopulationPatient): SearchParams {
  switch (kind) {
    case 'identifier':
      return { identifier: `${CUI_SYSTEM}|${p.cui}` };
    case 'name_prefix':
      // What a nurse types: the first four letters of the first surname.
      return { family: normalizeText(p.family).slice(0, 4), _count: '20' };
    case 'date_range': {
      // Born in the same quarter as this patient.
      const year = p.birthDate.slice(0, 4);
      const quarter = Math.floor((Number(p.birthDate.slice(5, 7)) - 1) / 3);
      const from = `${year}-${String(quarter * 3 + 1).padStart(2, '0')}-01`;
      const to = quarter === 3 ? `${String(Number(year) + 1)}-01-01` : `${year}-${String(quarter * 3 + 4).padStart(2, '0')}-01`;
      return { birthdate: [`ge${from}`, `lt${to}`], _count: '20' };
    }
  }
}

window.ceibaStoreBench = api;
