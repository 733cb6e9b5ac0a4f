import { describe, expect, it } from 'vitest';
import { OutcomeError } from '../../src-core/fhir/outcome';
import {
  openSealedFile,
  readSealedFacts,
  sealedFileFailure,
  sealFile,
  type SealedFileFailure,
} from '../../src-core/files/sealed-file';

const PASSWORD = 'clave de la memoria USB';
const ITERATIONS = 1_000; // files keep their own count; tests stay fast
const content = new TextEncoder().encode(JSON.stringify({ changes: ['Patient/1', 'Encounter/2'], note: 'ñandú K’iche’' }));

const seal = (overrides: { kind?: string; password?: string; facts?: Record<string, string | number> } = {}): Promise<Uint8Array<ArrayBuffer>> =>
  sealFile({ kind: overrides.kind ?? 'TRANSFER', password: overrides.password ?? PASSWORD, content, facts: overrides.facts ?? { changes: 2, device: 'dev-1' }, iterations: ITERATIONS });

async function failureOf(promise: Promise<unknown>): Promise<{ failure: SealedFileFailure | undefined; spanish: string | undefined }> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(OutcomeError);
    return { failure: sealedFileFailure(err), spanish: (err as OutcomeError).outcome.issue[0]?.details?.text };
  }
  throw new Error('expected a failure');
}

const headerEnd = (bytes: Uint8Array): number => bytes.indexOf(0x0a, bytes.indexOf(0x0a) + 1) + 1;

describe('sealed file', () => {
  it('round-trips the content and shows the plain facts without the password', async () => {
    const bytes = await seal();
    expect(readSealedFacts('TRANSFER', bytes)).toEqual({ changes: 2, device: 'dev-1' });
    const opened = await openSealedFile('TRANSFER', bytes, PASSWORD);
    expect(new TextDecoder().decode(opened.content)).toBe(new TextDecoder().decode(content));
    // The content is not readable in the file.
    expect(new TextDecoder().decode(bytes)).not.toContain('Encounter/2');
  });

  it('two seals of the same content differ (fresh salt and IV)', async () => {
    const [a, b] = await Promise.all([seal(), seal()]);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });

  it('tells a wrong password apart from a modified file', async () => {
    const bytes = await seal();
    const wrong = await failureOf(openSealedFile('TRANSFER', bytes, 'otra clave equivocada'));
    expect(wrong.failure).toBe('wrong-password');
    expect(wrong.spanish).toMatch(/contraseña/);

    const flipped = new Uint8Array(bytes);
    const at = headerEnd(bytes) + 5;
    flipped[at] = (flipped[at] ?? 0) ^ 0x01;
    expect((await failureOf(openSealedFile('TRANSFER', flipped, PASSWORD))).failure).toBe('tampered');
  });

  it('refuses a file whose plain facts were edited', async () => {
    const bytes = await seal({ facts: { changes: 2 } });
    const text = new TextDecoder().decode(bytes.subarray(0, headerEnd(bytes)));
    const edited = new TextEncoder().encode(text.replace('"changes":2', '"changes":3'));
    const forged = new Uint8Array([...edited, ...bytes.subarray(headerEnd(bytes))]);
    expect((await failureOf(openSealedFile('TRANSFER', forged, PASSWORD))).failure).toBe('tampered');
  });

  it('flags every truncation point as incomplete or damaged, never opens it', async () => {
    const bytes = await seal();
    const cuts = [headerEnd(bytes) - 3, headerEnd(bytes), headerEnd(bytes) + 1, bytes.length - 17, bytes.length - 1];
    for (const cut of cuts) {
      const result = await failureOf(openSealedFile('TRANSFER', bytes.subarray(0, cut), PASSWORD));
      expect(['truncated', 'corrupt']).toContain(result.failure);
    }
    expect((await failureOf(openSealedFile('TRANSFER', bytes.subarray(0, bytes.length - 1), PASSWORD))).spanish).toMatch(/incompleto/);
  });

  it('refuses extra bytes appended after the sealed content', async () => {
    const bytes = await seal();
    expect((await failureOf(openSealedFile('TRANSFER', new Uint8Array([...bytes, 0x00]), PASSWORD))).failure).toBe('tampered');
  });

  it('names a file of another kind, a foreign file and a newer format', async () => {
    const backup = await seal({ kind: 'BACKUP' });
    expect((await failureOf(openSealedFile('TRANSFER', backup, PASSWORD))).failure).toBe('other-kind');
    expect((await failureOf(openSealedFile('TRANSFER', new TextEncoder().encode('%PDF-1.7\n...'), PASSWORD))).failure).toBe('not-sealed');
    const bytes = await seal();
    const newer = new Uint8Array(bytes);
    newer.set(new TextEncoder().encode('9'), 'CEIBA-TRANSFER '.length);
    expect((await failureOf(openSealedFile('TRANSFER', newer, PASSWORD))).failure).toBe('newer-format');
  });

  it('refuses a garbled header', async () => {
    const bytes = await seal();
    const garbled = new Uint8Array(bytes);
    garbled[bytes.indexOf(0x0a) + 1] = 0x5b; // "{" → "[": not the header object any more
    expect((await failureOf(openSealedFile('TRANSFER', garbled, PASSWORD))).failure).toBe('corrupt');
  });

  it('will not seal with a short password', async () => {
    expect((await failureOf(seal({ password: 'corta' }))).failure).toBe('weak-password');
  });
});
