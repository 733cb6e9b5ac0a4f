// Failures of the session layer as OperationOutcome issues (STYLE §5): English diagnostics,
// Spanish text for the user in details.text. None carries a password or patient data.
import { issue, outcome, OutcomeError, type IssueCode } from '../../src-core/fhir/outcome';

function failure(code: IssueCode, diagnostics: string, text: string, expression?: string): OutcomeError {
  return new OutcomeError(outcome([issue(code, diagnostics, { details: text, ...(expression === undefined ? {} : { expression: [expression] }) })]));
}

export const noProfile = (): OutcomeError =>
  failure(
    'not-found',
    'signed in, but no Practitioner with a PractitionerRole names this local user',
    'Su usuario no tiene datos de personal en este equipo. Pida a un administrador que revise su cuenta.',
  );

export const noPost = (): OutcomeError =>
  failure('not-found', "the user's PractitionerRole names no health post Organization with a Location", 'No se encontraron los datos del puesto de salud en este equipo.');

export const userTaken = (): OutcomeError =>
  failure('duplicate', 'a local user with this name already exists', 'Ya existe un usuario con ese nombre en este equipo.', 'userId');

export const adminOnly = (): OutcomeError =>
  failure('forbidden', 'only an administrator may add users', 'Solo un administrador puede agregar usuarios.');
