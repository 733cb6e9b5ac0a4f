// Crash safety in Chromium (DESIGN §1: nothing is lost on a power cut mid-write). A Worker imports
// transaction bundles into the Dexie store; the page terminates it right after the commit of a
// bundle has opened its IndexedDB read-write transaction. Afterwards the store must hold every
// bundle that finished, the interrupted bundle whole or not at all, and exactly one change-log
// entry per resource — never a resource without its entry or an entry without its resource.
import { describe, expect, it } from 'vitest';
import { openDexieStore } from '../../src-core/store/dexie-store';
import type { FhirStore } from '../../src-core/store/fhir-store';
import { CRASH_TAG_SYSTEM, type CrashWorkerMessage, type CrashWorkerStart } from '../harness/store-crash-worker';
import { createTestCipher, randomTestCipherKeys } from '../harness/store-test-cipher';
import { browserValidator } from '../harness/store-validator-browser';

const OBSERVATIONS = 300;
const BUNDLE_SIZE = OBSERVATIONS + 1;
/** Bundles that must finish before the kill. */
const WARM_BUNDLES = 2;

interface Round {
  readonly dbName: string;
  readonly keys: CrashWorkerStart['keys'];
  /** The bundle whose commit was open when the worker was terminated. */
  readonly killed: number;
  /** Whether its completion was reported before the kill landed. */
  readonly reportedDone: boolean;
}

/** Runs the worker until the commit of bundle WARM_BUNDLES opens, then terminates it after `delayMs`. */
function killMidCommit(delayMs: number): Promise<Round> {
  const dbName = `ceiba-crash-${crypto.randomUUID()}`;
  const keys = randomTestCipherKeys();
  const worker = new Worker(new URL('../harness/store-crash-worker.ts', import.meta.url), { type: 'module' });
  return new Promise<Round>((resolve, reject) => {
    let current = -1;
    let killing = false;
    const done = new Set<number>();
    worker.addEventListener('message', (event: MessageEvent<CrashWorkerMessage>) => {
      const message = event.data;
      switch (message.type) {
        case 'error':
          worker.terminate();
          reject(new Error(message.message));
          return;
        case 'bundle-start':
          current = message.bundle;
          return;
        case 'bundle-done':
          done.add(message.bundle);
          return;
        case 'tx-open':
          if (killing || current < WARM_BUNDLES || !message.stores.includes('resources')) return;
          killing = true;
          setTimeout(() => {
            worker.terminate();
            resolve({ dbName, keys, killed: current, reportedDone: done.has(current) });
          }, delayMs);
          return;
        case 'ready':
        case 'tx-complete':
          return;
      }
    });
    worker.addEventListener('error', (event) => {
      reject(new Error(`worker failed: ${event.message}`));
    });
    worker.postMessage({ dbName, keys, observationsPerBundle: OBSERVATIONS } satisfies CrashWorkerStart);
  });
}

async function bundleCount(store: FhirStore, bundle: number): Promise<number> {
  const tag = `${CRASH_TAG_SYSTEM}|bundle-${String(bundle)}`;
  const patients = await store.search('Patient', { _tag: tag, _count: '0' });
  const observations = await store.search('Observation', { _tag: tag, _count: '0' });
  return patients.total + observations.total;
}

describe('crash safety (Chromium, Worker terminated mid-commit)', () => {
  it('leaves each bundle whole or absent, and resources and change log in step', async () => {
    const validator = await browserValidator();
    let interrupted = 0;
    // Short delays land inside the commit; longer ones usually after it (then the bundle is kept).
    for (const delayMs of [0, 0, 1, 3, 40, 120]) {
      const round = await killMidCommit(delayMs);
      const store = await openDexieStore({ name: round.dbName, cipher: await createTestCipher(round.keys), validator });
      try {
        const counts: number[] = [];
        for (let b = 0; b <= round.killed + 2; b++) counts.push(await bundleCount(store, b));
        for (const [b, count] of counts.entries()) {
          expect([0, BUNDLE_SIZE]).toContain(count); // whole or absent
          if (b < round.killed || (b === round.killed && round.reportedDone)) expect(count).toBe(BUNDLE_SIZE);
          if (b > 0 && count > 0) expect(counts[b - 1]).toBe(BUNDLE_SIZE); // imported in order
        }
        if (counts[round.killed] === 0) interrupted++;

        const stats = await store.stats();
        const changes = await store.pendingChanges();
        expect(stats.resources).toBe(counts.reduce((a, b) => a + b, 0));
        expect(stats.pendingChanges).toBe(stats.resources);
        expect(changes).toHaveLength(stats.resources);
        for (const change of changes) {
          expect(change.op).toBe('create');
          expect(change.resource?.meta?.versionId).toBe(change.versionId);
        }
        expect(new Set(changes.map((c) => c.seq)).size).toBe(changes.length);
        // The store still takes writes after the crash.
        await store.create({ resourceType: 'Patient', name: [{ family: 'Después' }] });
        expect((await store.stats()).pendingChanges).toBe(stats.resources + 1);
      } finally {
        store.close();
        indexedDB.deleteDatabase(round.dbName);
      }
    }
    // At least one kill landed inside an open commit and rolled it back.
    expect(interrupted).toBeGreaterThan(0);
  }, 120_000);
});
