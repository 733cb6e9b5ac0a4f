// Handing an unlocked session to the sync worker (src-renderer/sync-worker): the two working keys
// cross a real structured clone (a MessageChannel, the serialization postMessage to a Worker
// uses), the rebuilt session opens what the original sealed and the other way round, its index
// tokens match, and it refuses everything once locked — by itself, or because the main session
// locked and told it to (onSessionLock). Keys that are not the session's working keys are refused.
import { afterEach, describe, expect, it } from 'vitest';
import { OutcomeError } from '../../src-core/fhir/outcome';
import { isStoreLocked } from '../../src-core/store/crypto/crypto-errors';
import type { SharedSessionKeys, VaultSession } from '../../src-core/store/crypto/key-vault';
import { onSessionLock, sessionFromSharedKeys, shareSessionKeys } from '../../src-core/store/crypto/key-vault';
import { rejectionOf, testVault } from '../harness/encryption-vault';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const BODY = '{"resourceType":"Patient","id":"p1","name":[{"family":"Xiloj Tzoc"}]}';
const AAD = 'Patient/p1';
const ANA = { user: 'ana.lopez', password: 'ceiba-Ana-2024' };

const ports: MessagePort[] = [];
afterEach(() => {
  for (const port of ports.splice(0)) port.close();
});

/** Sends a value through a MessageChannel and resolves with what arrives on the other side. */
function throughPostMessage(value: unknown): Promise<unknown> {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  return new Promise((resolve) => {
    port2.onmessage = (event: MessageEvent) => {
      resolve(event.data);
    };
    port1.postMessage(value);
  });
}

async function signedIn(): Promise<VaultSession> {
  const { vault } = testVault();
  return vault.createFirstUser(ANA.user, ANA.password);
}

async function workerSession(main: VaultSession): Promise<VaultSession> {
  return sessionFromSharedKeys(await throughPostMessage(shareSessionKeys(main)));
}

describe('sharing a session with a worker', () => {
  it('shares only non-extractable working keys, which survive structured cloning', async () => {
    const main = await signedIn();
    const shared = shareSessionKeys(main);
    expect(Object.keys(shared).sort()).toEqual(['keyId', 'seal', 'token', 'userId']);
    const arrived = (await throughPostMessage(shared)) as SharedSessionKeys;
    expect(arrived.seal).toBeInstanceOf(CryptoKey);
    expect(arrived.seal).not.toBe(shared.seal);
    expect(arrived.seal.extractable).toBe(false);
    expect(arrived.token.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', arrived.seal)).rejects.toThrow();
    await expect(crypto.subtle.exportKey('raw', arrived.token)).rejects.toThrow();
  });

  it('rebuilds a cipher that opens what the original sealed, and the reverse, with the same tokens', async () => {
    const main = await signedIn();
    const worker = await workerSession(main);
    expect(worker.userId).toBe(ANA.user);
    expect(worker.keyId).toBe(main.keyId);
    expect(worker.locked).toBe(false);

    const sealedByMain = await main.cipher.seal(encoder.encode(BODY), AAD);
    expect(decoder.decode(await worker.cipher.open(sealedByMain, AAD))).toBe(BODY);
    const sealedByWorker = await worker.cipher.seal(encoder.encode(BODY), AAD);
    expect(decoder.decode(await main.cipher.open(sealedByWorker, AAD))).toBe(BODY);
    // The associated data still binds a body to its row on the other side.
    await expect(worker.cipher.open(sealedByMain, 'Patient/p2')).rejects.toThrow();

    expect(await worker.cipher.token('Patient.family', 'xiloj')).toBe(await main.cipher.token('Patient.family', 'xiloj'));
    expect(await worker.cipher.tokens('Patient.given', ['ana', 'maria'])).toEqual(await main.cipher.tokens('Patient.given', ['ana', 'maria']));
  });

  it('a rebuilt session refuses everything after its own lock, while the main session goes on', async () => {
    const main = await signedIn();
    const worker = await workerSession(main);
    const sealed = await main.cipher.seal(encoder.encode(BODY), AAD);
    worker.lock();
    expect(worker.locked).toBe(true);
    expect(isStoreLocked(await rejectionOf(worker.cipher.open(sealed, AAD)))).toBe(true);
    expect(isStoreLocked(await rejectionOf(worker.cipher.seal(encoder.encode(BODY), AAD)))).toBe(true);
    expect(isStoreLocked(await rejectionOf(worker.cipher.token('Patient.family', 'xiloj')))).toBe(true);
    expect(() => shareSessionKeys(worker)).toThrow(/store locked/);
    expect(decoder.decode(await main.cipher.open(sealed, AAD))).toBe(BODY);
  });

  it('locking the main session notifies once, stops sharing, and the notified worker drops its keys', async () => {
    const main = await signedIn();
    const worker = await workerSession(main);
    const sealed = await main.cipher.seal(encoder.encode(BODY), AAD);
    let notified = 0;
    // What the worker host does: on the main session's lock, tell the worker, which locks its session.
    onSessionLock(main, () => {
      notified += 1;
      worker.lock();
    });
    const unsubscribed = onSessionLock(main, () => {
      throw new Error('an unsubscribed listener must not run');
    });
    unsubscribed();

    main.lock();
    main.lock();
    expect(notified).toBe(1);
    expect(() => shareSessionKeys(main)).toThrow(/store locked/);
    expect(isStoreLocked(await rejectionOf(worker.cipher.open(sealed, AAD)))).toBe(true);
    expect(isStoreLocked(await rejectionOf(main.cipher.open(sealed, AAD)))).toBe(true);

    // Subscribing after the lock answers at once: a worker started late is never left unlocked.
    let late = 0;
    onSessionLock(main, () => (late += 1));
    expect(late).toBe(1);
  });

  it('a rebuilt session cannot manage users: it never holds the data key or the password key', async () => {
    const { vault } = testVault();
    const main = await vault.createFirstUser(ANA.user, ANA.password);
    const worker = await workerSession(main);
    expect(isStoreLocked(await rejectionOf(vault.addUser(worker, 'beto.cux', 'ceiba-Beto-2024')))).toBe(true);
    expect(await vault.users()).toEqual([ANA.user]);
  });

  it('refuses what is not a pair of non-extractable working keys', async () => {
    const main = await signedIn();
    const shared = shareSessionKeys(main);
    const extractable = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
    const aesForToken = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    const cases: [unknown, RegExp][] = [
      [null, /not an object/],
      ['keys', /not an object/],
      [{ ...shared, userId: '' }, /userId missing/],
      [{ ...shared, keyId: 7 }, /keyId missing/],
      [{ ...shared, seal: 'raw key bytes' }, /seal is not a CryptoKey/],
      [{ ...shared, seal: extractable }, /seal is extractable/],
      [{ ...shared, seal: shared.token }, /seal is HMAC/],
      [{ ...shared, token: aesForToken }, /token is AES-GCM/],
    ];
    for (const [value, message] of cases) {
      let diagnostics = '';
      try {
        sessionFromSharedKeys(value);
      } catch (err) {
        expect(err).toBeInstanceOf(OutcomeError);
        diagnostics = (err as OutcomeError).outcome.issue[0]?.diagnostics ?? '';
      }
      expect(diagnostics).toMatch(/^shared session keys rejected: /);
      expect(diagnostics).toMatch(message);
    }
  });
});
