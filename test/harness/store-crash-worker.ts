// The worker of the crash test (test/browser/store-crash.test.ts): it imports one synthetic
// transaction bundle after another into the Dexie store until the page terminates it. It reports
// each bundle's start and end, and — through a wrapper on IDBDatabase.prototype.transaction, test
// instrumentation only — the moment each read-write IndexedDB transaction opens and completes, so
// the page can kill it while a commit is in flight.
import type { Bundle } from '@medplum/fhirtypes';
import { openDexieStore } from '../../src-core/store/dexie-store';
import { createTestCipher, type TestCipherKeys } from './store-test-cipher';
import { browserValidator } from './store-validator-browser';

export interface CrashWorkerStart {
  readonly dbName: string;
  readonly keys: TestCipherKeys;
  readonly observationsPerBundle: number;
}

export type CrashWorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'bundle-start'; readonly bundle: number }
  | { readonly type: 'bundle-done'; readonly bundle: number }
  | { readonly type: 'tx-open'; readonly stores: string }
  | { readonly type: 'tx-complete'; readonly stores: string }
  | { readonly type: 'error'; readonly message: string };

export const CRASH_TAG_SYSTEM = 'urn:ceiba:crash-test';

const send = (message: CrashWorkerMessage): void => {
  postMessage(message);
};

function instrumentTransactions(): void {
  const original: (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) => IDBTransaction =
    // eslint-disable-next-line @typescript-eslint/unbound-method -- re-bound with apply below
    IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>): IDBTransaction {
    const tx = original.apply(this, args);
    if (args[1] === 'readwrite') {
      const stores = [...tx.objectStoreNames].join(',');
      send({ type: 'tx-open', stores });
      tx.addEventListener('complete', () => {
        send({ type: 'tx-complete', stores });
      });
    }
    return tx;
  };
}

/** One patient and `observations` observations, every resource tagged with its bundle number. */
export function crashBundle(bundle: number, observations: number): Bundle {
  const tag = [{ system: CRASH_TAG_SYSTEM, code: `bundle-${String(bundle)}` }];
  const patientUrl = `urn:uuid:${crypto.randomUUID()}`;
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: [
      {
        fullUrl: patientUrl,
        resource: { resourceType: 'Patient', meta: { tag }, name: [{ family: `Apellido${String(bundle)}`, given: ['Prueba'] }] },
        request: { method: 'POST', url: 'Patient' },
      },
      ...Array.from({ length: observations }, (_, i) => ({
        fullUrl: `urn:uuid:${crypto.randomUUID()}`,
        resource: {
          resourceType: 'Observation' as const,
          meta: { tag },
          status: 'final' as const,
          category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
          code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] },
          subject: { reference: patientUrl },
          effectiveDateTime: `2024-01-${String((i % 28) + 1).padStart(2, '0')}T08:00:00Z`,
          valueQuantity: { value: 40 + (i % 30), unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' },
        },
        request: { method: 'POST' as const, url: 'Observation' },
      })),
    ],
  };
}

async function run(start: CrashWorkerStart): Promise<void> {
  instrumentTransactions(); // before opening: Dexie binds IDBDatabase.transaction when it opens
  const store = await openDexieStore({
    name: start.dbName,
    cipher: await createTestCipher(start.keys),
    validator: await browserValidator(),
  });
  send({ type: 'ready' });
  for (let bundle = 0; ; bundle++) {
    const input = crashBundle(bundle, start.observationsPerBundle);
    send({ type: 'bundle-start', bundle });
    await store.importBundle(input);
    send({ type: 'bundle-done', bundle });
  }
}

addEventListener('message', (event: MessageEvent<CrashWorkerStart>) => {
  run(event.data).catch((err: unknown) => {
    send({ type: 'error', message: err instanceof Error ? `${err.name}: ${err.message}` : 'failed' });
  });
});
