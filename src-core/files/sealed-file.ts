// A password-sealed file for a USB drive: offline sync transfers now, backups later. Layout:
//
//   line 1   "CEIBA-<KIND> <format>\n"                         (kind: TRANSFER, BACKUP, …)
//   line 2   header JSON + "\n": KDF salt and iterations, IV, a password verifier, the sealed
//            length, and plain facts the caller chose to show before opening (never patient data)
//   rest     AES-GCM-256 ciphertext of the content, with lines 1–2 as additional data
//
// PBKDF2-HMAC-SHA-256 derives 64 bytes from the password: the first 32 are the AES key, the SHA-256
// of the last 32 is the verifier. The verifier tells a wrong password apart from a modified file
// (both make AES-GCM fail) at no cost to an attacker who already has the ciphertext to test
// guesses against. Every failure is an OutcomeError with a Spanish text for the person holding
// the drive and an English diagnostic for the log.
import { issue, outcome, OutcomeError } from '../fhir/outcome';
import { fromBase64Url, toBase64Url } from '../store/crypto/base64url';

export const SEALED_FILE_FORMAT = 1;
/** OWASP 2023 figure for PBKDF2-HMAC-SHA256, as for the store's key records. */
export const SEALED_FILE_ITERATIONS = 600_000;
export const MIN_SEALED_PASSWORD_LENGTH = 10;
const MAX_ITERATIONS = 10_000_000;
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MAX_HEADER_BYTES = 16 * 1024;

export type SealedFileFailure = 'not-sealed' | 'other-kind' | 'newer-format' | 'corrupt' | 'truncated' | 'wrong-password' | 'tampered' | 'weak-password';

const MESSAGES: Record<SealedFileFailure, string> = {
  'not-sealed': 'El archivo no es un archivo cifrado de Ceiba.',
  'other-kind': 'El archivo es de Ceiba pero no es del tipo esperado.',
  'newer-format': 'El archivo se hizo con una versión más nueva de Ceiba. Actualice Ceiba para abrirlo.',
  corrupt: 'El archivo está dañado y no se puede abrir.',
  truncated: 'El archivo está incompleto (quizá se copió a medias). Cópielo de nuevo.',
  'wrong-password': 'La contraseña del archivo no es correcta.',
  tampered: 'El archivo fue modificado después de crearse y no se puede usar.',
  'weak-password': `La contraseña del archivo debe tener al menos ${String(MIN_SEALED_PASSWORD_LENGTH)} caracteres.`,
};

const CODES: Record<SealedFileFailure, 'invalid' | 'security' | 'not-supported' | 'structure'> = {
  'not-sealed': 'invalid',
  'other-kind': 'invalid',
  'newer-format': 'not-supported',
  corrupt: 'structure',
  truncated: 'structure',
  'wrong-password': 'security',
  tampered: 'security',
  'weak-password': 'invalid',
};

/** An OutcomeError whose first issue's diagnostics start with `sealed-file <failure>`. */
export function sealedFileError(failure: SealedFileFailure, detail: string): OutcomeError {
  return new OutcomeError(outcome([issue(CODES[failure], `sealed-file ${failure}: ${detail}`, { details: MESSAGES[failure] })]));
}

/** Which failure an error from this module is, if it is one. */
export function sealedFileFailure(err: unknown): SealedFileFailure | undefined {
  if (!(err instanceof OutcomeError)) return undefined;
  const match = /^sealed-file ([a-z-]+):/.exec(err.outcome.issue[0]?.diagnostics ?? '');
  const failure = match?.[1];
  return failure !== undefined && failure in MESSAGES ? (failure as SealedFileFailure) : undefined;
}

/** Plain facts shown before the file is opened: counts, dates, device ids — no patient data. */
export type SealedFacts = Readonly<Record<string, string | number>>;

interface Header {
  readonly iterations: number;
  readonly salt: string;
  readonly iv: string;
  readonly verifier: string;
  readonly sealedBytes: number;
  readonly facts: SealedFacts;
}

export interface SealOptions {
  /** Upper-case letters: TRANSFER, BACKUP. */
  readonly kind: string;
  readonly password: string;
  readonly content: Uint8Array;
  readonly facts?: SealedFacts;
  /** Tests pass a low count to stay fast; files keep their own count. */
  readonly iterations?: number;
}

export interface OpenedFile {
  readonly facts: SealedFacts;
  readonly content: Uint8Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

const magic = (kind: string): string => `CEIBA-${kind} `;

async function deriveKeys(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<{ key: CryptoKey; verifier: string }> {
  const subtle = globalThis.crypto.subtle;
  const secret = encoder.encode(password.normalize('NFC'));
  const base = await subtle.importKey('raw', secret, 'PBKDF2', false, ['deriveBits']);
  secret.fill(0);
  const bits = new Uint8Array(await subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, base, 512));
  const key = await subtle.importKey('raw', bits.slice(0, 32), 'AES-GCM', false, ['encrypt', 'decrypt']);
  const verifier = toBase64Url(new Uint8Array(await subtle.digest('SHA-256', bits.slice(32))));
  bits.fill(0);
  return { key, verifier };
}

function concat(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export async function sealFile(options: SealOptions): Promise<Uint8Array<ArrayBuffer>> {
  if (!/^[A-Z]+$/.test(options.kind)) throw new Error(`sealed file kind must be upper-case letters: ${options.kind}`);
  if (options.password.length < MIN_SEALED_PASSWORD_LENGTH) throw sealedFileError('weak-password', 'password shorter than the minimum');
  const iterations = options.iterations ?? SEALED_FILE_ITERATIONS;
  const salt = globalThis.crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const { key, verifier } = await deriveKeys(options.password, salt, iterations);
  const header: Header = {
    iterations,
    salt: toBase64Url(salt),
    iv: toBase64Url(iv),
    verifier,
    sealedBytes: options.content.length + TAG_BYTES,
    facts: options.facts ?? {},
  };
  const head = encoder.encode(`${magic(options.kind)}${String(SEALED_FILE_FORMAT)}\n${JSON.stringify(header)}\n`);
  const sealed = await globalThis.crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: head }, key, new Uint8Array(options.content));
  return concat([head, new Uint8Array(sealed)]);
}

function isHeader(value: unknown): value is Header {
  if (typeof value !== 'object' || value === null) return false;
  const h = value as Record<string, unknown>;
  return (
    Number.isInteger(h.iterations) &&
    typeof h.salt === 'string' &&
    typeof h.iv === 'string' &&
    typeof h.verifier === 'string' &&
    Number.isInteger(h.sealedBytes) &&
    typeof h.facts === 'object' &&
    h.facts !== null &&
    !Array.isArray(h.facts) &&
    Object.values(h.facts).every((v) => typeof v === 'string' || typeof v === 'number')
  );
}

interface Parsed {
  readonly head: Uint8Array<ArrayBuffer>;
  readonly header: Header;
  readonly body: Uint8Array<ArrayBuffer>;
}

function parse(kind: string, bytes: Uint8Array): Parsed {
  const first = bytes.indexOf(0x0a);
  const firstLine = first < 0 ? '' : new TextDecoder().decode(bytes.subarray(0, Math.min(first, 64)));
  if (!firstLine.startsWith('CEIBA-')) throw sealedFileError('not-sealed', 'no CEIBA- magic on the first line');
  if (!firstLine.startsWith(magic(kind))) throw sealedFileError('other-kind', `expected ${kind}, found ${firstLine.split(' ')[0] ?? ''}`);
  const format = Number(firstLine.slice(magic(kind).length));
  if (!Number.isInteger(format) || format < 1) throw sealedFileError('corrupt', 'format number unreadable');
  if (format > SEALED_FILE_FORMAT) throw sealedFileError('newer-format', `format ${String(format)} > ${String(SEALED_FILE_FORMAT)}`);
  const second = bytes.indexOf(0x0a, first + 1);
  if (second < 0) {
    throw bytes.length - first - 1 < MAX_HEADER_BYTES
      ? sealedFileError('truncated', 'header line not terminated')
      : sealedFileError('corrupt', 'header line too long');
  }
  let header: unknown;
  try {
    header = JSON.parse(decoder.decode(bytes.subarray(first + 1, second)));
  } catch {
    throw sealedFileError('corrupt', 'header is not JSON');
  }
  if (!isHeader(header)) throw sealedFileError('corrupt', 'header fields missing or of the wrong type');
  if (header.iterations < 1 || header.iterations > MAX_ITERATIONS) throw sealedFileError('corrupt', 'iteration count out of range');
  const body = bytes.subarray(second + 1);
  if (body.length < header.sealedBytes) throw sealedFileError('truncated', `${String(body.length)} of ${String(header.sealedBytes)} sealed bytes`);
  if (body.length > header.sealedBytes) throw sealedFileError('tampered', `${String(body.length - header.sealedBytes)} bytes past the sealed content`);
  return { head: new Uint8Array(bytes.subarray(0, second + 1)), header, body: new Uint8Array(body) };
}

/** The plain facts of a sealed file, without the password (for "this file holds 412 changes"). */
export function readSealedFacts(kind: string, bytes: Uint8Array): SealedFacts {
  return parse(kind, bytes).header.facts;
}

export async function openSealedFile(kind: string, bytes: Uint8Array, password: string): Promise<OpenedFile> {
  const { head, header, body } = parse(kind, bytes);
  const salt = fromBase64Url(header.salt);
  const iv = fromBase64Url(header.iv);
  if (salt?.length !== SALT_BYTES || iv?.length !== IV_BYTES) throw sealedFileError('corrupt', 'salt or IV of the wrong size');
  const { key, verifier } = await deriveKeys(password, salt, header.iterations);
  if (verifier !== header.verifier) throw sealedFileError('wrong-password', 'password verifier does not match');
  let plain: ArrayBuffer;
  try {
    plain = await globalThis.crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: head }, key, body);
  } catch {
    throw sealedFileError('tampered', 'AES-GCM authentication failed with the right password');
  }
  return { facts: header.facts, content: new Uint8Array(plain) };
}
