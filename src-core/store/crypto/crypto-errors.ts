// The failures of encryption at rest, as OperationOutcome issues (STYLE §5): English diagnostics
// for logs and developers, Spanish text for the user in `details.text`. None of them carries
// patient data, key material, passwords or the associated data of a sealed row.
import type { OperationOutcome } from '@medplum/fhirtypes';
import { issue, outcome, OutcomeError, type IssueCode } from '../../fhir/outcome';

function failure(code: IssueCode, diagnostics: string, text: string): OutcomeError {
  return new OutcomeError(outcome([issue(code, diagnostics, { details: text })]));
}

/**
 * Every operation of a locked session. Code `login` (a kind of `security` in the FHIR issue-type
 * hierarchy: "the client needs to initiate an authentication process") lets the UI send the user
 * to the sign-in screen without matching strings; see `isStoreLocked`.
 */
export const storeLocked = (): OutcomeError =>
  failure('login', 'store locked: the session was locked and its keys dropped; unlock again', 'El expediente está bloqueado. Inicie sesión para continuar.');

export function isStoreLocked(value: OperationOutcome): boolean {
  return value.issue.some((i) => i.code === 'login');
}

export const wrongPassword = (): OutcomeError =>
  failure('security', 'wrong password: the key record could not be unwrapped with the key derived from it', 'Contraseña incorrecta.');

export const unknownUser = (): OutcomeError =>
  failure('not-found', 'no key record for this user on this device', 'No hay ningún usuario con ese nombre en este equipo.');

export const userExists = (): OutcomeError =>
  failure('duplicate', 'a key record for this user already exists', 'Ya existe un usuario con ese nombre en este equipo.');

export const alreadyInitialized = (): OutcomeError =>
  failure('duplicate', 'the key vault already has users: the first user is created only once', 'Este equipo ya tiene usuarios registrados. Pida a uno de ellos que le cree una cuenta.');

export const lastUser = (): OutcomeError =>
  failure('business-rule', 'refusing to remove the last key record: the data key would be lost with it', 'No se puede eliminar al único usuario: los expedientes quedarían inaccesibles.');

export const passwordTooShort = (minLength: number): OutcomeError =>
  failure('invalid', `password shorter than the minimum of ${minLength} characters`, `La contraseña debe tener al menos ${minLength} caracteres.`);

export const invalidUserId = (): OutcomeError =>
  failure('invalid', 'user id must be a non-empty string', 'El nombre de usuario no puede estar vacío.');

/** AES-GCM authentication failed: tampered bytes, the wrong key or the wrong associated data. */
export const sealRejected = (reason: string): OutcomeError =>
  failure('security', `sealed data rejected: ${reason}`, 'Los datos guardados están dañados o fueron alterados y no se pueden abrir.');

export const invalidTokenDomain = (): OutcomeError =>
  failure('invalid', 'token domain must be non-empty and must not contain U+0000 (it separates domain from value)', 'Error interno al preparar la búsqueda.');

export const malformedKeyRecord = (reason: string): OutcomeError =>
  failure('structure', `malformed key record: ${reason}`, 'El registro de la llave de este usuario está dañado.');

export const osProtectionUnavailable = (): OutcomeError =>
  failure('security', 'key record is protected by the OS key store, which this shell does not have', 'Esta llave está protegida por el sistema operativo y solo puede abrirse en la aplicación de escritorio de este equipo.');

export const osUnprotectFailed = (): OutcomeError =>
  failure('security', 'the OS key store could not unprotect the key record (other device or OS account, or a reset key store)', 'No se pudo abrir la llave protegida por el sistema operativo de este equipo.');

export const foreignSession = (): OutcomeError =>
  failure('security', 'the session belongs to another data key than the key records of this vault', 'La sesión no corresponde a este expediente. Inicie sesión de nuevo.');
