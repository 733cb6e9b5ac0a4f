// OperationOutcome factories for the store's own failures: English diagnostics (logs, developers),
// Spanish `details.text` (what the UI shows), FHIRPath `expression` where an element is at fault.
// Diagnostics never carry patient data: ids, types, parameter names and sizes only.
import { issue, outcome, OutcomeError, type IssueCode } from '../fhir/outcome';

function fail(code: IssueCode, diagnostics: string, details: string, expression?: string[]): OutcomeError {
  return new OutcomeError(outcome([issue(code, diagnostics, expression === undefined ? { details } : { details, expression })]));
}

export const notFound = (resourceType: string, id: string): OutcomeError =>
  fail('not-found', `${resourceType}/${id} not found`, 'El registro no existe.');

export const gone = (resourceType: string, id: string): OutcomeError =>
  fail('deleted', `${resourceType}/${id} was deleted`, 'El registro fue eliminado.');

export const versionConflict = (resourceType: string, id: string, expected: string, actual: string): OutcomeError =>
  fail(
    'conflict',
    `${resourceType}/${id}: expected version ${expected}, current is ${actual}`,
    'Otra persona modificó este registro mientras usted lo editaba. Vuelva a abrirlo.',
    [`${resourceType}.meta.versionId`],
  );

export const concurrentWrites = (attempts: number): OutcomeError =>
  fail('lock-error', `gave up after ${attempts} attempts: the same resources kept changing`, 'El registro está ocupado. Intente de nuevo.');

export const notAnObject = (expression: string): OutcomeError =>
  fail('structure', 'a resource must be a JSON object', 'El contenido no es un recurso FHIR.', [expression]);

export const missingResourceType = (expression: string): OutcomeError =>
  fail('required', 'resourceType is missing or not a string', 'Falta el tipo de recurso (resourceType).', [expression]);

export const unknownResourceType = (resourceType: string, expression: string): OutcomeError =>
  fail('not-supported', `unknown resource type "${truncate(resourceType)}"`, 'Tipo de recurso desconocido.', [expression]);

export const invalidId = (expression: string): OutcomeError =>
  fail('invalid', 'id must be 1-64 characters of A-Z, a-z, 0-9, "-" and "."', 'El identificador del registro no es válido.', [expression]);

export const tooLarge = (bytes: number, limit: number, expression: string): OutcomeError =>
  fail(
    'too-long',
    `resource is ${bytes} bytes serialized; the limit is ${limit}`,
    'El registro es demasiado grande. Adjunte archivos grandes por separado.',
    [expression],
  );

export const malformedJson = (message: string): OutcomeError =>
  fail('structure', `malformed JSON: ${message}`, 'El archivo no contiene JSON válido.');

export const invalidBundle = (diagnostics: string, expression: string): OutcomeError =>
  fail('structure', diagnostics, 'El paquete (Bundle) no es válido.', [expression]);

export const unsupportedInBundle = (diagnostics: string, expression: string): OutcomeError =>
  fail('not-supported', diagnostics, 'El paquete contiene una operación no soportada.', [expression]);

export const danglingReference = (reference: string, expression: string): OutcomeError =>
  fail(
    'not-found',
    `reference ${reference} points to no entry of the bundle`,
    'El paquete hace referencia a un registro que no incluye.',
    [expression],
  );

export const storeUnavailable = (diagnostics: string): OutcomeError =>
  fail('exception', diagnostics, 'No se pudo abrir la base de datos local.');

const truncate = (text: string): string => (text.length > 64 ? `${text.slice(0, 64)}…` : text);

export const searchNotSupported = (diagnostics: string): OutcomeError =>
  fail('not-supported', diagnostics, 'La búsqueda usa un criterio que no está disponible.');

export const invalidSearch = (diagnostics: string): OutcomeError =>
  fail('invalid', diagnostics, 'Un criterio de búsqueda no es válido.');

export const unknownVersion = (key: string, versionId: string): OutcomeError =>
  fail('invalid', `${key} has no local version ${versionId} to acknowledge`, 'La sincronización confirmó una versión desconocida.');

/** `message` is the browser's IndexedDB error text, which names no stored data. */
export const storageFailure = (name: string, message = ''): OutcomeError =>
  fail(
    'exception',
    `IndexedDB failed: ${name}${message === '' ? '' : ` (${message})`}`,
    name === 'QuotaExceededError' ? 'El disco está lleno: no se pudo guardar.' : 'No se pudo guardar en la base de datos local.',
  );

export const remoteMismatch = (diagnostics: string, expression: string): OutcomeError =>
  fail('invalid', diagnostics, 'La versión recibida del servidor no corresponde al registro.', [expression]);

export const missingServerVersion = (expression: string): OutcomeError =>
  fail('required', 'a server version needs a non-empty serverVersionId', 'Falta la versión del servidor.', [expression]);

export const invalidSyncState = (diagnostics: string): OutcomeError =>
  fail('invalid', diagnostics, 'El estado de la sincronización no es válido.');

export const invalidSyncRecord = (diagnostics: string, expression: string): OutcomeError =>
  fail('structure', diagnostics, 'El registro de sincronización no es válido.', [expression]);
