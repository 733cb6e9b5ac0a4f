// Consultation drafts in real Chromium: the DraftBox over the browser's own IndexedDB, sealed with
// WebCrypto by the store cipher. What is on disk holds no patient text, a second box (the app after
// a crash and a new sign-in with the same data key) restores the draft, and deleting it removes it.
import { afterEach, describe, expect, it } from 'vitest';
import { emptyConsultationForm } from '../../src-renderer/features/consultations/consultation-form';
import { DraftBox } from '../../src-renderer/features/consultations/draft-box';
import { createTestCipher, randomTestCipherKeys } from '../harness/store-test-cipher';

const DB = `ceiba-borradores-test-${String(Math.random()).slice(2)}`;
const scope = { userId: 'ana.pop', subject: 'new/paciente-9f2a' };
const form = { ...emptyConsultationForm(), reasonText: 'Tos de María Xiloj Tzoc', findings: 'Sibilancias' };

function rows(): Promise<{ key: string; sealed: Uint8Array }[]> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DB);
    open.onerror = () => {
      reject(open.error ?? new Error('open failed'));
    };
    open.onsuccess = () => {
      const db = open.result;
      const req = db.transaction('drafts', 'readonly').objectStore('drafts').getAll();
      req.onsuccess = () => {
        db.close();
        resolve(req.result as { key: string; sealed: Uint8Array }[]);
      };
      req.onerror = () => {
        reject(req.error ?? new Error('getAll failed'));
      };
    };
  });
}

afterEach(async () => {
  await new Promise<void>((resolve) => {
    const req = indexedDB.deleteDatabase(DB);
    req.onsuccess = () => {
      resolve();
    };
    req.onerror = () => {
      resolve();
    };
  });
});

describe('DraftBox in Chromium', () => {
  it('seals drafts at rest and restores them in a new session with the same data key', async () => {
    const keys = randomTestCipherKeys();
    const box = new DraftBox(await createTestCipher(keys), { databaseName: DB });
    await box.save(scope, form, new Date('2025-11-20T15:40:00.000Z'));
    box.close();

    const stored = await rows();
    expect(stored).toHaveLength(1);
    const raw = stored.map((r) => `${r.key}${new TextDecoder('latin1').decode(r.sealed)}`).join('');
    for (const secret of ['María', 'Xiloj', 'Sibilancias', 'ana.pop', 'paciente-9f2a']) expect(raw).not.toContain(secret);

    const afterCrash = new DraftBox(await createTestCipher(keys), { databaseName: DB });
    expect((await afterCrash.load(scope))?.value).toEqual(form);
    await afterCrash.remove(scope);
    expect(await rows()).toEqual([]);
    afterCrash.close();
  });
});
