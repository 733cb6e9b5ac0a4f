// Writing a new patient: the Patient and the Provenance naming the signed-in user, in one
// transaction (all or nothing, validated against the profiles by the store).
import type { OperationOutcomeIssue, Patient } from '@medplum/fhirtypes';
import { toOutcome } from '../../../../src-core/fhir/outcome';
import type { Clock } from '../../../../src-core/platform/clock';
import type { Ids } from '../../../../src-core/platform/ids';
import type { FhirStore } from '../../../../src-core/store';
import { attributedTransaction, type Attribution } from '../../../session';
import type { PatientField } from './patient-form';

export async function savePatient(
  store: Pick<FhirStore, 'importBundle'>,
  patient: Patient & { id: string },
  attribution: Attribution,
  deps: { readonly ids: Ids; readonly clock: Clock },
): Promise<void> {
  await store.importBundle(attributedTransaction([patient], attribution, deps));
}

// Which form field an element path of the written Patient comes from. The store names the path
// inside the bundle ("Bundle.entry[0].resource.identifier[0]") or in the resource ("Patient.gender").
const PATIENT_ROOT = String.raw`(?:^Patient|^Bundle\.entry\[0\]\.resource)`;
const FIELD_OF_PATH: readonly (readonly [RegExp, PatientField])[] = (
  [
    [String.raw`\.identifier`, 'cui'],
    [String.raw`\.name(?:\[\d+\])?\.given`, 'given'],
    [String.raw`\.name`, 'firstSurname'],
    [String.raw`\.gender`, 'sex'],
    [String.raw`\.birthDate`, 'birthDate'],
    [String.raw`\.address(?:\[\d+\])?\.state`, 'department'],
    [String.raw`\.address(?:\[\d+\])?\.city`, 'locality'],
    [String.raw`\.address`, 'municipality'],
    [String.raw`\.communication`, 'language'],
    [String.raw`\.contact`, 'motherSurnames'],
    [String.raw`\.extension`, 'pueblo'],
  ] as const
).map(([path, field]) => [new RegExp(PATIENT_ROOT + path), field] as const);

export interface SaveProblem {
  /** The Spanish text of the first issue (undefined: none had one). */
  readonly message: string | undefined;
  /** The form field the store blamed, when an issue's expression names one. */
  readonly field: PatientField | undefined;
  /** English, for the log: codes and element paths only. */
  readonly diagnostics: string;
}

/** Reads a failed write's OperationOutcome for the screen and the log. */
export function saveProblem(err: unknown): SaveProblem {
  const issues: OperationOutcomeIssue[] = toOutcome(err).issue;
  const first = issues.find((i) => i.severity === 'error' || i.severity === 'fatal') ?? issues[0];
  let field: PatientField | undefined;
  for (const i of issues) {
    for (const expression of i.expression ?? []) {
      field ??= FIELD_OF_PATH.find(([pattern]) => pattern.test(expression))?.[1];
    }
  }
  return {
    message: first?.details?.text,
    field,
    diagnostics: issues.map((i) => `${i.code}${i.expression === undefined ? '' : ` at ${i.expression.join(',')}`}`).join('; '),
  };
}
