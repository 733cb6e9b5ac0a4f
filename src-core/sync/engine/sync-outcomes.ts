// The outcomes the engine itself reports: English diagnostics for logs, Spanish details for the
// person at the health post. Where a transport failure caused it, the transport's issues follow.
import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import type { IssueCode } from '../../fhir/outcome';
import { issue, outcome } from '../../fhir/outcome';

function withCause(code: IssueCode, diagnostics: string, details: string, cause?: OperationOutcome, expression?: string[]): OperationOutcome {
  const first: OperationOutcomeIssue = issue(code, diagnostics, { details, ...(expression === undefined ? {} : { expression }) });
  return outcome([first, ...(cause?.issue ?? [])]);
}

export const loginStopped = (cause: OperationOutcome): OperationOutcome =>
  withCause(
    'login',
    'sync stopped: the central server rejected the credentials',
    'La sincronización se detuvo porque el servidor central no aceptó las credenciales. Revise el usuario, la contraseña o el token en la configuración de sincronización; no se reintentará hasta que cambien.',
    cause,
  );

export const forbiddenStopped = (cause: OperationOutcome): OperationOutcome =>
  withCause(
    'forbidden',
    'sync stopped: the credentials lack permission on the central server',
    'La sincronización se detuvo: las credenciales configuradas no tienen permiso en el servidor central. Pida al administrador que revise los permisos de este puesto.',
    cause,
  );

export const retryLater = (cause: OperationOutcome): OperationOutcome =>
  withCause(
    cause.issue[0]?.code ?? 'transient',
    `sync stopped by a fault that may pass: ${cause.issue[0]?.diagnostics ?? 'unknown'}`,
    'La sincronización no terminó; lo ya enviado y recibido quedó guardado y se reintentará automáticamente.',
    cause,
  );

export const runCancelled = (): OperationOutcome =>
  outcome([issue('incomplete', 'sync cancelled', { details: 'La sincronización fue cancelada; continuará en la próxima.' })]);

export const runBusy = (): OperationOutcome =>
  outcome([issue('lock-error', 'another sync run holds the lock', { severity: 'information', details: 'Ya hay una sincronización en curso.' })]);

export const conflictRecorded = (resourceType: string, id: string, paths: readonly string[]): OperationOutcome =>
  outcome([
    issue('conflict', `${resourceType}/${id}: edited here and on the server; recorded as a conflict`, {
      severity: 'warning',
      expression: paths.length > 0 ? [...paths] : [resourceType],
      details: 'Este registro se modificó aquí y en el servidor central. Elija qué versión conservar en la lista de conflictos.',
    }),
  ]);

export const entryRefused = (resourceType: string, cause: OperationOutcome): OperationOutcome =>
  withCause(
    'processing',
    `${resourceType}: the central server refused this resource; it waits on the needs-attention list`,
    'El servidor central rechazó este registro. Revíselo y corríjalo; los demás registros sí se enviaron.',
    cause,
    [resourceType],
  );

export const remoteRefused = (resourceType: string, cause: OperationOutcome): OperationOutcome =>
  withCause(
    'processing',
    `${resourceType}: a version from the central server failed local validation; it was not stored`,
    'Una versión recibida del servidor central no pasó la validación local y no se guardó.',
    cause,
    [resourceType],
  );

export const noSuchConflict = (resourceType: string, id: string): OperationOutcome =>
  outcome([
    issue('not-found', `no conflict recorded for ${resourceType}/${id}`, {
      expression: [resourceType],
      details: 'No hay un conflicto registrado para este registro; puede que ya se haya resuelto.',
    }),
  ]);
