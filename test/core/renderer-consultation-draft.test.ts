// Consultation drafts (src-renderer/features/consultations/draft-box.ts, draft-autosave.ts) over
// IndexedDB (fake-indexeddb here; test/browser/consultation-draft.test.ts runs the same box in
// Chromium's real IndexedDB): sealed with the session's store cipher, nothing of the patient in
// plain text, per user and per subject, restored after a "restart", deleted on save or discard.
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { DraftAutosaver } from '../../src-renderer/features/consultations/draft-autosave';
import { DraftBox, DRAFT_DATABASE } from '../../src-renderer/features/consultations/draft-box';
import { emptyConsultationForm } from '../../src-renderer/features/consultations/consultation-form';
import { createTestCipher, randomTestCipherKeys } from '../harness/store-test-cipher';

const NAME = 'Juan Xiloj Tzoc';
const form = { ...emptyConsultationForm(), reasonText: `Diarrea de ${NAME}`, notes: 'Regresar el lunes' };
const scope = { userId: 'ana.pop', subject: 'new/paciente-7d1c' };
const at = new Date('2025-11-20T15:40:00.000Z');

/** Every byte stored in the drafts database, as text (what someone reading the disk would see). */
async function rawDatabase(factory: IDBFactory): Promise<string> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = factory.open(DRAFT_DATABASE);
    open.onsuccess = () => {
      resolve(open.result);
    };
    open.onerror = () => {
      reject(open.error ?? new Error('open failed'));
    };
  });
  const rows = await new Promise<unknown[]>((resolve, reject) => {
    const req = db.transaction('drafts', 'readonly').objectStore('drafts').getAll();
    req.onsuccess = () => {
      resolve(req.result);
    };
    req.onerror = () => {
      reject(req.error ?? new Error('getAll failed'));
    };
  });
  db.close();
  return rows
    .map((row) => {
      const { key, sealed } = row as { key: string; sealed: Uint8Array };
      return `${key} ${new TextDecoder('latin1').decode(sealed)}`;
    })
    .join('\n');
}

describe('DraftBox', () => {
  it('seals the draft: the patient text, the user and the patient id are not on disk in plain text; reopening restores it', async () => {
    const keys = randomTestCipherKeys();
    const factory = new IDBFactory();
    const box = new DraftBox(await createTestCipher(keys), { indexedDB: factory });
    await box.save(scope, form, at);
    box.close();

    const raw = await rawDatabase(factory);
    expect(raw.length).toBeGreaterThan(0);
    for (const secret of [NAME, 'Xiloj', 'Diarrea', 'ana.pop', 'paciente-7d1c', 'Regresar']) expect(raw).not.toContain(secret);

    // A new session of the same data key (after a crash and sign-in) gets it back.
    const reopened = new DraftBox(await createTestCipher(keys), { indexedDB: factory });
    expect(await reopened.load(scope)).toEqual({ value: form, savedAt: at.toISOString() });
    reopened.close();
  });

  it('keeps one draft per user and per subject', async () => {
    const box = new DraftBox(await createTestCipher(), { indexedDB: new IDBFactory() });
    await box.save(scope, form, at);
    expect(await box.load({ ...scope, userId: 'rosa.caal' })).toBeUndefined();
    expect(await box.load({ ...scope, subject: 'new/otro-paciente' })).toBeUndefined();
    await box.save({ ...scope, subject: 'edit/enc-1' }, { other: true }, at);
    expect((await box.load(scope))?.value).toEqual(form);
    expect((await box.load({ ...scope, subject: 'edit/enc-1' }))?.value).toEqual({ other: true });
  });

  it('cannot be opened with another data key (another PC or a restored backup with a new key)', async () => {
    const factory = new IDBFactory();
    const box = new DraftBox(await createTestCipher(), { indexedDB: factory });
    await box.save(scope, form, at);
    box.close();
    const stranger = new DraftBox(await createTestCipher(), { indexedDB: factory });
    expect(await stranger.load(scope)).toBeUndefined();
  });

  it('a locked session can neither read nor write drafts', async () => {
    const cipher = await createTestCipher();
    const box = new DraftBox(cipher, { indexedDB: new IDBFactory() });
    await box.save(scope, form, at);
    cipher.lock();
    await expect(box.save(scope, form, at)).rejects.toThrow();
    await expect(box.load(scope)).rejects.toThrow();
  });

  it('remove deletes the draft', async () => {
    const box = new DraftBox(await createTestCipher(), { indexedDB: new IDBFactory() });
    await box.save(scope, form, at);
    await box.remove(scope);
    expect(await box.load(scope)).toBeUndefined();
  });
});

describe('DraftAutosaver', () => {
  it('writes the last of a burst of changes once, and flush writes at once', async () => {
    const box = new DraftBox(await createTestCipher(), { indexedDB: new IDBFactory() });
    const saved: Date[] = [];
    const saver = new DraftAutosaver({ box, scope, now: () => at, delayMs: 60_000, onSaved: (d) => saved.push(d) });
    for (const text of ['D', 'Di', 'Dia', 'Diarrea']) saver.change({ ...form, reasonText: text });
    expect(await box.load(scope)).toBeUndefined(); // still waiting for the pause after typing
    await saver.flush();
    expect(saved).toHaveLength(1);
    expect((await box.load(scope))?.value).toMatchObject({ reasonText: 'Diarrea' });
  });

  it('a removal is never overtaken by an earlier pending write (save, then the draft is gone)', async () => {
    const box = new DraftBox(await createTestCipher(), { indexedDB: new IDBFactory() });
    const saver = new DraftAutosaver({ box, scope, now: () => at, delayMs: 0 });
    saver.change(form);
    const writing = saver.flush();
    saver.change({ ...form, notes: 'después' });
    await saver.remove();
    await writing;
    saver.change({ ...form, notes: 'tras guardar' }); // ignored: the consultation is saved
    await saver.flush();
    expect(await box.load(scope)).toBeUndefined();
  });

  it('reports a failed write and keeps going', async () => {
    const cipher = await createTestCipher();
    const box = new DraftBox(cipher, { indexedDB: new IDBFactory() });
    const errors: unknown[] = [];
    const saver = new DraftAutosaver({ box, scope, now: () => at, onError: (e) => errors.push(e) });
    cipher.lock();
    saver.change(form);
    await saver.flush();
    expect(errors).toHaveLength(1);
  });
});
