// The Dexie store prepares a sync commit (seals bodies, hashes index entries) outside its
// IndexedDB transaction, so a local write can land between the plan and the commit. These tests
// hold the commit at exactly that point with a cipher that pauses one seal, write locally, and
// then let it go: the commit must notice, plan again, and never overwrite the newer local edit.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { Patient } from '@medplum/fhirtypes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDexieStore, type DexieFhirStore } from '../../src-core/store/dexie-store';
import type { StoreCipher } from '../../src-core/store/store-cipher';
import { outcomeOf, patient, steppingClock } from '../harness/store-contract';
import { remoteVersion } from '../harness/store-sync-contract';
import { createTestCipher } from '../harness/store-test-cipher';
import { nodeValidator } from '../harness/store-validator-node';

interface Gate {
  /** Resolves when the held seal has been called. */
  readonly reached: Promise<void>;
  release(): void;
}

/** A cipher whose next seal waits until released. */
function pausingCipher(inner: StoreCipher): StoreCipher & { holdNextSeal(): Gate } {
  let held: { arrived: () => void; go: Promise<void> } | undefined;
  return {
    holdNextSeal() {
      let arrived = (): void => undefined;
      let release = (): void => undefined;
      const reached = new Promise<void>((resolve) => (arrived = resolve));
      const go = new Promise<void>((resolve) => (release = resolve));
      held = { arrived, go };
      return { reached, release };
    },
    async seal(plain, aad) {
      const hold = held;
      held = undefined;
      if (hold !== undefined) {
        hold.arrived();
        await hold.go;
      }
      return inner.seal(plain, aad);
    },
    open: (sealed, aad) => inner.open(sealed, aad),
    token: (domain, value) => inner.token(domain, value),
    tokens: (domain, values) => inner.tokens(domain, values),
  };
}

const serverPatient = (family: string, extra: Partial<Patient> = {}): Patient & { id: string } => ({ ...patient(family, ['Remoto'], extra), id: 'p-1' });

describe('Dexie sync commits racing local writes', () => {
  let store: DexieFhirStore;
  let cipher: ReturnType<typeof pausingCipher>;

  beforeEach(async () => {
    cipher = pausingCipher(await createTestCipher());
    store = await openDexieStore({
      name: 'races',
      cipher,
      validator: nodeValidator(),
      clock: steppingClock(),
      indexedDB: new IDBFactory(),
      IDBKeyRange,
    });
    await store.applyRemote([remoteVersion(serverPatient('Xiloj'), '1')]);
  });

  afterEach(() => {
    store.close();
  });

  it('a pulled version planned before a local edit is returned pending, not written over it', async () => {
    const theirs = remoteVersion(serverPatient('Servidor'), '2');
    const gate = cipher.holdNextSeal();
    const pulling = store.applyRemote([theirs], { 'pull.Patient': 'w2' });
    await gate.reached; // planned (nothing pending then) and sealing
    await store.update({ ...(await store.read('Patient', 'p-1')), gender: 'female' });
    gate.release();
    expect(await pulling).toEqual({ applied: 0, unchanged: 0, pending: [theirs], rejected: [] });
    const read = await store.read('Patient', 'p-1');
    expect([read.name?.[0]?.family, read.gender, read.meta.versionId]).toEqual(['Xiloj', 'female', '2']);
    expect((await store.pendingChanges()).map((c) => `${c.op} v${c.versionId} base=${c.baseServerVersionId ?? '-'}`)).toEqual(['update v2 base=1']);
    expect(await store.readSyncState('pull.Patient')).toBe('w2'); // the page's watermark still commits
  });

  it('a rebase computed from a version a person has since edited fails with a conflict and writes nothing', async () => {
    const edited = await store.update({ ...(await store.read('Patient', 'p-1')), gender: 'female' });
    const gate = cipher.holdNextSeal();
    const rebasing = store.rebase(remoteVersion(serverPatient('Servidor'), '2'), { ...serverPatient('Fusión'), gender: 'female' }, { ifMatch: '2' });
    await gate.reached;
    await store.update({ ...edited, birthDate: '1990-05-17' });
    gate.release();
    expect((await outcomeOf(() => rebasing)).issue[0]).toMatchObject({ code: 'conflict', expression: ['Patient.meta.versionId'] });
    const read = await store.read('Patient', 'p-1');
    expect([read.name?.[0]?.family, read.birthDate, read.meta.versionId]).toEqual(['Xiloj', '1990-05-17', '3']);
    expect((await store.history('Patient', 'p-1')).length).toBe(3);
  });
});
